package io.sluice.registry.internal;

import io.sluice.registry.StrategyKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.osgi.framework.Version;

/**
 * The registered strategy services, grouped by kind and name, best provider first. Writers (service
 * events) serialise on the table and publish a new immutable snapshot; readers never lock.
 */
final class StrategyTable {

    /** One registered strategy service. */
    record Entry(StrategyKind<?> kind, String name, Object service, String bundleSymbolicName, Version bundleVersion,
            long bundleId, long serviceId, int ranking) {
    }

    /** Preference among providers of one name: newest bundle version, then highest ranking, then oldest service. */
    static final Comparator<Entry> PREFERENCE = Comparator.comparing(Entry::bundleVersion).reversed()
            .thenComparing(Comparator.comparingInt(Entry::ranking).reversed())
            .thenComparingLong(Entry::serviceId);

    private volatile Map<StrategyKind<?>, Map<String, List<Entry>>> snapshot = Map.of();

    /** Adds the entry and returns the best provider of its name before the change, if any. */
    synchronized Optional<Entry> add(Entry entry) {
        Optional<Entry> before = best(entry.kind(), entry.name());
        Map<StrategyKind<?>, Map<String, List<Entry>>> next = copy();
        List<Entry> providers = next.computeIfAbsent(entry.kind(), k -> new TreeMap<>())
                .computeIfAbsent(entry.name(), n -> new ArrayList<>());
        providers.add(entry);
        providers.sort(PREFERENCE);
        snapshot = next;
        return before;
    }

    /** Removes the service and returns its entry, or empty if it was not registered. */
    synchronized Optional<Entry> remove(StrategyKind<?> kind, long serviceId) {
        Map<StrategyKind<?>, Map<String, List<Entry>>> next = copy();
        Optional<Entry> removed = removeFrom(next, kind, serviceId);
        if (removed.isPresent()) {
            snapshot = next;
        }
        return removed;
    }

    /**
     * Puts the entry in place of whatever the same service was registered as, in one published snapshot:
     * a reader sees the service under its old name and ranking or under its new ones, never without it.
     */
    synchronized Change replace(Entry entry) {
        Map<StrategyKind<?>, Map<String, List<Entry>>> before = snapshot;
        Map<StrategyKind<?>, Map<String, List<Entry>>> next = copy();
        Optional<Entry> previous = removeFrom(next, entry.kind(), entry.serviceId());
        List<Entry> providers = next.computeIfAbsent(entry.kind(), k -> new TreeMap<>())
                .computeIfAbsent(entry.name(), n -> new ArrayList<>());
        providers.add(entry);
        providers.sort(PREFERENCE);
        snapshot = next;
        return new Change(entry, previous, before, next);
    }

    /**
     * One {@link #replace}: the service's entry before it (empty if the service was not registered) and the
     * tables on either side of it, so the providers a name had and has are compared without racing later writes.
     */
    record Change(Entry entry, Optional<Entry> previous, Map<StrategyKind<?>, Map<String, List<Entry>>> before,
            Map<StrategyKind<?>, Map<String, List<Entry>>> after) {

        Optional<Entry> bestBefore(String name) {
            return best(before, entry.kind(), name);
        }

        Optional<Entry> bestAfter(String name) {
            return best(after, entry.kind(), name);
        }
    }

    private static Optional<Entry> removeFrom(Map<StrategyKind<?>, Map<String, List<Entry>>> table,
            StrategyKind<?> kind, long serviceId) {
        Map<String, List<Entry>> byName = table.get(kind);
        if (byName == null) {
            return Optional.empty();
        }
        for (Map.Entry<String, List<Entry>> providers : byName.entrySet()) {
            for (Entry entry : providers.getValue()) {
                if (entry.serviceId() == serviceId) {
                    providers.getValue().remove(entry);
                    if (providers.getValue().isEmpty()) {
                        byName.remove(providers.getKey());
                    }
                    return Optional.of(entry);
                }
            }
        }
        return Optional.empty();
    }

    Optional<Entry> best(StrategyKind<?> kind, String name) {
        return best(snapshot, kind, name);
    }

    private static Optional<Entry> best(Map<StrategyKind<?>, Map<String, List<Entry>>> table, StrategyKind<?> kind,
            String name) {
        List<Entry> providers = table.getOrDefault(kind, Map.of()).get(name);
        return providers == null || providers.isEmpty() ? Optional.empty() : Optional.of(providers.get(0));
    }

    /** The registered names of the kind, sorted. */
    List<String> names(StrategyKind<?> kind) {
        return List.copyOf(snapshot.getOrDefault(kind, Map.of()).keySet());
    }

    /** Providers of every name of the kind, sorted by name, best first within a name. */
    Map<String, List<Entry>> byName(StrategyKind<?> kind) {
        return snapshot.getOrDefault(kind, Map.of());
    }

    /** A deep copy to modify; the published snapshot is never changed in place. */
    private Map<StrategyKind<?>, Map<String, List<Entry>>> copy() {
        Map<StrategyKind<?>, Map<String, List<Entry>>> next = new HashMap<>();
        snapshot.forEach((kind, byName) -> {
            Map<String, List<Entry>> names = new TreeMap<>();
            byName.forEach((name, entries) -> names.put(name, new ArrayList<>(entries)));
            next.put(kind, names);
        });
        return next;
    }
}
