package dev.lamina.spi.helpers;

import dev.lamina.api.Conv2d;
import dev.lamina.api.Flatten;
import dev.lamina.api.ReLU;
import dev.lamina.api.Shape;
import dev.lamina.api.Tanh;
import dev.lamina.api.Tensor;
import dev.lamina.spi.Node;
import dev.lamina.spi.Support;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LayerTableTest {
    private static final Shape IMG = Shape.of(1, 3, 3);

    static Node relu(String name) {
        return new Node(name, new ReLU(), List.of("input"), List.of(IMG), IMG, Map.of());
    }

    static Node flatten(String name) {
        return new Node(name, new Flatten(), List.of("input"), List.of(IMG), Shape.of(9), Map.of());
    }

    static Node conv(String name, Conv2d withBias) {
        Conv2d c = withBias.withBias(false);
        Shape out = c.outputShape(name, List.of(IMG));
        Map<String, Tensor> params = Map.of("weight", Tensor.of(Shape.of(c.filters(), 1, c.kernel().h(),
                c.kernel().w()), new float[c.filters() * c.kernel().h() * c.kernel().w()]));
        return new Node(name, c, List.of("input"), List.of(IMG), out, params);
    }

    @Test
    void registeredTypeIsSupportedAndBuiltByItsFactory() {
        LayerTable<String> t = LayerTable.<String>of("mine").register(ReLU.class, "relu kernel");
        assertSame(Support.yes(), t.supports(relu("r1")));
        assertEquals("relu kernel", t.factory(relu("r1")));
        assertFalse(t.isView(relu("r1")));
        assertEquals(Set.of(ReLU.class), t.types());
    }

    @Test
    void unregisteredTypeIsUnsupportedWithAReasonNamingTheBackendAndType() {
        LayerTable<String> t = LayerTable.<String>of("mine").register(Tanh.class, "tanh");
        Support s = t.supports(relu("r1"));
        assertFalse(s.supported());
        assertEquals("mine has no kernel for layer type relu", s.reason());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.factory(relu("r1")));
        assertEquals("r1: mine has no kernel for layer type relu", e.getMessage());
    }

    @Test
    void registeringATypeTwiceFails() {
        LayerTable<String> t = LayerTable.<String>of("mine").register(ReLU.class, "a");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.register(ReLU.class, "b"));
        assertEquals("mine: layer type ReLU is registered twice", e.getMessage());
        // a view and a kernel for one type is a duplicate too
        assertThrows(IllegalStateException.class, () -> t.registerView(ReLU.class));
        assertEquals("a", t.factory(relu("r1")), "the first registration stays");
    }

    @Test
    void checkDeclinesSomeParametersWithItsReason() {
        LayerTable<String> t = LayerTable.<String>of("mine").register(Conv2d.class,
                (conv, node) -> conv.dilation().h() == 1 ? Support.yes()
                        : Support.no("dilation " + conv.dilation() + " is not implemented"),
                "conv kernel");
        Node plain = conv("c1", Conv2d.of(2, 2, 2));
        Node dilated = conv("c2", Conv2d.of(2, 1, 1).withDilation(2, 2));
        assertTrue(t.supports(plain).supported());
        assertEquals("conv kernel", t.factory(plain));
        Support s = t.supports(dilated);
        assertFalse(s.supported());
        assertEquals("dilation [2, 2] is not implemented", s.reason());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.factory(dilated));
        assertEquals("c2: " + s.reason(), e.getMessage());
    }

    @Test
    void viewIsSupportedAndHasNothingToBuild() {
        LayerTable<String> t = LayerTable.<String>of("mine").registerView(Flatten.class);
        Node flat = flatten("flat");
        assertTrue(t.supports(flat).supported());
        assertTrue(t.isView(flat));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.factory(flat));
        assertEquals("flat: flatten is a view in mine, it has nothing to build", e.getMessage());
    }

    @Test
    void viewThatWouldChangeTheNumberOfValuesIsUnsupported() {
        // a conv is no view: registered as one by mistake, it is declined, never run as a copy
        LayerTable<String> t = LayerTable.<String>of("mine").registerView(Conv2d.class);
        Node c = conv("c1", Conv2d.of(2, 2, 2));
        Support s = t.supports(c);
        assertFalse(s.supported());
        assertEquals("mine treats conv2d as a view, which needs one input of the output's size; got [[1, 3, 3]]"
                + " → [2, 2, 2]", s.reason());
    }

    @Test
    void ownerIsReadWhenAReasonIsWritten() {
        String[] id = {null};
        LayerTable<String> t = LayerTable.of(() -> id[0]);
        id[0] = "late";
        assertEquals("late has no kernel for layer type relu", t.supports(relu("r1")).reason());
    }
}
