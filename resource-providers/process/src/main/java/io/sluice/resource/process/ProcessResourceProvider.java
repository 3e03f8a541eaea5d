package io.sluice.resource.process;

import io.sluice.api.plugin.ConfigurationSource;
import io.sluice.api.plugin.StrategyName;
import io.sluice.api.plugin.StrategyOptions;
import io.sluice.api.resource.ResourceProvider;
import io.sluice.api.resource.WorkerSpec;
import io.sluice.api.slot.WorkerId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The {@code process} resource provider: a worker is a JVM of this distribution on this host,
 * {@code bin/sluice worker --master <the master> --slots N --id process-...}, started when slot requests cannot
 * be met and stopped (SIGTERM, then SIGKILL after a grace period) when the ResourceManager finds it idle or this
 * provider goes away, so a master that stops leaves none of its workers behind. It knows nothing of the runtime:
 * the launcher and the master's address in the {@link WorkerSpec} are its whole contract.
 */
@Component(configurationPid = ProcessResourceProvider.PID)
@StrategyName("process")
@Designate(ocd = ProcessResourceProvider.Config.class)
public class ProcessResourceProvider implements ResourceProvider {
    static final String PID = "io.sluice.resource.process";
    private static final long GRACE_SECONDS = 15;

    @ObjectClassDefinition(id = PID, name = "Process resource provider",
            description = "Worker JVMs of this distribution, started on this host on demand.")
    @interface Config {
        @AttributeDefinition(name = "process.max-workers", type = AttributeType.INTEGER,
                description = "At most this many started workers run at once; further requests wait for a slot.")
        int process_max$_$workers() default 16;
    }

    private final Path home;
    private final Logger log;
    private final int maxWorkers;
    private final Map<WorkerId, Process> workers = new ConcurrentHashMap<>();
    private final ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "sluice-process-provider");
        thread.setDaemon(true);
        return thread;
    });

    @Activate
    public ProcessResourceProvider(BundleContext context, @Reference(service = LoggerFactory.class) Logger log,
            Map<String, Object> properties) {
        this.log = log;
        this.home = Path.of(String.valueOf(context.getProperty("sluice.home")));
        int max = 16;
        try {
            Map<String, Object> configured = new java.util.HashMap<>(properties);
            configured.remove(StrategyName.PROPERTY); // the component's own property, not configuration
            StrategyOptions options = StrategyOptions.ofConfiguration(configured);
            max = options.getInt("process.max-workers", 16);
            options.requireAllKnown();
            if (max < 1) {
                throw new IllegalArgumentException("process.max-workers must be >= 1, got " + max);
            }
        } catch (IllegalArgumentException e) {
            log.error("{} rejected, process.max-workers stays 16: {}", ConfigurationSource.describe(properties),
                    e.getMessage());
            max = 16;
        }
        this.maxWorkers = max;
    }

    /** The provider's workers go with it: a stopping master stops the JVMs it started. */
    @Deactivate
    void deactivate() {
        List<WorkerId> started = List.copyOf(workers.keySet());
        started.forEach(worker -> workers.get(worker).destroy());
        for (WorkerId worker : started) {
            stop(workers.remove(worker), worker);
        }
        executor.shutdown();
    }

    @Override
    public boolean isActive() {
        return true;
    }

    @Override
    public CompletableFuture<WorkerId> startWorker(WorkerSpec spec) {
        if (spec.masterAddress() == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("the process resource provider starts"
                    + " workers for a master process (sluice master); this ResourceManager has no RPC port"));
        }
        if (workers.size() >= maxWorkers) {
            return CompletableFuture.failedFuture(new IllegalStateException("process.max-workers (" + maxWorkers
                    + ") workers run already"));
        }
        WorkerId worker = new WorkerId("process-" + UUID.randomUUID().toString().substring(0, 8));
        return CompletableFuture.supplyAsync(() -> {
            try {
                Path logs = home.resolve("logs");
                Files.createDirectories(logs);
                ProcessBuilder builder = new ProcessBuilder("bash", home.resolve("bin/sluice").toString(), "worker",
                        "--master", spec.masterAddress(), "--slots", Integer.toString(spec.slots()),
                        "--id", worker.value())
                        .redirectErrorStream(true)
                        .redirectOutput(logs.resolve(worker.value() + ".out").toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
                Process process = builder.start();
                workers.put(worker, process);
                process.onExit().thenRun(() -> {
                    if (workers.remove(worker, process)) {
                        log.info("worker {} (pid {}) ended with status {}", worker, process.pid(), process.exitValue());
                    }
                });
                log.info("started worker {} (pid {}) with {} slots for {}", worker, process.pid(), spec.slots(),
                        spec.masterAddress());
                return worker;
            } catch (IOException e) {
                throw new IllegalStateException("could not start worker " + worker + ": " + e.getMessage(), e);
            }
        }, executor);
    }

    @Override
    public boolean hasStarted(WorkerId worker) {
        return workers.containsKey(worker);
    }

    @Override
    public CompletableFuture<Void> stopWorker(WorkerId worker) {
        Process process = workers.remove(worker);
        if (process == null) {
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.runAsync(() -> {
            process.destroy();
            stop(process, worker);
        }, executor);
    }

    /** Waits for a process sent SIGTERM; SIGKILL after the grace period. */
    private void stop(Process process, WorkerId worker) {
        try {
            if (!process.waitFor(GRACE_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                log.warn("worker {} (pid {}) did not end within {} s of SIGTERM: killed", worker, process.pid(),
                        GRACE_SECONDS);
            } else {
                log.info("stopped worker {} (pid {})", worker, process.pid());
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
