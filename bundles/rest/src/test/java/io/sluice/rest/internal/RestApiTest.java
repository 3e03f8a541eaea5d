package io.sluice.rest.internal;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.dispatcher.internal.DispatcherSettings;
import io.sluice.failover.region.RegionFailoverStrategyFactory;
import io.sluice.jobmaster.JobChecks;
import io.sluice.jobmaster.internal.JobRecovery;
import io.sluice.minicluster.MiniCluster;
import io.sluice.registry.OperatorCatalog;
import io.sluice.registry.PluginInfo;
import io.sluice.registry.ResolvedStrategy;
import io.sluice.registry.StrategyKind;
import io.sluice.registry.StrategyListener;
import io.sluice.registry.StrategyRegistry;
import io.sluice.registry.UnknownStrategyException;
import io.sluice.restart.fixeddelay.FixedDelayRestartBackoffStrategyFactory;
import io.sluice.rpc.gateway.DispatcherGateway;
import io.sluice.rpc.gateway.ResourceManagerGateway;
import io.sluice.scheduler.eager.EagerSchedulingStrategyFactory;
import io.sluice.shuffle.ShuffleSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The routes against a real Dispatcher and ResourceManager of a MiniCluster, without HTTP in between. */
class RestApiTest {
    private static final String JSON = "application/json";

    @TempDir
    Path temp;

    private MiniCluster cluster;
    private RestApi api;
    private Path data;

