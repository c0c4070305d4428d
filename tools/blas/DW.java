import dev.lamina.api.*;
import dev.lamina.core.*;
import java.util.*;

/** MobileNetV2's depthwise convs (3×3, + BN + ReLU6) on blas: the direct kernel against a GEMM per group. */
public class DW {
    public static void main(String[] a) {
        int batch = Integer.parseInt(a[0]);
        int rounds = Integer.parseInt(a[1]);
        int[][] layers = {{32, 112, 1}, {96, 112, 2}, {144, 56, 1}, {144, 56, 2}, {192, 28, 1}, {192, 28, 2},
                {384, 14, 1}, {576, 14, 1}, {576, 14, 2}, {960, 7, 1}};
        double sd = 0, sg = 0;
        for (int[] l : layers) {
            int c = l[0], hw = l[1], s = l[2];
            Model m = Model.sequential("dw", c, hw, hw)
                    .add("dw", Conv2d.of(c, 3, 3).withStride(s, s).withPadding(1, 1).withGroups(c).withBias(false))
                    .add("bn", BatchNorm2d.of()).add("relu6", Hardtanh.relu6()).build();
            Weights w = Weights.random(m, 1);
            Random r = new Random(2);
            float[] xv = new float[batch * c * hw * hw];
            for (int i = 0; i < xv.length; i++) xv[i] = (float) r.nextGaussian();
            Tensor x = Tensor.of(Shape.of(batch, c, hw, hw), xv);
            System.clearProperty("lamina.blas.depthwiseGemm");
            CompiledModel direct = Lamina.compile(m, w, "blas");
            System.setProperty("lamina.blas.depthwiseGemm", "true");
            CompiledModel gemm = Lamina.compile(m, w, "blas");
            System.clearProperty("lamina.blas.depthwiseGemm");
            float[] y1 = direct.forward(x).toArray(), y2 = gemm.forward(x).toArray();
            double diff = 0;
            for (int i = 0; i < y1.length; i++) diff = Math.max(diff, Math.abs(y1[i] - y2[i]));
            int iters = Math.max(3, 2_000_000 / (batch * c * hw * hw / (s * s)));
            for (int i = 0; i < iters; i++) { direct.forward(x); gemm.forward(x); }
            double[] td = new double[rounds], tg = new double[rounds];
            for (int k = 0; k < rounds; k++) {
                td[k] = time(direct, x, iters);
                tg[k] = time(gemm, x, iters);
            }
            Arrays.sort(td);
            Arrays.sort(tg);
            double md = td[rounds / 2], mg = tg[rounds / 2];
            sd += md;
            sg += mg;
            System.out.printf("dw %4d×%3d×%3d s%d b%d: direct %8.3f ms, GEMM per group %8.3f ms, GEMM/direct %.2f (max|diff| %.2g)%n",
                    c, hw, hw, s, batch, md, mg, mg / md, diff);
            direct.close();
            gemm.close();
        }
        System.out.printf("all ten, b%d: direct %.2f ms, GEMM per group %.2f ms, GEMM/direct %.2f%n", batch, sd, sg, sg / sd);
    }

    static double time(CompiledModel m, Tensor x, int n) {
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) m.forward(x);
        return (System.nanoTime() - t0) / 1e6 / n;
    }
}
