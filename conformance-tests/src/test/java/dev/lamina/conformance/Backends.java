package dev.lamina.conformance;

import dev.lamina.api.Conv2d;
import dev.lamina.conformance.reference.ReferenceBackend;
import dev.lamina.core.BackendRegistry;
import dev.lamina.spi.Availability;
import dev.lamina.spi.Backend;
import dev.lamina.spi.BackendProvider;

import java.util.List;

/** Registries for the kit's own tests: the reference backend, broken variants, and misconfigurations. */
public final class Backends {
    private Backends() {
    }

    public static BackendRegistry registry(ReferenceBackend... backends) {
        return BackendRegistry.of(java.util.Arrays.stream(backends).map(ReferenceBackend::provider).toList());
    }

    public static ReferenceBackend reference() {
        return new ReferenceBackend();
    }

    public static ReferenceBackend transposedKernel() {
        return reference().withId("transposed-kernel")
                .withKernel("conv2d", n -> BrokenKernels.conv(n, true, false));
    }

    public static ReferenceBackend droppedBias() {
        return reference().withId("dropped-bias").withKernel("conv2d", n -> BrokenKernels.conv(n, false, true));
    }

    public static ReferenceBackend poolOffByOne() {
        return reference().withId("pool-off-by-one").withKernel("maxpool2d", BrokenKernels::maxPoolOffByOne);
    }

    public static ReferenceBackend overflowingSoftmax() {
        return reference().withId("naive-softmax").withKernel("softmax", BrokenKernels::naiveSoftmax);
    }

    public static ReferenceBackend nanSwallowingRelu() {
        return reference().withId("relu-nan").withKernel("relu", BrokenKernels::reluSwallowingNaN);
    }

    public static ReferenceBackend sharedScratch() {
        return reference().withId("shared-scratch").withKernel("dense", BrokenKernels::denseSharedScratch);
    }

    public static ReferenceBackend throwing() {
        return reference().withId("throwing").withKernel("tanh", n -> (batch, in, out) -> {
            throw new IllegalStateException("tanh kernel exploded");
        });
    }

    /** Supports everything but average pooling. */
    public static ReferenceBackend noAvgPool() {
        return reference().withId("no-avgpool").refusing(n -> n.layer().type().equals("avgpool2d"),
                "average pooling is not implemented");
    }

    /** Supports convolutions only without dilation. */
    public static ReferenceBackend noDilation() {
        return reference().withId("no-dilation").refusing(n -> n.layer() instanceof Conv2d c
                && (c.dilation().h() > 1 || c.dilation().w() > 1), "dilation is not implemented");
    }

    /** Claims conv2d (strided ones) but refuses the plain stride-1 form. */
    public static ReferenceBackend stridedConvOnly() {
        return reference().withId("strided-only").refusing(n -> n.layer() instanceof Conv2d c
                && c.stride().h() == 1 && c.stride().w() == 1, "only strided convolutions");
    }

    /** A provider named 'impostor' whose backends are really the reference backend. */
    public static BackendRegistry impostor() {
        return BackendRegistry.of(List.of(ReferenceBackend.provider("impostor", ReferenceBackend::new)));
    }

    /** A provider that is never available here. */
    public static BackendRegistry unavailable() {
        return BackendRegistry.of(List.of(new BackendProvider() {
            @Override
            public String id() {
                return "gpu";
            }

            @Override
            public int priority() {
                return 30;
            }

            @Override
            public Availability probe() {
                return Availability.unavailable("no GPU on this machine");
            }

            @Override
            public Backend create() {
                throw new AssertionError("never created");
            }
        }));
    }
}
