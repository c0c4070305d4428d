package dev.lamina.conformance.cases;

import dev.lamina.api.AvgPool2d;
import dev.lamina.api.Conv2d;
import dev.lamina.api.Dense;
import dev.lamina.api.Dims2;
import dev.lamina.api.Padding;
import dev.lamina.api.Flatten;
import dev.lamina.api.Layer;
import dev.lamina.api.MaxPool2d;
import dev.lamina.api.ReLU;
import dev.lamina.api.Sigmoid;
import dev.lamina.api.Softmax;
import dev.lamina.api.Tanh;
import dev.lamina.core.Model;
import dev.lamina.core.SequentialBuilder;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded random cases: shapes and parameters drawn from {@link Random} with fixed seeds, compared with the
 * reference implementation. Small shapes keep the suite fast; the number of draws is what explores the
 * parameter space. A case's id carries its seed, so a failure replays from the id alone.
 */
final class RandomCases {
    static final long SEED = 0x1A31AL;
    static final int CONVS = 16;
    static final int POOLS = 10;
    static final int DENSES = 6;
    static final int NETWORKS = 8;

    private RandomCases() {
    }

    static List<ConformanceCase> all() {
        List<ConformanceCase> l = new ArrayList<>();
        for (int i = 0; i < CONVS; i++) {
            l.add(conv(i, SEED + i));
        }
        for (int i = 0; i < POOLS; i++) {
            l.add(pool(i, SEED + 100 + i));
        }
        for (int i = 0; i < DENSES; i++) {
            l.add(dense(i, SEED + 200 + i));
        }
        for (int i = 0; i < NETWORKS; i++) {
            l.add(network(i, SEED + 300 + i));
        }
        return l;
    }

    private static String id(String kind, int i, long seed) {
        return String.format("random/%s-%02d-seed-%d", kind, i, seed);
    }

    private static int between(Random r, int lo, int hi) {
        return lo + r.nextInt(hi - lo + 1);
    }

    /** The smallest input size that gives at least one output, plus a random margin. */
    private static int size(Random r, int kernel, int dilation, int pad) {
        int effective = dilation * (kernel - 1) + 1;
        return Math.max(1, effective - 2 * pad) + r.nextInt(6);
    }

    static ConformanceCase conv(int i, long seed) {
        Random r = new Random(seed);
        int c = between(r, 1, 4), f = between(r, 1, 5);
        int kh = between(r, 1, 4), kw = between(r, 1, 4);
        int sh = between(r, 1, 3), sw = between(r, 1, 3);
        int dh = between(r, 1, 2), dw = between(r, 1, 2);
        int ph = r.nextInt(3), pw = r.nextInt(3);
        boolean bias = r.nextBoolean();
        int h = size(r, kh, dh, ph), w = size(r, kw, dw, pw);
        int batch = between(r, 1, 3);
        Conv2d layer = new Conv2d(f, Dims2.of(kh, kw), Dims2.of(sh, sw), Padding.of(ph, pw), Dims2.of(dh, dw), 1, bias);
        String title = String.format("conv %d→%d k%d×%d s%d×%d p%d×%d d%d×%d%s on %d×%d, batch %d (seed %d)",
                c, f, kh, kw, sh, sw, ph, pw, dh, dw, bias ? "" : " no bias", h, w, batch, seed);
        String id = id("conv2d", i, seed);
        return new ConformanceCase(id, Rule.RANDOM_CONV2D, title, Requirement.optional(),
                ModelCheck.reference(Fixtures.layer(id, layer, batch, seed, c, h, w)));
    }

