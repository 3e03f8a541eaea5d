package io.sluice.clustertests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The master's REST API and the CLI over it, on real processes: a {@code sluice master} with its REST port and
 * two {@code sluice worker}s, jobs submitted with {@code sluice submit} and plain HTTP.
 */
class RestApiIT {
    private static final String TOKEN = "it-token-" + System.nanoTime();
    private static final ObjectMapper JSON = new ObjectMapper();

    private LocalCluster cluster;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String master;
    private Path jobs;

    @AfterEach
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private void start() throws Exception {
        cluster = LocalCluster.create("rest");
        int restPort = LocalCluster.freePort();
        jobs = Files.createDirectories(cluster.home().resolve("jobs"));
        cluster.configure("io.sluice.rest.cfg", "rest.port = " + restPort + "\nrest.auth.token = " + TOKEN
                + "\nio.allowed-dirs = " + jobs + "\n");
        cluster.startMaster();
        cluster.startWorker("w1", 2);
        cluster.startWorker("w2", 2);
        master = "http://localhost:" + restPort;
        await("the REST API").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .ignoreExceptions().until(() -> get("/overview").statusCode() == 200);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(master + path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String type, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(master + path)).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (type != null) {
            request.header("Content-Type", type);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    /** examples/wordcount.json with its input copied into the allowed folder. */
    private Path wordCountFile() throws Exception {
        Path examples = Path.of(System.getProperty("sluice.examples.dir"));
        Files.createDirectories(jobs.resolve("data"));
        Files.copy(examples.resolve("data/hamlet.txt"), jobs.resolve("data/hamlet.txt"));
        Path file = jobs.resolve("wordcount.json");
        Files.copy(examples.resolve("wordcount.json"), file);
        return file;
    }

    @Test
    void submitWaitFollowsAWordCountAcrossTwoWorkersToFinishedAndTheCommandsShowIt() throws Exception {
        start();
        Path file = wordCountFile();
        JsonNode overview = json(get("/overview"));
        assertThat(overview.get("workers").asInt()).isEqualTo(2);
        assertThat(overview.get("slots-total").asInt()).isEqualTo(4);

        LocalCluster.Run submitted = cluster.run(Map.of("SLUICE_REST_TOKEN", TOKEN), "submit", file.toString(),
                "--wait", "--master", master);
        assertThat(submitted.status()).as(submitted.output()).isZero();
        assertThat(submitted.output()).contains("Job 'wordcount' (").contains("submitted to " + master)
                .contains("Job 'wordcount' FINISHED in");
        assertThat(ClusterJobs.readCounts(jobs.resolve("out/wordcount")))
                .isEqualTo(SessionClusterIT.expectedWordCounts(jobs.resolve("data/hamlet.txt")));

        LocalCluster.Run list = cluster.run("list", "--master", master);
        assertThat(list.status()).as(list.output()).isZero();
        assertThat(list.output()).contains("wordcount").contains("FINISHED");
        String id = json(get("/jobs")).at("/jobs/0/id").asText();
        LocalCluster.Run status = cluster.run("status", id, "--master", master);
        assertThat(status.output()).contains("Job 'wordcount' (" + id + ") FINISHED").contains("read");
        LocalCluster.Run workers = cluster.run("workers", "--master", master);
        assertThat(workers.output()).contains("WORKER").contains("free").contains("0 pending slot requests");
        LocalCluster.Run plugins = cluster.run("plugins", "--master", master);
        assertThat(plugins.output()).contains("pipelined-region").contains("(default)");
        LocalCluster.Run ended = cluster.run(Map.of("SLUICE_REST_TOKEN", TOKEN), "cancel", id, "--master", master);
        assertThat(ended.output()).contains("has already ended FINISHED");
    }

    @Test
    void withoutTheTokenNoSubmissionOrCancelTakesEffectAndBadJobsAreRefusedAsTheCliRefusesThem() throws Exception {
        start();
        String job = Files.readString(wordCountFile());
        assertThat(post("/jobs", "application/json", job, null).statusCode()).isEqualTo(401);
        assertThat(post("/jobs", "application/json", job, "wrong").statusCode()).isEqualTo(401);
        LocalCluster.Run noToken = cluster.run("submit", jobs.resolve("wordcount.json").toString(), "--master", master);
        assertThat(noToken.status()).isEqualTo(2);
        assertThat(noToken.output()).contains("SLUICE_REST_TOKEN");
        assertThat(json(get("/jobs")).get("jobs")).isEmpty();
        HttpResponse<String> cancel = http.send(HttpRequest.newBuilder(URI.create(master
                + "/jobs/0123456789abcdef0123456789abcdef?mode=cancel")).method("PATCH",
                HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(cancel.statusCode()).isEqualTo(401);

        // localhost only: the port is closed on every other address of this host
        for (java.net.NetworkInterface nic : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
            for (java.net.InetAddress address : java.util.Collections.list(nic.getInetAddresses())) {
                if (!address.isLoopbackAddress() && address instanceof java.net.Inet4Address) {
                    try (java.net.Socket socket = new java.net.Socket()) {
                        socket.connect(new java.net.InetSocketAddress(address, URI.create(master).getPort()), 2_000);
                        throw new AssertionError("the REST port answers on " + address);
                    } catch (java.io.IOException refused) {
                        // as it should
                    }
                }
            }
        }

        // the same mistake, through run and through REST: the same message
        Path bad = jobs.resolve("bad.json");
        Files.writeString(bad, job.replace("\"parallelism\": 2", "\"parallelism\": 0"));
        LocalCluster.Run run = cluster.run("run", bad.toString());
        assertThat(run.status()).isEqualTo(2);
        HttpResponse<String> refused = post("/jobs", "application/json", Files.readString(bad), TOKEN);
        assertThat(refused.statusCode()).isEqualTo(400);
        String message = json(refused).at("/errors/0").asText();
        assertThat(run.output()).contains(message);

        assertThat(post("/jobs", "text/plain", job, TOKEN).statusCode()).isEqualTo(415);
        String outside = job.replace("data/hamlet.txt", "/etc/passwd");
        assertThat(json(post("/jobs", "application/json", outside, TOKEN)).at("/errors/0").asText())
                .contains("outside the folders jobs may use");
        HttpResponse<String> huge = post("/jobs", "application/json", "x".repeat(5 << 20), TOKEN);
        assertThat(huge.statusCode()).isEqualTo(413);
        assertThat(json(get("/jobs")).get("jobs")).isEmpty();
        assertThat(json(get("/overview")).get("pending-slot-requests").asInt()).isZero();
        assertThat(get("/jobs/0123456789abcdef0123456789abcdef").statusCode()).isEqualTo(404);
        assertThat(get("/../conf/cluster.secret").statusCode()).isIn(400, 404);
        assertThat(new String(get("/nothing").body().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
                .contains("errors");
    }
}
