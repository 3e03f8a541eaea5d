package io.sluice.clustertests;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.job.JobGraph;
import io.sluice.client.JobCompiler;
import io.sluice.client.JobFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The jobs the cluster tests run, compiled as the CLI compiles job files, and what their output must be. */
final class ClusterJobs {
    private static final Pattern PAIR = Pattern.compile("\\(?\\s*([^,\\s()]+)\\s*,\\s*(-?\\d+)\\s*\\)?");

    private ClusterJobs() {
    }

    /**
     * The sums of 1..{@code to} by {@code x % 100} into {@code out}: source and pairing chained, the sum behind a
     * hash exchange, all in one shared slot; region failover, 3 restarts 100 ms apart.
     */
    static JobGraph sums(long to, Path out) {
        return JobCompiler.compile(JobFiles.parse("""
                {"name": "sums", "config": {"scheduler": "pipelined-region", "failover": "region",
                  "restart": {"strategy": "fixed-delay", "attempts": 3, "delay": "100ms"}},
                 "operators": [
                   {"id": "numbers", "type": "sequence-source", "parallelism": 1, "params": {"from": 1, "to": %d}},
                   {"id": "pair", "type": "to-pair", "parallelism": 1, "params": {"keys": 100}},
                   {"id": "sum", "type": "sum", "parallelism": 1},
                   {"id": "out", "type": "file-sink", "parallelism": 1, "params": {"path": "%s"}}],
                 "edges": [{"from": "numbers", "to": "pair", "partitioner": "forward", "exchange": "pipelined"},
                   {"from": "pair", "to": "sum", "partitioner": "hash", "exchange": "pipelined"},
                   {"from": "sum", "to": "out", "partitioner": "forward", "exchange": "pipelined"}]}
                """.formatted(to, out), "sums.json"), null);
    }

    /**
     * {@link #sums} with every operator of parallelism {@code parallelism} and the hash exchange of kind
     * {@code exchange} ({@code pipelined} or {@code blocking}): spread over several workers, most of its channels
     * cross from one worker process to another.
     */
    static JobGraph wideSums(int parallelism, long to, Path out, String exchange) {
        return JobCompiler.compile(JobFiles.parse("""
                {"name": "wide-sums", "config": {"scheduler": "pipelined-region", "failover": "region",
                  "restart": {"strategy": "fixed-delay", "attempts": 3, "delay": "100ms"}},
                 "operators": [
                   {"id": "numbers", "type": "sequence-source", "parallelism": %1$d, "params": {"from": 1, "to": %2$d}},
                   {"id": "pair", "type": "to-pair", "parallelism": %1$d, "params": {"keys": 100}},
                   {"id": "sum", "type": "sum", "parallelism": %1$d},
                   {"id": "out", "type": "file-sink", "parallelism": %1$d, "params": {"path": "%3$s"}}],
                 "edges": [{"from": "numbers", "to": "pair", "partitioner": "forward", "exchange": "pipelined"},
                   {"from": "pair", "to": "sum", "partitioner": "hash", "exchange": "%4$s"},
                   {"from": "sum", "to": "out", "partitioner": "forward", "exchange": "pipelined"}]}
                """.formatted(parallelism, to, out, exchange), "wide-sums.json"), null);
    }

    /** What {@link #sums} must write. */
    static Map<Long, Long> expectedSums(long to) {
        Map<Long, Long> expected = new HashMap<>();
        for (long x = 1; x <= to; x++) {
            expected.merge(x % 100, x, Long::sum);
        }
        return expected;
    }

    /** A source that never ends into a sink that keeps nothing: one task, one slot, until cancelled. */
    static JobGraph endless() {
        return endless(1);
    }

    /** {@link #endless()} with {@code parallelism} tasks, one slot each. */
    static JobGraph endless(int parallelism) {
        return JobCompiler.compile(JobFiles.parse("""
                {"name": "endless", "config": {"restart": {"strategy": "fixed-delay", "attempts": 3, "delay": "100ms"}},
                 "operators": [
                   {"id": "numbers", "type": "sequence-source", "parallelism": %d,
                    "params": {"from": 1, "to": 9000000000000000000}},
                   {"id": "out", "type": "discard-sink", "parallelism": %d}],
                 "edges": [{"from": "numbers", "to": "out", "partitioner": "forward", "exchange": "pipelined"}]}
                """.formatted(parallelism, parallelism), "endless.json"), null);
    }

    /**
     * {@code maps} identity tasks between a source of 1..{@code to} and a discard sink, chaining off: many tasks to
     * deploy into one shared slot.
     */
    static JobGraph chain(int maps, long to) {
        StringBuilder operators = new StringBuilder("""
                {"id": "src", "type": "sequence-source", "parallelism": 1, "params": {"from": 1, "to": %d}}"""
                .formatted(to));
        StringBuilder edges = new StringBuilder();
        String previous = "src";
        for (int i = 1; i <= maps + 1; i++) {
            String id = i <= maps ? "map" + i : "out";
            operators.append(",\n{\"id\": \"").append(id).append("\", \"type\": \"")
                    .append(i <= maps ? "identity" : "discard-sink").append("\", \"parallelism\": 1}");
            edges.append(edges.isEmpty() ? "" : ",\n").append("{\"from\": \"").append(previous)
                    .append("\", \"to\": \"").append(id).append("\", \"partitioner\": \"forward\"}");
            previous = id;
        }
        return JobCompiler.compile(JobFiles.parse("""
                {"name": "chain", "config": {"chaining": false, "scheduler": "pipelined-region", "failover": "region",
                  "restart": {"strategy": "fixed-delay", "attempts": 3, "delay": "100ms"}},
                 "operators": [%s],
                 "edges": [%s]}
                """.formatted(operators, edges), "chain.json"), null);
    }

    /** {@code (key, count)} lines of every committed part, by key. */
    @SuppressWarnings("unchecked")
    static <K> Map<K, Long> readCounts(Path directory) throws Exception {
        Map<Object, Long> counts = new HashMap<>();
        try (Stream<Path> parts = Files.list(directory)) {
            for (Path part : parts.filter(p -> p.getFileName().toString().startsWith("part-")).toList()) {
                for (String line : Files.readAllLines(part, StandardCharsets.UTF_8)) {
                    Matcher pair = PAIR.matcher(line);
                    assertThat(pair.matches()).as("line '%s' of %s", line, part).isTrue();
                    Object key = pair.group(1).matches("-?\\d+") ? (Object) Long.valueOf(pair.group(1)) : pair.group(1);
                    assertThat(counts.put(key, Long.valueOf(pair.group(2)))).as("key %s twice", key).isNull();
                }
            }
        }
        return (Map<K, Long>) counts;
    }
}
