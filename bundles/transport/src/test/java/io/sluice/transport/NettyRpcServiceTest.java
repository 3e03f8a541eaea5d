package io.sluice.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.sluice.api.job.JobGraph;
import io.sluice.api.job.JobId;
import io.sluice.api.job.PartitionerKind;
import io.sluice.api.job.ResultPartitionType;
import io.sluice.rpc.FencingTokenException;
import io.sluice.rpc.RemoteException;
import io.sluice.rpc.RpcAddress;
import io.sluice.rpc.RpcException;
import io.sluice.rpc.RpcMessage;
import io.sluice.rpc.RpcService;
import io.sluice.rpc.ThreadMainThreadExecutor;
import io.sluice.rpc.gateway.DispatcherGateway;
import io.sluice.api.job.JobStatus;
import io.sluice.api.job.ExecutionState;
import io.sluice.rpc.gateway.JobDetails;
import io.sluice.rpc.gateway.JobPlan;
import io.sluice.rpc.gateway.DuplicateJobException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NettyRpcServiceTest {
    static final ClusterSecret SECRET = ClusterSecret.of("a test secret of enough bytes".getBytes());

    /** A gateway of test messages. */
    public interface Echo {
        @RpcMessage(id = 60001)
        CompletableFuture<Sample> echo(Sample sample);

        @RpcMessage(id = 60002)
        void note(int sequence);

        @RpcMessage(id = 60003)
        CompletableFuture<List<Integer>> notes();

        @RpcMessage(id = 60004)
        CompletableFuture<Void> fail(String message);

        @RpcMessage(id = 60005)
        CompletableFuture<String> callBack(RpcAddress caller);

        @RpcMessage(id = 60006)
        CompletableFuture<String> never();
    }

    public record Sample(String text, long number, List<String> items, Map<String, Integer> counts, Sample nested) {
    }

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final List<String> warnings = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        Collections.reverse(closeables);
        for (AutoCloseable closeable : closeables) {
            closeable.close();
        }
    }

    NettyRpcService service(TransportSettings settings) {
        NettyRpcService service = new NettyRpcService(settings, warnings::add);
        closeables.add(service);
        return service;
    }

    ThreadMainThreadExecutor thread(String name) {
        ThreadMainThreadExecutor thread = new ThreadMainThreadExecutor(name);
        closeables.add(thread);
        return thread;
    }

    /** An Echo endpoint; remembers the notes it got and on which thread each call ran. */
    final class EchoEndpoint implements Echo {
        final ThreadMainThreadExecutor mainThread;
        final RpcService rpc;
        final List<Integer> notes = new ArrayList<>();
        final AtomicBoolean offMainThread = new AtomicBoolean();

        EchoEndpoint(RpcService rpc, String name) {
            this.rpc = rpc;
            this.mainThread = thread(name);
        }

        private void check() {
            if (!mainThread.isMainThread()) {
                offMainThread.set(true);
            }
        }

        @Override
        public CompletableFuture<Sample> echo(Sample sample) {
            check();
            return CompletableFuture.completedFuture(sample);
        }

        @Override
        public void note(int sequence) {
            check();
            notes.add(sequence);
        }

        @Override
        public CompletableFuture<List<Integer>> notes() {
            check();
            return CompletableFuture.completedFuture(List.copyOf(notes));
        }

        @Override
        public CompletableFuture<Void> fail(String message) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(message));
        }

        @Override
        public CompletableFuture<String> callBack(RpcAddress caller) {
            return rpc.connect(caller, Echo.class).echo(new Sample("back", 1, List.of(), Map.of(), null))
                    .thenApply(Sample::text);
        }

        @Override
        public CompletableFuture<String> never() {
            return new CompletableFuture<>();
        }
    }

    RpcAddress serveEcho(NettyRpcService service, String id, EchoEndpoint endpoint, AtomicReference<String> token) {
        return service.serve(id, Echo.class, endpoint, endpoint.mainThread, token == null ? null : token::get)
                .address();
    }

    static <T> T get(CompletableFuture<T> future) throws Exception {
        return future.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aCallCrossesTheWireRunsOnTheTargetsMainThreadAndAnswersWithEqualValues() throws Exception {
        NettyRpcService server = service(TransportSettings.loopback(SECRET));
        NettyRpcService client = service(TransportSettings.loopback(SECRET));
        EchoEndpoint endpoint = new EchoEndpoint(server, "echo");
        RpcAddress address = serveEcho(server, "echo", endpoint, null);

        Sample sample = new Sample("héllo\u0000", Long.MIN_VALUE, List.of("a", "b"), Map.of("x", 1, "y", -2),
                new Sample(null, 7, List.of(), Map.of(), null));
        assertThat(get(client.connect(address, Echo.class).echo(sample))).isEqualTo(sample);
        assertThat(endpoint.offMainThread).isFalse();
        assertThat(address.host()).isEqualTo("127.0.0.1");
        assertThat(address.port()).isEqualTo(server.port());
    }

    @Test
    void oneWayMessagesArriveInTheOrderTheyWereSentAheadOfALaterCall() throws Exception {
        NettyRpcService server = service(TransportSettings.loopback(SECRET));
        NettyRpcService client = service(TransportSettings.loopback(SECRET));
        EchoEndpoint endpoint = new EchoEndpoint(server, "echo");
        Echo echo = client.connect(serveEcho(server, "echo", endpoint, null), Echo.class);
        get(echo.notes()); // connected
        for (int i = 0; i < 5_000; i++) {
            echo.note(i);
        }
        List<Integer> notes = get(echo.notes());
        assertThat(notes).hasSize(5_000);
        for (int i = 0; i < notes.size(); i++) {
            assertThat(notes.get(i)).isEqualTo(i);
        }
    }

    @Test
    void thePeerCallsBackOverTheConnectionTheCallerOpened() throws Exception {
        NettyRpcService server = service(TransportSettings.loopback(SECRET));
        NettyRpcService client = service(TransportSettings.loopback(SECRET));
        RpcAddress serverEcho = serveEcho(server, "echo", new EchoEndpoint(server, "server-echo"), null);
        RpcAddress clientEcho = serveEcho(client, "echo", new EchoEndpoint(client, "client-echo"), null);

        assertThat(get(client.connect(serverEcho, Echo.class).callBack(clientEcho))).isEqualTo("back");
        assertThat(server.openConnections()).isEqualTo(1);
        assertThat(client.openConnections()).isEqualTo(1);
    }

    @Test
    void aRemoteFailureArrivesWithItsTypeAndMessageAndTheRemoteStack() {
        NettyRpcService server = service(TransportSettings.loopback(SECRET));
        NettyRpcService client = service(TransportSettings.loopback(SECRET));
        Echo echo = client.connect(serveEcho(server, "echo", new EchoEndpoint(server, "echo"), null), Echo.class);

        assertThatThrownBy(() -> get(echo.fail("vertex 'map' has parallelism 0")))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(IllegalArgumentException.class)
                .hasMessage("vertex 'map' has parallelism 0")
                .satisfies(e -> assertThat(((RemoteException) e.getSuppressed()[0]).remoteStackTrace())
                        .contains("EchoEndpoint.fail"));
    }

    @Test
    void aStaleFencingTokenIsRefusedAndLoggedAndTheMethodNeverRuns() throws Exception {
        NettyRpcService server = service(TransportSettings.loopback(SECRET));
        NettyRpcService client = service(TransportSettings.loopback(SECRET));
        EchoEndpoint endpoint = new EchoEndpoint(server, "echo");
        AtomicReference<String> token = new AtomicReference<>("incarnation-1");
        RpcAddress first = serveEcho(server, "echo", endpoint, token);
        assertThat(first.fencingToken()).isEqualTo("incarnation-1");
        get(client.connect(first, Echo.class).notes());

        token.set("incarnation-2");
        Echo stale = client.connect(first, Echo.class);
        assertThatThrownBy(() -> get(stale.notes())).cause().isInstanceOf(FencingTokenException.class)
                .hasMessageContaining("incarnation-1").hasMessageContaining("incarnation-2");
        stale.note(1);
        Echo current = client.connect(first.withFencingToken("incarnation-2"), Echo.class);
        current.note(2);
        assertThat(get(current.notes())).containsExactly(2);
        assertThat(warnings).anyMatch(w -> w.contains("fencing token incarnation-1"));
    }

    @Test
    void aJobGraphAndJobDetailsCrossTheWireIntact() throws Exception {
        NettyRpcService server = service(TransportSettings.loopback(SECRET));
        NettyRpcService client = service(TransportSettings.loopback(SECRET));
        ThreadMainThreadExecutor thread = thread("dispatcher");
        AtomicReference<JobGraph> received = new AtomicReference<>();
        JobDetails details = new JobDetails(new JobId("job-1"), "etl", JobStatus.RUNNING,
                Map.of(ExecutionState.RUNNING, 7), List.of(new JobDetails.VertexDetails("src", 2,
                        Map.of(ExecutionState.RUNNING, 2), 0, 42)), 1_000, 0, 1, null, List.of(),
                Map.of(JobStatus.CREATED, 1_000L, JobStatus.RUNNING, 1_005L, JobStatus.RESTARTING, 1_200L),
                List.of(new JobDetails.StrategyDecisions("region", "1.2.0", 3, 41_000)));
        DispatcherGateway dispatcher = new DispatcherGateway() {
            @Override
            public CompletableFuture<JobId> submitJob(JobGraph job) {
                received.set(job);
                return CompletableFuture.completedFuture(new JobId("job-1"));
            }

            @Override
            public CompletableFuture<JobId> submitJobAs(JobId id, JobGraph job) {
                return CompletableFuture.failedFuture(new DuplicateJobException("job " + id + " was submitted already"));
            }

            @Override
            public CompletableFuture<JobDetails> requestJob(JobId job) {
                return CompletableFuture.completedFuture(details);
            }

            @Override
            public CompletableFuture<JobDetails> requestJobResult(JobId job) {
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public CompletableFuture<Void> cancelJob(JobId job) {
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public CompletableFuture<List<JobDetails>> listJobs() {
                return CompletableFuture.completedFuture(List.of());
            }

            @Override
            public CompletableFuture<JobPlan> requestJobPlan(JobId job) {
                return CompletableFuture.completedFuture(JobPlan.of(job, received.get()));
            }
        };
        RpcAddress address = server.serve("dispatcher", DispatcherGateway.class, dispatcher, thread, null).address();
        JobGraph graph = JobGraph.builder("etl").config("scheduler", "eager")
                .vertex("src", "sequence-source", 2).vertex("map", "identity-map", 4).vertex("sink", "collect-sink", 1)
                .connect("src", "map", PartitionerKind.REBALANCE, ResultPartitionType.PIPELINED)
                .connect("map", "sink", PartitionerKind.HASH, ResultPartitionType.BLOCKING)
                .build();

        assertThat(get(client.connect(address, DispatcherGateway.class).submitJob(graph))).isEqualTo(new JobId("job-1"));
        JobGraph copy = received.get();
        assertThat(copy.name()).isEqualTo("etl");
        assertThat(copy.config()).isEqualTo(graph.config());
        assertThat(copy.toString()).isEqualTo(graph.toString());
        assertThat(copy.vertices()).extracting(v -> v.id().value() + "/" + v.parallelism() + "/" + v.operators()
                + "/" + v.inputs()).containsExactlyElementsOf(graph.vertices().stream().map(v -> v.id().value() + "/"
                + v.parallelism() + "/" + v.operators() + "/" + v.inputs()).toList());
        DispatcherGateway remote = client.connect(address, DispatcherGateway.class);
        assertThat(remote.submitJobAs(new JobId("job-1"), graph)).failsWithin(java.time.Duration.ofSeconds(10))
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withCauseInstanceOf(DuplicateJobException.class).withMessageContaining("job-1 was submitted already");
        assertThat(get(remote.requestJob(new JobId("job-1")))).isEqualTo(details);
        JobPlan plan = get(remote.requestJobPlan(new JobId("job-1")));
        assertThat(plan).isEqualTo(JobPlan.of(new JobId("job-1"), graph));
        assertThat(plan.regions()).containsExactly(List.of("src", "map"), List.of("sink"));
        assertThat(plan.edges()).containsExactly(new JobPlan.Edge("src", "map", "rebalance", "pipelined", "ALL_TO_ALL"),
                new JobPlan.Edge("map", "sink", "hash", "blocking", "ALL_TO_ALL"));
    }

    @Test
    void aPeerWithoutTheClusterSecretGetsNothingDispatched() throws Exception {
        NettyRpcService server = service(TransportSettings.loopback(SECRET));
        NettyRpcService intruder = service(TransportSettings.loopback(ClusterSecret.of("another secret, 16+ bytes".getBytes())));
        EchoEndpoint endpoint = new EchoEndpoint(server, "echo");
        RpcAddress address = serveEcho(server, "echo", endpoint, null);

        Echo echo = intruder.connect(address, Echo.class);
        echo.note(1);
        assertThatThrownBy(() -> get(echo.notes())).cause().isInstanceOf(RpcException.class)
                .hasMessageContaining("does not know the cluster secret");
        assertThat(get(service(TransportSettings.loopback(SECRET)).connect(address, Echo.class).notes())).isEmpty();
        await().atMost(Duration.ofSeconds(5)).until(() -> server.openConnections() == 1);
    }

    @Test
    void aClosedConnectionFailsTheCallsWaitingOnItAtOnceAndTellsTheWatchers() throws Exception {
        NettyRpcService server = new NettyRpcService(TransportSettings.loopback(SECRET), warnings::add);
        NettyRpcService client = service(TransportSettings.loopback(SECRET));
        RpcAddress address = serveEcho(server, "echo", new EchoEndpoint(server, "echo"), null);
        Echo echo = client.connect(address, Echo.class);
        get(echo.notes());
        CompletableFuture<Void> lost = new CompletableFuture<>();
        client.watch(address, () -> lost.complete(null));
        CompletableFuture<String> waiting = echo.never();

        long start = System.nanoTime();
        server.close();
        assertThatThrownBy(() -> get(waiting)).cause().isInstanceOf(RpcException.class).hasMessageContaining("closed");
        get(lost);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThatThrownBy(() -> get(echo.notes())).cause().isInstanceOf(RpcException.class)
                .hasMessageContaining("cannot connect");
    }

    @Test
    void anEndpointThatStopsTellsItsWatchersAcrossTheConnectionWhichStaysOpen() throws Exception {
        NettyRpcService server = service(TransportSettings.loopback(SECRET));
        NettyRpcService client = service(TransportSettings.loopback(SECRET));
        EchoEndpoint endpoint = new EchoEndpoint(server, "resourcemanager");
        RpcService.Registration registration = server.serve("resourcemanager", Echo.class, endpoint,
                endpoint.mainThread, () -> "rm-1");
        RpcAddress address = registration.address();
        RpcAddress other = serveEcho(server, "echo", new EchoEndpoint(server, "echo"), null);
        List<String> lost = new CopyOnWriteArrayList<>();
        client.watch(address, () -> lost.add("first"));
        client.watch(address, () -> lost.add("second"));
        client.watch(other, () -> lost.add("other"));
        RpcService.Subscription withdrawn = client.watch(address, () -> lost.add("withdrawn"));
        withdrawn.close();
        assertThat(get(client.connect(other, Echo.class).notes())).isEmpty(); // the watches have reached the server

        registration.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> lost.size() == 2);
        assertThat(lost).containsExactlyInAnyOrder("first", "second");
        assertThat(get(client.connect(other, Echo.class).notes())).isEmpty();
        assertThat(server.openConnections()).isEqualTo(1);

        // an address of an incarnation that is gone is lost as soon as the watch reaches the server
        server.serve("resourcemanager", Echo.class, endpoint, endpoint.mainThread, () -> "rm-2");
        CompletableFuture<Void> stale = new CompletableFuture<>();
        client.watch(address, () -> stale.complete(null));
        get(stale);
        // and on this side, the same holds for this process's own endpoints
        CompletableFuture<Void> local = new CompletableFuture<>();
        server.watch(address, () -> local.complete(null));
        get(local);
        assertThat(lost).containsExactlyInAnyOrder("first", "second");
    }

    @Test
    void watchingAProcessNobodyListensOnReportsItLost() throws Exception {
        NettyRpcService client = service(TransportSettings.loopback(SECRET));
        NettyRpcService gone = new NettyRpcService(TransportSettings.loopback(SECRET), warnings::add);
        int port = gone.port();
        gone.close();
        CompletableFuture<Void> lost = new CompletableFuture<>();
        client.watch(new RpcAddress("127.0.0.1", port, "taskexecutor", null), () -> lost.complete(null));
        get(lost);
    }

    @Test
    void aMessageLargerThanTheFrameSizeIsRefusedBeforeSendingAndTheConnectionStays() throws Exception {
        NettyRpcService server = service(TransportSettings.loopback(SECRET).withMaxFrameBytes(64 * 1024));
        NettyRpcService client = service(TransportSettings.loopback(SECRET).withMaxFrameBytes(64 * 1024));
        Echo echo = client.connect(serveEcho(server, "echo", new EchoEndpoint(server, "echo"), null), Echo.class);
        Sample big = new Sample("x".repeat(100_000), 0, List.of(), Map.of(), null);

        assertThatThrownBy(() -> get(echo.echo(big))).cause().hasMessageContaining("more than rpc.framesize");
        assertThat(get(echo.notes())).isEmpty();
    }

    @Test
    void aCallToAnEndpointThatIsNotServedFailsNamingIt() {
        NettyRpcService server = service(TransportSettings.loopback(SECRET));
        NettyRpcService client = service(TransportSettings.loopback(SECRET));
        serveEcho(server, "echo", new EchoEndpoint(server, "echo"), null);
        Echo echo = client.connect(new RpcAddress("127.0.0.1", server.port(), "jobmaster-7", null), Echo.class);
        assertThatThrownBy(() -> get(echo.notes())).cause().isInstanceOf(RpcException.class)
                .hasMessageContaining("no endpoint 'jobmaster-7'");
    }

    @Test
    void callsToThisProcessesOwnEndpointsSkipTheWire() throws Exception {
        NettyRpcService service = service(TransportSettings.loopback(SECRET));
        Sample sample = new Sample("same object", 1, List.of(), Map.of(), null);
        RpcAddress address = serveEcho(service, "echo", new EchoEndpoint(service, "echo"), null);
        assertThat(get(service.connect(address, Echo.class).echo(sample))).isSameAs(sample);
        assertThat(service.openConnections()).isZero();
    }

    @Test
    void aGatewayThatTakesAnotherGatewayCannotBeSent() {
        NettyRpcService service = service(TransportSettings.loopback(SECRET));
        assertThatThrownBy(() -> service.connect(new RpcAddress("127.0.0.1", 1, "x", null), TakesGateway.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("messages carry addresses");
    }

    public interface TakesGateway {
        @RpcMessage(id = 60100)
        void register(Echo echo);
    }
}
