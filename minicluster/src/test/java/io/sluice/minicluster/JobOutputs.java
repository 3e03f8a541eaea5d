package io.sluice.minicluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/** What the tests' jobs wrote, and what they should have written. */
final class JobOutputs {
    private JobOutputs() {
    }

    /**
     * The {@code (key, value)} lines a file-sink committed under {@code dir}: every file must be a committed part
     * (no leftovers of failed attempts), and every key appears once.
     */
    static Map<String, Long> pairs(Path dir) throws IOException {
        Map<String, Long> pairs = new HashMap<>();
        try (Stream<Path> parts = Files.list(dir)) {
            for (Path part : parts.toList()) {
                assertThat(part.getFileName().toString()).startsWith("part-");
                for (String line : Files.readAllLines(part)) {
                    String[] kv = line.substring(1, line.length() - 1).split(", ");
                    assertThat(pairs.put(kv[0], Long.parseLong(kv[1]))).as("key %s twice", kv[0]).isNull();
                }
            }
        }
        return pairs;
    }

    /** The final sums of {@code sequence-source from..to → to-pair(keys) → sum}. */
    static Map<String, Long> keyedSums(long from, long to, int keys) {
        Map<String, Long> sums = new HashMap<>();
        for (long x = from; x <= to; x++) {
            sums.merge(Long.toString(x % keys), x, Long::sum);
        }
        return sums;
    }
}
