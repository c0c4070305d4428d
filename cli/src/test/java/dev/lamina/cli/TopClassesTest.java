package dev.lamina.cli;

import dev.lamina.api.Shape;
import dev.lamina.api.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TopClassesTest {
    @Test
    void bestFirstPerSampleWithSoftmaxProbabilitiesTiesByIndexNanLast() {
        Tensor y = Tensor.of(Shape.of(2, 4), new float[] {1f, 3f, Float.NaN, 3f, 0f, 0f, 0f, 0f});
        String s = TopClasses.format("fc", y, 3);
        // sample 0: 3 and 3 tie (class 1 before 3), then 1; NaN last
        assertEquals("""
                top 3 of sample 0 (4 classes):
                  1. class 1  score 3.00000  p NaN
                  2. class 3  score 3.00000  p NaN
                  3. class 0  score 1.00000  p NaN
                top 3 of sample 1 (4 classes):
                  1. class 0  score 0.00000  p 0.2500
                  2. class 1  score 0.00000  p 0.2500
                  3. class 2  score 0.00000  p 0.2500
                """, s);
    }

    @Test
    void moreThanTheClassesShowsThemAll() {
        Tensor y = Tensor.of(Shape.of(1, 2), new float[] {-1f, 1f});
        String s = TopClasses.format("fc", y, 5);
        assertEquals("""
                top 2 of sample 0 (2 classes):
                  1. class 1  score 1.00000  p 0.8808
                  2. class 0  score -1.00000  p 0.1192
                """, s);
    }

    @Test
    void anImageOutputIsRefused() {
        Tensor y = Tensor.zeros(Shape.of(1, 2, 3, 3));
        assertEquals("--top needs an [N, classes] output, but conv gives [1, 2, 3, 3]",
                assertThrows(UsageException.class, () -> TopClasses.format("conv", y, 5)).getMessage());
    }
}
