package dev.lamina.backend.blas;

import dev.lamina.api.Conv2d;
import dev.lamina.api.Dims2;
import dev.lamina.api.Padding;
import dev.lamina.api.MaxPool2d;
import dev.lamina.api.Shape;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which lowering a conv gets, from its geometry and epilogue alone (the numbers are checked in BlasBackendTest). */
class LoweringChoiceTest {

    static ConvGeometry geometry(Conv2d c, Shape in) {
        return new ConvGeometry(c, in, c.outputShape("conv", List.of(in)));
    }

    @Test
    void winogradForThreeByThreeStrideOneWithEnoughChannels() {
        assertTrue(WinogradLowering.fits(geometry(Conv2d.of(64, 3, 3), Shape.of(64, 56, 56))));
        assertFalse(WinogradLowering.fits(geometry(Conv2d.of(64, 3, 3), Shape.of(4, 56, 56))), "4 input channels");
        assertFalse(WinogradLowering.fits(geometry(Conv2d.of(64, 3, 3).withDilation(2, 2), Shape.of(64, 56, 56))));
        assertFalse(WinogradLowering.fits(geometry(new Conv2d(64, Dims2.of(3), Dims2.of(2), Padding.of(0), Dims2.of(1), 1,
                true), Shape.of(64, 56, 56))), "stride 2");
    }

    @Test
    void parityForAStrideOneConvFusedWithATwoByTwoPool() {
        ConvGeometry lenet1 = geometry(Conv2d.of(6, 5, 5), Shape.of(1, 28, 28));
        Epilogue pooled = new Epilogue(true, MaxPool2d.of(2, 2), 12, 12);
        assertTrue(ParityLowering.fits(lenet1, pooled));
        assertFalse(ParityLowering.fits(lenet1, new Epilogue(true, null, 24, 24)), "no pool");
        assertFalse(ParityLowering.fits(lenet1, new Epilogue(true, MaxPool2d.of(3, 3), 8, 8)), "3×3 pool");
    }

    @Test
    void geometryIsTheConvsOwn() {
        ConvGeometry g = geometry(new Conv2d(8, Dims2.of(3, 2), Dims2.of(1), Padding.of(2, 1), Dims2.of(2, 1), 1, true),
                Shape.of(3, 13, 11));
        assertEquals(3 * 3 * 2, g.k());
        assertEquals(13 + 4, g.hp());
        assertEquals(11 + 2, g.wp());
        assertEquals(3 * 13 * 11, g.inputSample());
        assertThrows(IllegalArgumentException.class,
                () -> new ConvGeometry(Conv2d.of(8, 3, 3), Shape.of(3, 13, 11), Shape.of(8, 13, 11)));
    }
}
