package io.sluice.anchors.flink;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The measured values of one figure, printed as {@code RESULT} lines per run and one {@code SUMMARY} line that
 * benchmarks/cluster-vs-flink.sh reads (the same format as Sluice's twin, benchmarks/.../cluster/Figures.java).
 */
final class ClusterFigures {
    private final String system;
    private final String name;
    private final String unit;
    private final List<Double> values = new ArrayList<>();

    ClusterFigures(String system, String name, String unit) {
        this.system = system;
        this.name = name;
        this.unit = unit;
    }

    void add(double value) {
        values.add(value);
        System.out.printf(Locale.ROOT, "RESULT %s %s run=%d %.1f %s%n", system, name, values.size(), value, unit);
    }

    void printSummary() {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        double median = n == 0 ? Double.NaN
                : n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        double max = n == 0 ? Double.NaN : sorted.get(n - 1);
        System.out.printf(Locale.ROOT, "SUMMARY %s %s median=%.1f max=%.1f n=%d unit=%s%n", system, name, median, max,
                n, unit);
    }
}
