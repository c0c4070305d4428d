import ai.onnxruntime.*;
import dev.lamina.api.*;
import dev.lamina.core.*;
import dev.lamina.core.io.*;
import java.nio.*;
import java.nio.file.*;
import java.util.*;

/** ResNet-18 on blas and on ONNX Runtime (input tensor made once over a direct buffer), alternating rounds. */
public class R18 {
    public static void main(String[] a) throws Exception {
        int batch = Integer.parseInt(a[0]);
        int rounds = Integer.parseInt(a[1]);
        int iters = Integer.parseInt(a[2]);
        int threads = Integer.getInteger("lamina.blas.threads", 1);
        Path dir = Path.of(System.getProperty("dir", "target/resnet18"));
        Model m = ModelFile.read(dir.resolve("resnet18.json"));
        Weights w = Safetensors.readWeights(dir.resolve("resnet18.safetensors"), m);
        try (CompiledModel cm = Lamina.compile(m, w, "blas")) {
            Tensor x2 = Npy.read(dir.resolve("x.npy"));
            Tensor y2 = Npy.read(dir.resolve("y.npy"));
            float[] got = cm.forward(x2).toArray();
            double d = 0, my = 0;
            for (int i = 0; i < got.length; i++) {
                d = Math.max(d, Math.abs(got[i] - y2.at(i)));
                my = Math.max(my, Math.abs(y2.at(i)));
            }
            System.out.printf("vs PyTorch (batch 2): max|diff| %.3g, bound %.3g%n", d, 5e-4 * Math.max(1, my));
            Random r = new Random(1);
            float[] xv = new float[batch * 3 * 224 * 224];
            for (int i = 0; i < xv.length; i++) xv[i] = (float) r.nextGaussian();
            Tensor x = Tensor.of(Shape.of(batch, 3, 224, 224), xv);
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            OrtSession.SessionOptions so = new OrtSession.SessionOptions();
            so.setIntraOpNumThreads(threads);
            so.setInterOpNumThreads(1);
            try (OrtSession s = env.createSession(dir.resolve("resnet18-b" + batch + ".onnx").toString(), so)) {
                FloatBuffer fb = ByteBuffer.allocateDirect(xv.length * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
                fb.put(xv).rewind();
                OnnxTensor in = OnnxTensor.createTensor(env, fb, new long[] {batch, 3, 224, 224});
                float[] ortOut = new float[batch * 1000];
                Runnable ort = () -> {
                    try (OrtSession.Result res = s.run(Map.of("input", in))) {
                        ((OnnxTensor) res.get(0)).getFloatBuffer().get(ortOut);
                    } catch (OrtException e) {
                        throw new RuntimeException(e);
                    }
                };
                float[][] lam = new float[1][];
                Runnable lamina = () -> lam[0] = cm.forward(x).toArray();
                for (int i = 0; i < 3; i++) { ort.run(); lamina.run(); }
                double md = 0;
                for (int i = 0; i < ortOut.length; i++) md = Math.max(md, Math.abs(ortOut[i] - lam[0][i]));
                System.out.printf("vs ONNX Runtime (batch %d): max|diff| %.3g%n", batch, md);
                double[] tl = new double[rounds], to = new double[rounds];
                for (int k = 0; k < rounds; k++) {
                    tl[k] = time(lamina, iters);
                    to[k] = time(ort, iters);
                }
                Arrays.sort(tl);
                Arrays.sort(to);
                double ml = tl[rounds / 2], mo = to[rounds / 2];
                System.out.printf("resnet18 b%d threads %d: blas %.2f ms [%.2f–%.2f], ORT %.2f ms [%.2f–%.2f], ratio %.2f%n",
                        batch, threads, ml, tl[0], tl[rounds - 1], mo, to[0], to[rounds - 1], ml / mo);
            }
        }
    }

    static double time(Runnable r, int n) {
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) r.run();
        return (System.nanoTime() - t0) / 1e6 / n;
    }
}
