package dev.lamina.conformance;

import dev.lamina.api.Conv2d;
import dev.lamina.core.BackendRegistry;
import dev.lamina.spi.Availability;
import dev.lamina.spi.Backend;
import dev.lamina.spi.BackendProvider;

import java.util.List;

/** Registries for the kit's own tests: the reference backend, broken variants, and misconfigurations. */
final class Backends {
    private Backends() {
    }

    static BackendRegistry registry(ReferenceBackend... backends) {
        return BackendRegistry.of(java.util.Arrays.stream(backends).map(ReferenceBackend::provider).toList());
    }

    static ReferenceBackend reference() {
        return new ReferenceBackend();
    }

    static ReferenceBackend transposedKernel() {
        return reference().withId("transposed-kernel")
                .withKernel("conv2d", n -> BrokenKernels.conv(n, true, false));
    }

    static ReferenceBackend droppedBias() {
        return reference().withId("dropped-bias").withKernel("conv2d", n -> BrokenKernels.conv(n, false, true));
    }

    static ReferenceBackend poolOffByOne() {
        return reference().withId("pool-off-by-one").withKernel("maxpool2d", BrokenKernels::maxPoolOffByOne);
    }

    static ReferenceBackend overflowingSoftmax() {
        return reference().withId("naive-softmax").withKernel("softmax", BrokenKernels::naiveSoftmax);
    }

    static ReferenceBackend nanSwallowingRelu() {
        return reference().withId("relu-nan").withKernel("relu", BrokenKernels::reluSwallowingNaN);
    }

    static ReferenceBackend sharedScratch() {
        return reference().withId("shared-scratch").withKernel("dense", BrokenKernels::denseSharedScratch);
    }

    static ReferenceBackend throwing() {
        return reference().withId("throwing").withKernel("tanh", n -> (batch, in, out) -> {
            throw new IllegalStateException("tanh kernel exploded");
        });
    }

    /** Supports everything but average pooling. */
    static ReferenceBackend noAvgPool() {
        return reference().withId("no-avgpool").refusing(n -> n.layer().type().equals("avgpool2d"),
                "average pooling is not implemented");
    }

    /** Supports convolutions only without dilation. */
    static ReferenceBackend noDilation() {
        return reference().withId("no-dilation").refusing(n -> n.layer() instanceof Conv2d c
                && (c.dilation().h() > 1 || c.dilation().w() > 1), "dilation is not implemented");
    }

    /** Claims conv2d (strided ones) but refuses the plain stride-1 form. */
    static ReferenceBackend stridedConvOnly() {
        return reference().withId("strided-only").refusing(n -> n.layer() instanceof Conv2d c
                && c.stride().h() == 1 && c.stride().w() == 1, "only strided convolutions");
    }

    /** A provider named 'impostor' whose backends are really the reference backend. */
    static BackendRegistry impostor() {
        return BackendRegistry.of(List.of(ReferenceBackend.provider("impostor", ReferenceBackend::new)));
    }

    /** A provider that is never available here. */
    static BackendRegistry unavailable() {
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
