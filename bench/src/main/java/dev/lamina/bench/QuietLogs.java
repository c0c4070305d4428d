package dev.lamina.bench;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The bench's output is its table, not the library's INFO lines: {@code dev.lamina} logs warnings only. One
 * exception, asked for by name: with {@code -Dlamina.blas.stepTimes=true} the blas plans' step-time tables
 * (logged at INFO when a plan closes) still print.
 */
final class QuietLogs {
    /** Held so the levels stick (java.util.logging keeps loggers weakly). */
    private static final Logger LAMINA = Logger.getLogger("dev.lamina");
    private static final Logger BLAS_PLAN = Logger.getLogger("dev.lamina.backend.blas.BlasPlan");

    private QuietLogs() {
    }

    static void apply() {
        LAMINA.setLevel(Level.WARNING);
        BLAS_PLAN.setLevel(Boolean.getBoolean("lamina.blas.stepTimes") ? Level.INFO : null);
    }
}
