package dev.lamina.backend.tornadovm;

import dev.lamina.spi.Executable;
import dev.lamina.spi.Graph;

import java.util.concurrent.locks.ReentrantLock;

/**
 * {@link NetworkContract} with every network split as finely as it goes — a task graph per step — and
 * run as {@link SplitJavaPlan} runs graphs: each with its own device memory, values crossing only as the partition
 * declares. Every value is compared with backend-cpu, so a crossing the partition forgets, or a fetch from the
 * wrong graph, fails here.
 */
class SplitHostNetworkTest extends NetworkContract {
    @Override
    Executable compile(Graph graph) {
        return new NetworkExecutable(new Network(graph),
                (network, batch) -> new SplitJavaPlan(network, batch, network.partition(GraphPartition.Budget.ONE_STEP)),
                new ReentrantLock(), "the JVM (a graph per step)", e -> { });
    }
}
