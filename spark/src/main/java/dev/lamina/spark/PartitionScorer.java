package dev.lamina.spark;

import dev.lamina.api.Tensor;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.LongAccumulator;
import org.apache.spark.util.TaskCompletionListener;

import java.lang.System.Logger.Level;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Scores one partition: takes this JVM's compiled model ({@link ExecutorModels}), reads rows lazily in
 * batches of {@link Geometry#batchSize()}, runs each batch as one {@code [n, C, H, W]} call and returns the
 * rows in their order, each with its output (and arg-max) appended. Only a batch is held in memory.
 */
final class PartitionScorer implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private static final System.Logger LOG = System.getLogger(PartitionScorer.class.getName());

    private final ModelKey key;
    private final ModelSource source;
    private final RowInput input;
    private final boolean argMax;
    private final OnMalformed onMalformed;
    private final LongAccumulator malformed;

    PartitionScorer(ModelKey key, ModelSource source, RowInput input, boolean argMax, OnMalformed onMalformed,
                    LongAccumulator malformed) {
        this.key = key;
        this.source = source;
        this.input = input;
        this.argMax = argMax;
        this.onMalformed = onMalformed;
        this.malformed = malformed;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        TaskContext task = TaskContext.get();
        ExecutorModels.Lease lease = ExecutorModels.acquire(key, source);
        if (task != null) {
            // Released when the task ends, even when its consumer stops early (limit) or fails.
            task.addTaskCompletionListener((TaskCompletionListener) t -> lease.close());
        }
        return new Batches(rows, lease, task == null ? 0 : task.partitionId());
    }

    private final class Batches implements Iterator<Row> {
        private final Iterator<Row> in;
        private final ExecutorModels.Lease lease;
        private final int partition;
        private final Geometry g = input.geometry();
        private final Row[] out = new Row[g.batchSize()];
        private final Row[] pending = new Row[g.batchSize()];
        /** For each pending row, its place in the batch's input, or -1 when it is malformed. */
        private final int[] slot = new int[g.batchSize()];
        private long position;
        private int count;
        private int next;
        private boolean loggedMalformed;

        Batches(Iterator<Row> in, ExecutorModels.Lease lease, int partition) {
            this.in = in;
            this.lease = lease;
            this.partition = partition;
        }

        @Override
        public boolean hasNext() {
            if (next < count) {
                return true;
            }
            fill();
            if (count == 0) {
                lease.close();
            }
            return next < count;
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Row r = out[next];
            out[next++] = null;
            return r;
        }

        private void fill() {
            count = 0;
            next = 0;
            if (!in.hasNext()) {
                return;
            }
            float[] x = new float[g.batchSize() * g.inputSize()];
            int valid = 0;
            while (count < g.batchSize() && in.hasNext()) {
                Row row = in.next();
                String problem = input.read(row, x, valid * g.inputSize());
                if (problem == null) {
                    slot[count] = valid++;
                } else {
                    slot[count] = -1;
                    malformed(problem);
                }
                pending[count++] = row;
                position++;
            }
            float[] y = valid == 0 ? new float[0] : forward(x, valid);
            for (int i = 0; i < count; i++) {
                out[i] = append(pending[i], slot[i] < 0 ? null : y, slot[i]);
                pending[i] = null;
            }
        }

        private float[] forward(float[] x, int valid) {
            float[] batch = valid == g.batchSize() ? x : Arrays.copyOf(x, valid * g.inputSize());
            Tensor result = lease.model().forward(Tensor.adopt(g.batch(valid), batch));
            if (result.size() != valid * g.outputSize()) {
                throw new IllegalStateException("the model returned " + result.shape() + " for " + valid
                        + " rows of " + g.outputSize() + " outputs");
            }
            return result.toArray();
        }

        private void malformed(String problem) {
            // position is the row's index from 0 in this partition, in the order the partition is read.
            String where = "partition " + partition + ", row " + position + " (column "
                    + input.name() + "): " + problem;
            if (onMalformed == OnMalformed.FAIL) {
                throw new ScoringException(where + "; set onMalformed to null to emit null for such rows");
            }
            malformed.add(1);
            if (!loggedMalformed) {
                loggedMalformed = true;
                LOG.log(Level.WARNING, () -> "malformed row, scored as null (first in this partition): " + where);
            }
        }

        private Row append(Row row, float[] y, int at) {
            int n = row.length();
            Object[] values = new Object[n + (argMax ? 2 : 1)];
            for (int i = 0; i < n; i++) {
                values[i] = row.get(i);
            }
            if (y != null) {
                int from = at * g.outputSize();
                values[n] = Arrays.copyOfRange(y, from, from + g.outputSize());
                if (argMax) {
                    values[n + 1] = ArgMax.of(y, from, g.outputSize());
                }
            }
            return RowFactory.create(values);
        }
    }
}