    static ConformanceCase pool(int i, long seed) {
        Random r = new Random(seed);
        boolean max = r.nextBoolean();
        int kh = between(r, 1, 4), kw = between(r, 1, 4);
        int sh = between(r, 1, 3), sw = between(r, 1, 3);
        int ph = r.nextInt(kh / 2 + 1), pw = r.nextInt(kw / 2 + 1);
        int c = between(r, 1, 3);
        int h = size(r, kh, 1, ph), w = size(r, kw, 1, pw);
        int batch = between(r, 1, 3);
        Dims2 k = Dims2.of(kh, kw), s = Dims2.of(sh, sw), p = Dims2.of(ph, pw);
        Layer layer = max ? new MaxPool2d(k, s, Padding.of(p), Dims2.of(1), false) : new AvgPool2d(k, s, Padding.of(p), false, true);
        String title = String.format("%s pool k%d×%d s%d×%d p%d×%d on %d×%d×%d, batch %d (seed %d)",
                max ? "max" : "average", kh, kw, sh, sw, ph, pw, c, h, w, batch, seed);
        String id = id(max ? "maxpool" : "avgpool", i, seed);
        return new ConformanceCase(id, Rule.RANDOM_POOL, title, Requirement.optional(),
                ModelCheck.reference(Fixtures.layer(id, layer, batch, seed, c, h, w)));
    }

    static ConformanceCase dense(int i, long seed) {
        Random r = new Random(seed);
        int features = between(r, 1, 300), units = between(r, 1, 16);
        boolean bias = r.nextBoolean();
        int batch = between(r, 1, 4);
        String title = String.format("dense %d→%d%s, batch %d (seed %d)", features, units, bias ? "" : " no bias",
                batch, seed);
        String id = id("dense", i, seed);
        return new ConformanceCase(id, Rule.RANDOM_DENSE, title, Requirement.optional(),
                ModelCheck.reference(Fixtures.layer(id, Dense.of(units).withBias(bias), batch, seed, features)));
    }

    /** conv → activation → (pool) → conv → activation → flatten → dense → (softmax or sigmoid). */
    static ConformanceCase network(int i, long seed) {
        Random r = new Random(seed);
        int c = between(r, 1, 3), h = between(r, 6, 12), w = between(r, 6, 12);
        int batch = between(r, 1, 4);
        String id = id("network", i, seed);
        StringBuilder title = new StringBuilder(String.format("%d×%d×%d", c, h, w));
        SequentialBuilder b = Model.sequential(id, c, h, w);
        int[] hw = {h, w};
        for (int block = 1; block <= 2; block++) {
            int pad = r.nextInt(2);
            int k = between(r, 1, Math.min(3, Math.min(hw[0], hw[1]) + 2 * pad));
            int filters = between(r, 2, 6);
            b.add("conv" + block, Conv2d.of(filters, k, k).withPadding(pad, pad).withBias(r.nextBoolean()));
            hw[0] = hw[0] + 2 * pad - k + 1;
            hw[1] = hw[1] + 2 * pad - k + 1;
            title.append(String.format(" → conv %d %d×%d p%d", filters, k, k, pad));
            Layer act = activation(r);
            b.add(act.type() + block, act);
            title.append(" → ").append(act.type());
            if (hw[0] >= 4 && hw[1] >= 4 && r.nextBoolean()) {
                boolean max = r.nextBoolean();
                b.add("pool" + block, max ? MaxPool2d.of(2, 2) : AvgPool2d.of(2, 2));
                hw[0] /= 2;
                hw[1] /= 2;
                title.append(max ? " → max pool 2×2" : " → avg pool 2×2");
            }
        }
        int units = between(r, 1, 8);
        b.add("flat", new Flatten()).add("dense", Dense.of(units));
        title.append(" → flatten → dense ").append(units);
        int head = r.nextInt(3);
        if (head == 1) {
            b.add("softmax", new Softmax());
            title.append(" → softmax");
        } else if (head == 2) {
            b.add("sigmoid", new Sigmoid());
            title.append(" → sigmoid");
        }
        title.append(String.format(", batch %d (seed %d)", batch, seed));
        Model m = b.build();
        return new ConformanceCase(id, Rule.RANDOM_NETWORK, title.toString(), Requirement.optional(),
                ModelCheck.reference(Fixtures.model(() -> m, batch, seed)));
    }

    private static Layer activation(Random r) {
        return switch (r.nextInt(3)) {
            case 0 -> new ReLU();
            case 1 -> new Tanh();
            default -> new Sigmoid();
        };
    }
}
