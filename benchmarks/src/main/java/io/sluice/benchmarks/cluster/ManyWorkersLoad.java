package io.sluice.benchmarks.cluster;

import io.sluice.rpc.HeartbeatSettings;
import io.sluice.rpc.RpcAddress;
import io.sluice.rpc.gateway.LeaderRetrievalGateway;
import io.sluice.rpc.gateway.ResourceManagerGateway;
import io.sluice.transport.ClusterSecret;
import io.sluice.transport.NettyRpcService;
import io.sluice.transport.TransportSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Issue 12 §5: a real master process with up to 1,000 registered workers, simulated in this JVM on loopback. At each
 * size it measures, over a fixed window once every worker is registered and a warm-up window has passed, the
 * master's CPU time (in all, and by thread kind), the bytes it reads and writes and its read/write calls (all from
 * {@code /proc}, less what the idle master uses) and the heartbeats each worker is asked for, per worker per second,
 * and checks that no worker was lost. A bounded load command, not JMH: one master, sizes in increasing order, every
 * wait bounded. Workers are grouped 100 to a host (one transport, so one connection to the master, per host): 1,000
 * workers are 10 connections, which keeps the simulator to 20 event-loop threads; {@code --per-host 1} gives each
 * worker its own transport and connection, as real worker processes have (2 threads per worker here).
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.sluice.benchmarks.cluster.ManyWorkersLoad [--sizes 100,250,500,1000]
 *     [--per-host 100] [--slots 4] [--interval 1s] [--timeout 5s] [--window 30s] [--warmup 30s]
 *     [--dist distribution/target/sluice] [--work benchmarks/target/many-workers]</pre>
 */
public final class ManyWorkersLoad {
    private static final Duration WAIT = Duration.ofSeconds(120);

    private ManyWorkersLoad() {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        Files.createDirectories(options.work);
        List<WorkerHost> hosts = new ArrayList<>();
        try (MasterProcess master = MasterProcess.start(options.dist, options.work, options.heartbeat)) {
            ClusterSecret secret = master.awaitSecret(WAIT);
            try (NettyRpcService control = new NettyRpcService(TransportSettings.loopback(secret), warning -> { })) {
                RpcAddress resourceManager = awaitResourceManager(control, master);
                ResourceManagerGateway status = control.connect(resourceManager, ResourceManagerGateway.class);
                System.out.printf("master pid %d on port %d, heartbeats every %d ms (timeout %d ms), %d workers per"
                        + " host, %d slots each, windows of %d s; home %s%n", master.pid(), master.port(),
                        options.heartbeat.interval().toMillis(), options.heartbeat.timeout().toMillis(), options.perHost,
                        options.slots, options.window.toSeconds(), master.home());
                Thread.sleep(options.window.toMillis()); // the master's own start-up work ends before the idle window
                Window idle = Window.measure(master.pid(), List.of(), options.window);
                System.out.println("idle master: " + idle.describe());
                List<Row> rows = new ArrayList<>();
                for (int size : options.sizes) {
                    grow(hosts, size, options, secret, resourceManager);
                    awaitRegistered(status, size);
                    Thread.sleep(options.heartbeat.interval().multipliedBy(2).toMillis());
                    if (!options.warmup.isZero()) { // the master's JIT compiles the paths each size makes hot
                        System.out.println("warm-up at " + size + ": " + Window.measure(master.pid(), workers(hosts),
                                options.warmup).describe());
                    }
                    Window window = Window.measure(master.pid(), workers(hosts), options.window);
                    int registered = registered(status);
                    System.out.println(size + " workers: " + window.describe() + "; registered after: " + registered);
                    rows.add(new Row(size, hosts.size(), window, registered));
                }
                print(rows, idle, lostLines(master.log()));
            } finally {
                hosts.forEach(WorkerHost::close);
            }
        }
    }