    @BeforeEach
    void start() throws Exception {
        cluster = new MiniCluster(2, 2, ShuffleSettings.defaults(temp.resolve("shuffle")));
        DispatcherGateway dispatcher = cluster.dispatcher(new EagerSchedulingStrategyFactory(), JobRecovery::none,
                DispatcherSettings.DEFAULT, jobMaster -> { }).gateway();
        data = Files.createDirectories(temp.resolve("data"));
        Files.writeString(data.resolve("words.txt"), "to be or not to be\n");
        Backend backend = new Backend() {
            private final StrategyRegistry registry = new Strategies();

            @Override
            public DispatcherGateway dispatcher() {
                return dispatcher;
            }

            @Override
            public ResourceManagerGateway resourceManager() {
                return cluster.resourceManager();
            }

            @Override
            public StrategyRegistry registry() {
                return registry;
            }

            @Override
            public OperatorCatalog operators() {
                return MiniCluster.builtInOperators();
            }

            @Override
            public JobChecks checks() {
                return new JobChecks(registry, operators(), 1_000);
            }
        };
        api = new RestApi(RestApi.routes(new ClusterHandlers(backend, "0.1.0", false, 1_000),
                new JobHandlers(backend, new JobSubmissions(backend, new AllowedDirs(List.of(data))),
                        System::currentTimeMillis, Duration.ofSeconds(60)), new MetricsHandler(backend, System::currentTimeMillis)),
                (what, error) -> {
                    throw new AssertionError(what, error);
                });
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private static String wordCount(String input, String output) {
        return """
                {"name": "wc", "operators": [
                  {"id": "read", "type": "text-source", "parallelism": 2, "params": {"path": "%s"}},
                  {"id": "words", "type": "tokenize", "parallelism": 2},
                  {"id": "count", "type": "count", "parallelism": 2},
                  {"id": "out", "type": "file-sink", "parallelism": 2, "params": {"path": "%s"}}],
                 "edges": [{"from": "read", "to": "words"}, {"from": "words", "to": "count", "partitioner": "hash"},
                  {"from": "count", "to": "out"}]}
                """.formatted(input, output);
    }

    private RestReply call(String method, String path, Map<String, String> query, String type, String body)
            throws Exception {
        return api.handle(method, path, query, type, body.getBytes(StandardCharsets.UTF_8)).get(30, SECONDS);
    }

    private static JsonNode json(RestReply reply) {
        return Json.MAPPER.valueToTree(reply.body());
    }

    private static String error(RestReply reply) {
        return json(reply).get("errors").get(0).asText();
    }

    @Test
    void aSubmittedJobFileRunsToFinishedAndEveryRouteDescribesIt() throws Exception {
        RestReply submitted = call("POST", "/jobs", Map.of(), JSON, wordCount("words.txt", "out"));
        assertThat(submitted.status()).as("%s", submitted.body()).isEqualTo(202);
        String id = json(submitted).get("jobid").asText();
        RestReply again = call("POST", "/jobs", Map.of("jobid", id), JSON, wordCount("words.txt", "out2"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(error(again)).contains(id);
        assertThat(call("POST", "/jobs", Map.of("jobid", "../x"), JSON, wordCount("words.txt", "out2")).status())
                .isEqualTo(400);

        JsonNode result = json(call("GET", "/jobs/" + id + "/result", Map.of("timeout", "20s"), null, ""));
        assertThat(result.at("/status/id").asText()).isEqualTo("COMPLETED");
        assertThat(result.at("/job-execution-result/state").asText()).isEqualTo("FINISHED");
        assertThat(Files.readString(data.resolve("out/part-0")) + Files.readString(data.resolve("out/part-1")))
                .contains("(be, 2)").contains("(to, 2)").contains("(or, 1)");

        JsonNode details = json(call("GET", "/jobs/" + id, Map.of(), null, ""));
        assertThat(details.get("state").asText()).isEqualTo("FINISHED");
        assertThat(details.at("/timestamps/RUNNING").asLong()).isPositive();
        assertThat(details.at("/timestamps/FINISHED").asLong()).isGreaterThanOrEqualTo(details.at("/timestamps/RUNNING").asLong());
        assertThat(details.get("vertices")).hasSize(2); // read+words and count+out are chained
        assertThat(details.at("/status-counts/FINISHED").asInt()).isEqualTo(4);

        JsonNode plan = json(call("GET", "/jobs/" + id + "/plan", Map.of(), null, ""));
        assertThat(plan.at("/plan/nodes")).hasSize(2);
        assertThat(plan.at("/plan/nodes/1/inputs/0/ship_strategy").asText()).isEqualTo("hash");
        assertThat(plan.at("/plan/regions")).hasSize(1);

        JsonNode overview = json(call("GET", "/jobs/overview", Map.of(), null, ""));
        assertThat(overview.at("/jobs/0/jid").asText()).isEqualTo(id);
        assertThat(overview.at("/jobs/0/tasks/finished").asInt()).isEqualTo(4);
        JsonNode cluster = json(call("GET", "/overview", Map.of(), null, ""));
        assertThat(cluster.get("workers").asInt()).isEqualTo(2);
        assertThat(cluster.get("slots-total").asInt()).isEqualTo(4);
        assertThat(cluster.get("jobs-finished").asInt()).isEqualTo(1);
        assertThat(json(call("GET", "/jobs/" + id + "/exceptions", Map.of(), null, "")).at("/exceptionHistory/entries"))
                .isEmpty();
        assertThat(json(call("GET", "/workers", Map.of(), null, "")).get("workers")).hasSize(2);
        assertThat(json(call("GET", "/workers/worker-1", Map.of(), null, "")).get("slots")).hasSize(2);
    }

    @Test
    void aCancelledJobEndsCanceled() throws Exception {
        String endless = """
                {"name": "endless", "operators": [
                  {"id": "src", "type": "sequence-source", "parallelism": 1, "params": {"from": 0, "to": 1000000000000000}},
                  {"id": "sink", "type": "discard-sink", "parallelism": 1}],
                 "edges": [{"from": "src", "to": "sink"}]}""";
        String id = json(call("POST", "/jobs", Map.of(), JSON, endless)).get("jobid").asText();
        assertThat(json(call("GET", "/jobs/" + id + "/result", Map.of("timeout", "100ms"), null, ""))
                .at("/status/id").asText()).isEqualTo("IN_PROGRESS");
        String metrics = new String(((RestReply.Raw) call("GET", "/metrics", Map.of(), null, "").body()).bytes(),
                StandardCharsets.UTF_8);
        assertThat(metrics).contains("sluice_jobmanager_numRegisteredTaskManagers 2.0")
                .contains("sluice_jobmanager_taskSlotsTotal 4.0").contains("sluice_jobmanager_numRunningJobs 1.0")
                .contains("sluice_jobmanager_job_numRestarts{job_id=\"" + id + "\",job_name=\"endless\"} 0.0")
                .contains("sluice_jobmanager_job_vertex_numRecordsOut{job_id=\"" + id + "\",job_name=\"endless\",vertex=\"src\"}")
                .contains("sluice_jobmanager_jobs{state=\"RUNNING\"} 1.0");
        assertThat(call("PATCH", "/jobs/" + id, Map.of(), null, "").status()).isEqualTo(400);
        assertThat(call("PATCH", "/jobs/" + id, Map.of("mode", "cancel"), null, "").status()).isEqualTo(202);
        assertThat(json(call("GET", "/jobs/" + id + "/result", Map.of("timeout", "20s"), null, ""))
                .at("/job-execution-result/state").asText()).isEqualTo("CANCELED");
    }

    @Test
    void badSubmissionsAreRefusedWithTheRuleAndStartNothing() throws Exception {
        assertThat(call("POST", "/jobs", Map.of(), "text/plain", wordCount("words.txt", "out")).status()).isEqualTo(415);
        RestReply malformed = call("POST", "/jobs", Map.of(), JSON, "{\"name\": ");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(error(malformed)).startsWith("job file:1:").contains("malformed JSON");
        RestReply unknownType = call("POST", "/jobs", Map.of(), JSON,
                wordCount("words.txt", "out").replace("\"tokenize\"", "\"tokenise\""));
        assertThat(unknownType.status()).isEqualTo(400);
        assertThat(error(unknownType)).contains("tokenise");
        RestReply zero = call("POST", "/jobs", Map.of(), JSON,
                wordCount("words.txt", "out").replace("\"parallelism\": 2}", "\"parallelism\": 0}"));
        assertThat(zero.status()).isEqualTo(400);
        assertThat(error(zero)).contains("parallelism");
        for (String outside : List.of("/etc/passwd", "../../etc/passwd", data.resolve("../elsewhere").toString())) {
            RestReply refused = call("POST", "/jobs", Map.of(), JSON, wordCount(outside, "out"));
            assertThat(refused.status()).as(outside).isEqualTo(400);
            assertThat(error(refused)).contains("outside the folders jobs may use");
        }
        Files.createSymbolicLink(data.resolve("link"), Path.of("/etc"));
        assertThat(error(call("POST", "/jobs", Map.of(), JSON, wordCount("link/passwd", "out"))))
                .contains("outside the folders jobs may use");
        assertThat(error(call("POST", "/jobs", Map.of(), JSON, wordCount("words.txt", "link/out"))))
                .contains("outside the folders jobs may use");
        assertThat(json(call("GET", "/jobs", Map.of(), null, "")).get("jobs")).isEmpty();
        assertThat(json(call("GET", "/overview", Map.of(), null, "")).get("pending-slot-requests").asInt()).isZero();
    }

    @Test
    void unknownPathsMethodsAndJobsAreAnsweredWithJsonErrors() throws Exception {
        assertThat(call("GET", "/nothing", Map.of(), null, "").status()).isEqualTo(404);
        RestReply wrongMethod = call("DELETE", "/jobs", Map.of(), null, "");
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(error(wrongMethod)).contains("GET, POST");
        assertThat(call("GET", "/jobs/0123456789abcdef0123456789abcdef", Map.of(), null, "").status()).isEqualTo(404);
        assertThat(call("GET", "/jobs/not-an-id/plan", Map.of(), null, "").status()).isEqualTo(404);
        assertThat(call("GET", "/workers/nobody", Map.of(), null, "").status()).isEqualTo(404);
        assertThat(call("GET", "/jobs/0123456789abcdef0123456789abcdef/result", Map.of("timeout", "forever"), null, "")
                .status()).isEqualTo(400);
    }

    /** The strategies the test's jobs run with: eager scheduling, region failover, fixed-delay restarts. */
    private static final class Strategies implements StrategyRegistry {
        private final Map<StrategyKind<?>, Object> defaults = Map.of(StrategyKind.SCHEDULER,
                new EagerSchedulingStrategyFactory(), StrategyKind.FAILOVER, new RegionFailoverStrategyFactory(),
                StrategyKind.RESTART, new FixedDelayRestartBackoffStrategyFactory());
        private final Map<StrategyKind<?>, String> names = Map.of(StrategyKind.SCHEDULER, "eager",
                StrategyKind.FAILOVER, "region", StrategyKind.RESTART, "fixed-delay");

        @Override
        public <S> Optional<ResolvedStrategy<S>> find(StrategyKind<S> kind, String name) {
            return names.containsKey(kind) && names.get(kind).equals(name) ? Optional.of(new ResolvedStrategy<>(
                    kind.serviceType().cast(defaults.get(kind)), info(kind), false)) : Optional.empty();
        }

        private PluginInfo info(StrategyKind<?> kind) {
            return new PluginInfo(kind, names.get(kind), "io.sluice.test", "1.0.0", 1, 1, PluginInfo.State.ACTIVE, true);
        }

        @Override
        public <S> ResolvedStrategy<S> require(StrategyKind<S> kind, String name) {
            String wanted = name == null || name.isBlank() ? names.get(kind) : name;
            return find(kind, wanted).orElseThrow(() -> new UnknownStrategyException("unknown " + kind + " '" + wanted + "'"));
        }

        @Override
        public <S> ResolvedStrategy<S> resolveOrDefault(StrategyKind<S> kind, String name) {
            return require(kind, name);
        }

        @Override
        public String defaultName(StrategyKind<?> kind) {
            return names.get(kind);
        }

        @Override
        public List<PluginInfo> plugins() {
            return names.keySet().stream().map(this::info).toList();
        }

        @Override
        public void addListener(StrategyListener listener) {
        }

        @Override
        public void removeListener(StrategyListener listener) {
        }
    }
}
