package io.sluice.clustertests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * 10,000 bad job files against a real master's {@code POST /jobs}: truncated, bit-flipped, random bytes, wrong
 * content types, deep nesting, huge strings and arrays, and well-formed jobs with semantic mistakes. Every one is
 * answered 4xx, none 5xx; no job starts; the master's threads and heap are back at their baseline afterwards.
 */
class RestFuzzIT {
    private static final int CASES = 10_000;
    private LocalCluster cluster;

    @AfterEach
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** A job every mutation of which is refused before it starts: its input does not exist. */
    private static final String BASE = """
            {"name": "fuzz", "config": {"restart.strategy": "fixed-delay"}, "operators": [
              {"id": "read", "type": "text-source", "parallelism": 2, "params": {"path": "missing.txt"}},
              {"id": "words", "type": "tokenize", "parallelism": 2},
              {"id": "count", "type": "count", "parallelism": 2},
              {"id": "out", "type": "file-sink", "parallelism": 2, "params": {"path": "out/fuzz"}}],
             "edges": [{"from": "read", "to": "words"}, {"from": "words", "to": "count", "partitioner": "hash"},
              {"from": "count", "to": "out"}]}
            """;

    private static final List<String> SEMANTIC = List.of(
            BASE.replace("\"parallelism\": 2}", "\"parallelism\": 0}"),
            BASE.replace("\"parallelism\": 2}", "\"parallelism\": 1000000}"),
            BASE.replace("\"tokenize\"", "\"tokenise\""),
            BASE.replace("\"fixed-delay\"", "\"no-such-restart\""),
            BASE.replace("{\"from\": \"count\", \"to\": \"out\"}", "{\"from\": \"count\", \"to\": \"read\"}"),
            BASE.replace("\"to\": \"out\"}", "\"to\": \"nowhere\"}"),
            BASE.replace("missing.txt", "/etc/passwd"),
            BASE.replace("missing.txt", "../../../../etc/passwd"),
            BASE.replace("\"name\": \"fuzz\"", "\"name\": \"\""),
            BASE.replace("\"operators\"", "\"operators\": [], \"x\""));

    static byte[] mutate(Random random, int i) {
        byte[] base = BASE.getBytes(StandardCharsets.UTF_8);
        switch (i % 8) {
            case 0 -> {
                return java.util.Arrays.copyOf(base, random.nextInt(base.length));
            }
            case 1 -> {
                byte[] flipped = base.clone();
                for (int bits = 1 + random.nextInt(8); bits > 0; bits--) {
                    flipped[random.nextInt(flipped.length)] ^= (byte) (1 << random.nextInt(8));
                }
                return flipped;
            }
            case 2 -> {
                byte[] noise = new byte[random.nextInt(4096)];
                random.nextBytes(noise);
                return noise;
            }
            case 3 -> {
                int depth = 1 + random.nextInt(200_000);
                String open = random.nextBoolean() ? "[" : "{\"a\":";
                return (BASE.substring(0, BASE.length() - 2) + ", \"config\": " + open.repeat(depth))
                        .getBytes(StandardCharsets.UTF_8);
            }
            case 4 -> {
                return BASE.replace("\"fuzz\"", "\"" + "é".repeat(1 + random.nextInt(1_500_000)) + "\"")
                        .getBytes(StandardCharsets.UTF_8);
            }
            case 5 -> {
                StringBuilder edges = new StringBuilder("[");
                for (int e = random.nextInt(200_000); e > 0; e--) {
                    edges.append("{\"from\": \"read\", \"to\": \"words\"},");
                }
                return BASE.replaceFirst("\"edges\": \\[", "\"edges\": " + edges).getBytes(StandardCharsets.UTF_8);
            }
            default -> {
                return SEMANTIC.get(random.nextInt(SEMANTIC.size())).getBytes(StandardCharsets.UTF_8);
            }
        }
    }

    private static final List<String> TYPES = List.of("application/json", "application/json; charset=utf-8",
            "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "");

    @Test
    void tenThousandFuzzedJobFilesAreAllRefusedWith4xxAndTheMasterIsBackAtItsBaseline() throws Exception {
        cluster = LocalCluster.create("rest-fuzz");
        int restPort = LocalCluster.freePort();
        Path jobs = Files.createDirectories(cluster.home().resolve("jobs"));
        cluster.configure("io.sluice.rest.cfg", "rest.port = " + restPort + "\nio.allowed-dirs = " + jobs + "\n");
        cluster.startMaster();
        cluster.startWorker("w1", 2);
        String master = "http://localhost:" + restPort;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        await("the REST API").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> http.send(HttpRequest.newBuilder(URI.create(master + "/overview")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
        long pid = cluster.pid("master");
        long[] baseline = MasterJvm.threadsAndHeap(pid);

        long seed = Long.getLong("sluice.fuzz.seed", System.nanoTime());
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        List<String> fiveHundreds = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            int client = c;
            done.add(clients.submit(() -> {
                Random random = new Random(seed + client);
                for (int i = client; i < CASES; i += 4) {
                    byte[] body = mutate(random, i);
                    String type = i % 8 == 7 ? TYPES.get(random.nextInt(TYPES.size())) : "application/json";
                    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(master + "/jobs"))
                            .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
                    if (!type.isEmpty()) {
                        request.header("Content-Type", type);
                    }
                    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                    statuses.computeIfAbsent(response.statusCode(), s -> new AtomicInteger()).incrementAndGet();
                    if (response.statusCode() >= 500 || response.statusCode() < 400) {
                        fiveHundreds.add("case " + i + " (seed " + seed + "): " + response.statusCode() + " "
                                + response.body());
                    }
                    assertThat(response.body()).startsWith("{\"errors\":[").doesNotContain("\tat ");
                }
                return null;
            }));
        }
        for (Future<?> client : done) {
            client.get(5, TimeUnit.MINUTES);
        }
        clients.shutdown();
        System.out.println("REST fuzz, seed " + seed + ": " + new TreeMap<>(statuses));
        assertThat(fiveHundreds).as("answers other than 4xx").isEmpty();

        HttpResponse<String> jobsNow = http.send(HttpRequest.newBuilder(URI.create(master + "/jobs")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(jobsNow.body()).isEqualTo("{\"jobs\":[]}");
        await("threads and heap back at the baseline").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    long[] now = MasterJvm.threadsAndHeap(pid);
                    assertThat(now[0]).as("threads (baseline %d)", baseline[0]).isLessThanOrEqualTo(baseline[0] + 16); // the server's idle pool threads
                    assertThat(now[1]).as("heap used after a GC (baseline %d)", baseline[1])
                            .isLessThanOrEqualTo(baseline[1] + (32L << 20));
                });
    }
}