    /** The leader endpoint answers once the ResourceManager runs; bounded. */
    private static RpcAddress awaitResourceManager(NettyRpcService control, MasterProcess master) throws Exception {
        LeaderRetrievalGateway leader = control.connect(new RpcAddress("localhost", master.port(),
                LeaderRetrievalGateway.RESOURCE_MANAGER, null), LeaderRetrievalGateway.class);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            try {
                return leader.requestLeaderAddress().get(5, TimeUnit.SECONDS);
            } catch (Exception notYet) {
                if (!master.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("the master's ResourceManager did not answer: " + notYet
                            + "; see " + master.home().resolve("logs"));
                }
                Thread.sleep(200);
            }
        }
    }

    /** Adds workers (and hosts of {@code perHost} workers) until there are {@code size}; waits for every registration. */
    private static void grow(List<WorkerHost> hosts, int size, Options options, ClusterSecret secret,
            RpcAddress resourceManager) throws Exception {
        List<CompletableFuture<RpcAddress>> registrations = new ArrayList<>();
        for (int count = workers(hosts).size(); count < size; count++) {
            if (hosts.isEmpty() || hosts.get(hosts.size() - 1).size() == options.perHost) {
                hosts.add(new WorkerHost(hosts.size(), secret, resourceManager));
            }
            registrations.add(hosts.get(hosts.size() - 1).addWorker(options.slots));
        }
        CompletableFuture.allOf(registrations.toArray(CompletableFuture[]::new)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static List<SimulatedWorker> workers(List<WorkerHost> hosts) {
        return hosts.stream().flatMap(host -> host.workers().stream()).toList();
    }

    private static void awaitRegistered(ResourceManagerGateway status, int size) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (registered(status) != size) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the ResourceManager has " + registered(status) + " workers, not " + size);
            }
            Thread.sleep(200);
        }
    }

    private static int registered(ResourceManagerGateway status) throws Exception {
        return status.requestClusterStatus().get(30, TimeUnit.SECONDS).workers().size();
    }

    /**
     * Lines of the master's log that say a TaskExecutor was lost or disconnected, including the files the log rolled
     * over into (sluice-DATE.N.log, conf/logback.xml), oldest first.
     */
    private static List<String> lostLines(Path log) throws Exception {
        if (!Files.exists(log)) {
            return List.of("(no log at " + log + ")");
        }
        List<Path> files;
        try (var rolled = Files.newDirectoryStream(log.getParent(), "sluice-*.log")) {
            files = new ArrayList<>();
            rolled.forEach(files::add);
        }
        files.sort(Comparator.comparing((Path file) -> file.toFile().lastModified()));
        files.add(log);
        List<String> lost = new ArrayList<>();
        for (Path file : files) {
            Files.readAllLines(file).stream().filter(line -> line.contains(" lost") || line.contains("disconnected"))
                    .forEach(lost::add);
        }
        return lost;
    }

    private record Row(int workers, int hosts, Window window, int registeredAfter) {
    }

    private static void print(List<Row> rows, Window idle, List<String> lost) {
        System.out.println();
        System.out.println("| workers | connections | master CPU | CPU µs / worker / s, net of idle | Sluice threads"
                + " | JIT compiler | GC | read B / worker / s | written B / worker / s | syscalls / heartbeat | wake-ups / heartbeat"
                + " | heartbeats / worker / s (min-max) | registered after |");
        System.out.println("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |");
        for (Row row : rows) {
            Window w = row.window();
            int n = row.workers();
            System.out.printf("| %,d | %d | %.1f %% | %.1f | %.1f | %.1f | %.1f | %.0f | %.0f | %.2f | %.2f | %.3f (%.2f-%.2f)"
                    + " | %,d |%n", n, row.hosts(), w.cpuMicrosPerSecond() / 1e4,
                    (w.cpuMicrosPerSecond() - idle.cpuMicrosPerSecond()) / n, w.cpuMicrosPerSecond(SLUICE) / n,
                    w.cpuMicrosPerSecond(JIT) / n, w.cpuMicrosPerSecond(GC) / n,
                    (w.readPerSecond() - idle.readPerSecond()) / n, (w.writtenPerSecond() - idle.writtenPerSecond()) / n,
                    (w.syscallsPerSecond() - idle.syscallsPerSecond()) / (w.heartbeatsPerWorkerPerSecond() * n),
                    (w.wakeupsPerSecond() - idle.wakeupsPerSecond()) / (w.heartbeatsPerWorkerPerSecond() * n),
                    w.heartbeatsPerWorkerPerSecond(), w.minHeartbeatsPerSecond(), w.maxHeartbeatsPerSecond(),
                    row.registeredAfter());
        }
        System.out.printf("idle master: %.1f %% CPU (Sluice threads %.2f %%), %.0f B/s read, %.0f B/s written, %.0f"
                + " syscalls/s, %.0f wake-ups/s (subtracted where it says so)%n", idle.cpuMicrosPerSecond() / 1e4,
                idle.cpuMicrosPerSecond(SLUICE) / 1e4, idle.readPerSecond(), idle.writtenPerSecond(),
                idle.syscallsPerSecond(), idle.wakeupsPerSecond());
        System.out.println("master log lines about lost or disconnected workers: " + lost.size());
        lost.stream().limit(5).forEach(line -> System.out.println("  " + line));
    }

    /** Thread kinds by the names the kernel keeps: the RPC event loops and timers, and the components' main threads. */
    private static final String[] SLUICE = {"sluice-"};
    private static final String[] JIT = {"C# CompilerThre"};
    private static final String[] GC = {"GC Thread", "G# ", "VM Thread"};

    /** Command-line options with the defaults of issue 12 §5. */
    private static final class Options {
        int[] sizes = {100, 250, 500, 1000};
        int perHost = 100;
        int slots = 4;
        HeartbeatSettings heartbeat = new HeartbeatSettings(Duration.ofSeconds(1), Duration.ofSeconds(5));
        Duration window = Duration.ofSeconds(30);
        Duration warmup = Duration.ofSeconds(30);
        Path dist = Path.of("distribution/target/sluice");
        Path work = Path.of("benchmarks/target/many-workers");

        static Options parse(String[] args) {
            Options options = new Options();
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i += 2) {
                if (!args[i].startsWith("--") || i + 1 >= args.length) {
                    throw new IllegalArgumentException("expected --option value, got '" + args[i] + "'");
                }
                values.put(args[i].substring(2), args[i + 1]);
            }
            Duration interval = options.heartbeat.interval();
            Duration timeout = options.heartbeat.timeout();
            for (Map.Entry<String, String> entry : values.entrySet()) {
                String value = entry.getValue();
                switch (entry.getKey()) {
                    case "sizes" -> options.sizes = Arrays.stream(value.split(",")).mapToInt(s -> Integer.parseInt(
                            s.trim())).sorted().toArray();
                    case "per-host" -> options.perHost = Integer.parseInt(value);
                    case "slots" -> options.slots = Integer.parseInt(value);
                    case "interval" -> interval = duration(value);
                    case "timeout" -> timeout = duration(value);
                    case "window" -> options.window = duration(value);
                    case "warmup" -> options.warmup = duration(value);
                    case "dist" -> options.dist = Path.of(value);
                    case "work" -> options.work = Path.of(value);
                    default -> throw new IllegalArgumentException("unknown option --" + entry.getKey());
                }
            }
            if (options.sizes.length == 0 || options.sizes[0] < 1 || options.sizes[options.sizes.length - 1] > 10_000
                    || options.perHost < 1 || options.slots < 1) {
                throw new IllegalArgumentException("--sizes 1 to 10000, --per-host and --slots at least 1");
            }
            if (options.window.compareTo(Duration.ofSeconds(1)) < 0 || options.window.compareTo(Duration.ofMinutes(10)) > 0
                    || options.warmup.isNegative() || options.warmup.compareTo(Duration.ofMinutes(10)) > 0) {
                throw new IllegalArgumentException("--window 1 s to 10 min, --warmup 0 to 10 min");
            }
            options.heartbeat = new HeartbeatSettings(interval, timeout);
            return options;
        }

        /** {@code 500ms}, {@code 30s} or {@code 2min}. */
        static Duration duration(String text) {
            String value = text.trim();
            if (value.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
            }
            if (value.endsWith("min")) {
                return Duration.ofMinutes(Long.parseLong(value.substring(0, value.length() - 3)));
            }
            if (value.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)));
            }
            throw new IllegalArgumentException("'" + text + "' is not a duration (500ms, 30s, 2min)");
        }
    }
}
