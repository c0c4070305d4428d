package dev.lamina.conformance.cases;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Where the case lists of this package meet: every case, in report order. Use {@code ConformanceSuite}. */
public final class KitCases {
    private KitCases() {
    }

    /**
     * Canary, notebook, layers, random, whole models; a new list of new cases each call (fixtures are built
     * lazily, once per case).
     *
     * @throws IllegalStateException when two cases share an id
     */
    public static List<ConformanceCase> all() {
        List<ConformanceCase> l = new ArrayList<>();
        l.add(ModelCases.canary());
        l.addAll(NotebookCases.all());
        l.addAll(LayerCases.all());
        l.addAll(RandomCases.all());
        l.addAll(ModelCases.all());
        Set<String> ids = new HashSet<>();
        for (ConformanceCase c : l) {
            if (!ids.add(c.id())) {
                throw new IllegalStateException("duplicate case id " + c.id());
            }
        }
        return List.copyOf(l);
    }
}
