package dev.lamina.core;

import dev.lamina.api.BatchNorm2d;
import dev.lamina.api.Conv2d;
import dev.lamina.api.ParamInit;
import dev.lamina.api.ReLU;
import dev.lamina.api.Shape;
import dev.lamina.api.Tensor;
import dev.lamina.core.examples.NotebookExample;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WeightsTest {
    private final Model model = NotebookExample.model(true);

    private Weights pytorch() {
        return Weights.builder(model)
                .set("conv1", WeightLayout.PYTORCH, NotebookExample.convWeightOihw(), NotebookExample.convBias())
                .set("dense2", WeightLayout.PYTORCH, NotebookExample.denseWeight(), NotebookExample.denseBias())
                .build();
    }

    /** The notebook's Keras arrays: W_conv = Win.transpose(2, 3, 1, 0), W_dense = arange(12).reshape(12, 1). */
    @Test
    void kerasLayoutConvertsToTheSameWeights() {
        float[] hwio = new float[12];
        for (int o = 0; o < 3; o++) {
            for (int y = 0; y < 2; y++) {
                for (int x = 0; x < 2; x++) {
                    hwio[(y * 2 + x) * 3 + o] = NotebookExample.convWeightOihw()[(o * 2 + y) * 2 + x];
                }
            }
        }
        assertArrayEquals(new float[] {1, 5, 9, 2, 6, 10, 3, 7, 11, 4, 8, 12}, hwio);
        Weights keras = Weights.builder(model).setAll(WeightLayout.KERAS, List.of(
                Tensor.of(Shape.of(2, 2, 1, 3), hwio), Tensor.of(Shape.of(3), NotebookExample.convBias()),
                Tensor.of(Shape.of(12, 1), NotebookExample.denseWeight()), Tensor.of(Shape.of(1), NotebookExample.denseBias())))
                .build();
        assertEquals(pytorch().toStateDict(), keras.toStateDict());
        assertArrayEquals(hwio, keras.get("conv1", "weight", WeightLayout.KERAS).toArray());
        assertEquals(Shape.of(2, 2, 1, 3), keras.get("conv1", "weight", WeightLayout.KERAS).shape());
    }

    @Test
    void wrongShapesNameTheLayerAndBothShapes() {
        ModelException e = assertThrows(ModelException.class, () -> Weights.builder(model)
                .set("conv1", "weight", Tensor.zeros(Shape.of(2, 2, 1, 3))));
        assertEquals("conv1: weight expected shape [3, 1, 2, 2] (PyTorch layout), got [2, 2, 1, 3]", e.getMessage());
        ModelException k = assertThrows(ModelException.class, () -> Weights.builder(model)
                .set("dense2", "weight", WeightLayout.KERAS, Tensor.zeros(Shape.of(1, 12))));
        assertEquals("dense2: weight expected shape [12, 1] (keras layout), got [1, 12]", k.getMessage());
        ModelException flat = assertThrows(ModelException.class, () -> Weights.builder(model)
                .set("dense2", WeightLayout.PYTORCH, new float[20], new float[1]));
        assertEquals("dense2: weight expected 12 values for [1, 12] (pytorch layout), got 20", flat.getMessage());
    }

    @Test
    void missingExtraAndUnknownParametersAreErrors() {
        assertEquals("notebook: weights missing for [dense2.weight [1, 12], dense2.bias [1]]",
                assertThrows(ModelException.class, () -> Weights.builder(model)
                        .set("conv1", WeightLayout.PYTORCH, NotebookExample.convWeightOihw(), NotebookExample.convBias()).build())
                        .getMessage());
        assertEquals("relu1: has no parameter weight (it has no parameters)", assertThrows(ModelException.class,
                () -> Weights.builder(model).set("relu1", "weight", Tensor.zeros(Shape.of(1)))).getMessage());
        Map<String, Tensor> sd = new LinkedHashMap<>(pytorch().toStateDict());
        sd.put("dense3.weight", Tensor.zeros(Shape.of(1)));
        assertEquals("tensors [dense3.weight] match no parameter of notebook; expected "
                + "[conv1.weight, conv1.bias, dense2.weight, dense2.bias]",
                assertThrows(ModelException.class, () -> Weights.fromStateDict(model, sd)).getMessage());
        assertEquals("notebook: expected 4 tensors [conv1.weight, conv1.bias, dense2.weight, dense2.bias], got 1",
                assertThrows(ModelException.class, () -> Weights.builder(model)
                        .setAll(WeightLayout.KERAS, List.of(Tensor.zeros(Shape.of(1))))).getMessage());
    }

    @Test
    void stateDictRoundTripsAndRandomIsDeterministic() {
        Weights w = pytorch();
        assertEquals(w.toStateDict(), Weights.fromStateDict(model, w.toStateDict()).toStateDict());
        assertEquals(Weights.random(model, 7).toStateDict(), Weights.random(model, 7).toStateDict());
        Weights noBias = Weights.random(NotebookExample.model(false), 1);
        assertEquals(List.of("conv1.weight", "dense2.weight"), List.copyOf(noBias.toStateDict().keySet()));
    }

    @Test
    void randomDrawsEachParameterInTheRangeItsLayerGives() {
        Weights w = Weights.random(model, 3);
        for (LayerNode n : model.layers()) {
            for (Map.Entry<String, Tensor> e : w.of(n.name()).entrySet()) {
                ParamInit init = n.layer().initialisation(e.getKey(), n.parameterShapes());
                float[] v = e.getValue().toArray();
                double min = Double.MAX_VALUE;
                double max = -Double.MAX_VALUE;
                for (float x : v) {
                    min = Math.min(min, x);
                    max = Math.max(max, x);
                }
                String at = n.name() + "." + e.getKey();
                assertTrue(min >= init.low() && max <= init.high(), at + ": [" + min + ", " + max + "] outside " + init);
                // conv1: fan_in 1·2·2 = 4, so ±0.5; dense2: fan_in 12.
                assertTrue(v.length < 3 || max - min > 0.3 * (init.high() - init.low()), at + " barely spread");
            }
        }
        assertEquals(ParamInit.symmetric(0.5), model.layer("conv1").layer().initialisation("bias",
                model.layer("conv1").parameterShapes()));
        assertEquals(ParamInit.symmetric(1 / Math.sqrt(12)), model.layer("dense2").layer().initialisation("weight",
                model.layer("dense2").parameterShapes()));
    }

    private static Model convBn() {
        return Model.sequential("conv-bn", 3, 6, 6)
                .add("conv", Conv2d.of(8, 3, 3).withBias(false))
                .add("bn", BatchNorm2d.of())
                .add("relu", new ReLU())
                .build();
    }

    @Test
    void batchNormIsDrawnLikeTrainedStatisticsNeverANegativeVariance() {
        Model m = convBn();
        Weights w = Weights.random(m, 11);
        Map<String, Tensor> bn = w.of("bn");
        assertEquals(List.of("weight", "bias", "running_mean", "running_var"), List.copyOf(bn.keySet()));
        for (float v : bn.get("running_var").toArray()) {
            assertTrue(v >= 0.5f && v <= 1.5f, "running_var " + v);
        }
        for (float v : bn.get("weight").toArray()) {
            assertTrue(v >= 0.5f && v <= 1.5f, "weight " + v);
        }
        for (float v : bn.get("running_mean").toArray()) {
            assertTrue(Math.abs(v) <= 0.2f, "running_mean " + v);
        }
    }

    @Test
    void summaryCountsRunningStatisticsAsNonTrainable() {
        Summary s = convBn().summary();
        // conv 8·3·3·3 = 216; bn: weight and bias 16 trainable, running_mean and running_var 16 not
        assertEquals(216 + 32, s.totalParams());
        assertEquals(216 + 16, s.trainableParams());
        assertTrue(s.toString().contains("Non-trainable params: 16\n"), s.toString());
        assertTrue(s.toString().contains("bn (BatchNormalization)"), s.toString());
    }
}
