package io.sluice.taskexecutor.internal;

import io.sluice.api.job.ResourceProfile;
import io.sluice.api.plugin.ConfigurationSource;
import io.sluice.api.plugin.StrategyOptions;
import io.sluice.api.resource.ResourceProvider;
import io.sluice.api.slot.WorkerId;
import io.sluice.registry.OperatorCatalog;
import io.sluice.rpc.HeartbeatSettings;
import io.sluice.rpc.ProcessRole;
import io.sluice.rpc.RpcService;
import io.sluice.rpc.ThreadMainThreadExecutor;
import io.sluice.rpc.gateway.ResourceManagerGateway;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One TaskExecutor per factory configuration of {@value ResourceProvider#TASK_EXECUTOR_FACTORY_PID}: made by
 * the {@code embedded} provider when the cluster needs a worker, or by an operator as
 * {@code conf/io.sluice.taskexecutor-<name>.cfg} for a standalone worker. It registers with the
 * ResourceManager service and leaves the cluster when its configuration is deleted. An invalid configuration
 * starts no worker, or leaves the running one as it is, with one error naming the file, the key and the value; a
 * valid change restarts the worker with the new settings.
 */
@Component(configurationPid = ResourceProvider.TASK_EXECUTOR_FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = TaskExecutorComponent.Config.class, factory = true)
public class TaskExecutorComponent {

    @ObjectClassDefinition(id = ResourceProvider.TASK_EXECUTOR_FACTORY_PID, name = "TaskExecutor",
            description = "A worker in this JVM offering slots; one configuration per worker.")
    @interface Config {
        @AttributeDefinition(name = "taskexecutor.id",
                description = "The worker's id; by default the configuration's name (the part after '-' in the file name).")
        String taskexecutor_id() default "";

        @AttributeDefinition(name = "taskexecutor.slots", type = AttributeType.INTEGER,
                description = "How many slots the worker offers (Flink's default: 1).")
        int taskexecutor_slots() default 1;

        @AttributeDefinition(name = "taskexecutor.slot.cpu", type = AttributeType.DOUBLE,
                description = "CPU cores of each slot.")
        double taskexecutor_slot_cpu() default 1.0;

        @AttributeDefinition(name = "taskexecutor.slot.heap-mb", type = AttributeType.INTEGER,
                description = "Heap of each slot, in MB.")
        int taskexecutor_slot_heap$_$mb() default 512;

        @AttributeDefinition(name = "taskexecutor.slot.managed-mb", type = AttributeType.INTEGER,
                description = "Managed memory of each slot, in MB.")
        int taskexecutor_slot_managed$_$mb() default 0;

        @AttributeDefinition(name = "heartbeat.interval",
                description = "How often the worker expects the ResourceManager's and its JobMasters' heartbeats.")
        String heartbeat_interval() default "10s";

        @AttributeDefinition(name = "heartbeat.timeout",
                description = "Silence after which the worker registers again at the ResourceManager, or frees the"
                        + " slots of a JobMaster; longer than heartbeat.interval.")
        String heartbeat_timeout() default "50s";
    }

    /** Marks the configuration a worker process made for its own TaskExecutor. */
    static final String PROCESS_WORKER_PROPERTY = "sluice.process.worker";

    /** How long a restart or a deactivation waits for the old TaskExecutor to have left the cluster. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);

    private final RpcService rpc;
    private final ProcessRole role;
    private final ResourceManagerGateway resourceManager;
    private final LocalShuffle shuffle;
    /** The data plane of a worker process; {@code null} in the embedded platform. */
    private final WorkerDataPlane dataPlane;
    private final OperatorCatalog operators;
    private final Logger log;
    /** The worker running now; {@code null} while the configuration is invalid. Guarded by {@code this}. */
    private Running running;

    /**
     * An invalid configuration does not fail the component (DS would log a stack trace and retry nothing): it
     * stays active without a worker, and the first valid version of the file starts one.
     */
    @Activate
    public TaskExecutorComponent(@Reference RpcService rpc,
            @Reference(target = ProcessRole.WORKER_OR_EMBEDDED) ProcessRole.Service role,
            @Reference ResourceManagerGateway resourceManager, @Reference LocalShuffle shuffle,
            @Reference OperatorCatalog operators, @Reference(service = LoggerFactory.class) Logger log,
            // greedy: a worker process's TaskExecutor waits for it (see apply), and starts once it is bound
            @Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY)
            WorkerDataPlane dataPlane, Map<String, Object> properties) {
        this.rpc = rpc;
        this.role = role.role();
        this.resourceManager = resourceManager;
        this.shuffle = shuffle;
        this.dataPlane = dataPlane;
        this.operators = operators;
        this.log = log;
        synchronized (this) {
            apply(properties);
        }
    }

    /**
     * A changed file: an invalid one leaves the running worker as it is; valid new settings restart the worker
     * with them (its tasks fail over like those of any worker that leaves); the same settings change nothing.
     */
    @Modified
    synchronized void modified(Map<String, Object> properties) {
        apply(properties);
    }

    @Deactivate
    synchronized void deactivate() {
        if (running != null) {
            running.stop("its configuration was removed or the platform stops");
            log.info("TaskExecutor {} stopped", running.settings().id());
            running = null;
        }
    }

    private void apply(Map<String, Object> properties) {
        if (role == ProcessRole.WORKER && !"true".equals(String.valueOf(properties.get(PROCESS_WORKER_PROPERTY)))) {
            log.info("{} configures a worker of the embedded platform; this worker process runs only its own"
                    + " TaskExecutor", ConfigurationSource.describe(properties));
            return;
        }
        if (role == ProcessRole.WORKER && (dataPlane == null || dataPlane.partitions() == null)) {
            // without a data port its tasks could neither serve their partitions nor read others': no slots at all
            log.info("TaskExecutor {} starts once the worker's data port is up{}", workerId(properties),
                    dataPlane == null ? "" : " (it could not start, see the error above)");
            return;
        }
        Settings settings;
        try {
            settings = parse(properties);
        } catch (IllegalArgumentException e) {
            String source = ConfigurationSource.describe(properties);
            if (running == null) {
                log.error("{} rejected, TaskExecutor {} does not start until it is fixed: {}", source,
                        workerId(properties), e.getMessage());
            } else {
                log.error("{} rejected, the running settings stay: {}", source, e.getMessage());
            }
            return;
        }
        if (running != null) {
            if (running.settings().equals(settings)) {
                return; // the file was touched, or rewritten with the same values
            }
            log.info("TaskExecutor {} restarts with the new settings of {}: {} (were {})", running.settings().id(),
                    ConfigurationSource.describe(properties), settings, running.settings());
            running.stop("its configuration changed; it restarts with the new settings");
            log.info("TaskExecutor {} stopped", running.settings().id());
            running = null;
        }
        running = start(settings);
    }

    private Running start(Settings settings) {
        WorkerId id = settings.id();
        ThreadMainThreadExecutor mainThread = new ThreadMainThreadExecutor("sluice-taskexecutor-" + id);
        ExecutorService taskThreads = TaskRuntime.taskThreadPool("sluice-task-" + id);
        TaskExecutor taskExecutor = new TaskExecutor(rpc, id, mainThread,
                Collections.nCopies(settings.slots(), settings.slotProfile()), resourceManager, settings.heartbeat(),
                new TaskRuntime(operators, shuffle.partitions(), shuffle.settings(), taskThreads, log::warn,
                        dataPlane == null ? null : dataPlane.partitions()));
        mainThread.execute(() -> taskExecutor.start().whenComplete((ok, error) -> {
            if (error != null) {
                log.error("TaskExecutor {} could not register at the ResourceManager", id, error);
            }
        }));
        log.info("TaskExecutor {} started with {} slots of {}", id, settings.slots(), settings.slotProfile());
        return new Running(settings, mainThread, taskThreads, taskExecutor);
    }

    /** A started worker: its TaskExecutor, the threads it runs on, and the settings it was started with. */
    private record Running(Settings settings, ThreadMainThreadExecutor mainThread, ExecutorService taskThreads,
            TaskExecutor taskExecutor) {

        /**
         * Leaves the cluster and ends the threads. Waits (bounded) until the TaskExecutor has told the
         * ResourceManager and its JobMasters, so that a successor with the same id registers after that.
         */
        void stop(String cause) {
            CompletableFuture<Void> stopped = new CompletableFuture<>();
            boolean accepted = mainThread.tryExecute(() -> {
                try {
                    taskExecutor.stop(cause);
                } finally {
                    stopped.complete(null);
                }
            });
            mainThread.close(); // what is queued still runs, the stop included
            if (accepted) {
                try {
                    stopped.get(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (ExecutionException | TimeoutException e) {
                    // the old main thread is stuck; the successor registers anyway and the ResourceManager reconciles
                }
            }
            taskThreads.shutdown(); // running tasks were cancelled by stop(); their threads end with them
        }
    }

    /** What a worker's configuration says. */
    record Settings(WorkerId id, int slots, ResourceProfile slotProfile, HeartbeatSettings heartbeat) {
        @Override
        public String toString() {
            return slots + " slots of " + slotProfile + ", heartbeats " + heartbeat.interval().toMillis() + " ms / "
                    + heartbeat.timeout().toMillis() + " ms";
        }
    }

    /**
     * Parses a worker's configuration; throws {@link IllegalArgumentException} naming the bad key and its value,
     * or the unknown key with the known ones.
     */
    static Settings parse(Map<String, ?> properties) {
        Map<String, Object> settable = new java.util.HashMap<>(properties);
        settable.remove(PROCESS_WORKER_PROPERTY); // set by a worker process, not by users: never listed as known
        StrategyOptions options = StrategyOptions.ofConfiguration(settable);
        options.getString(ResourceProvider.WORKER_ID_PROPERTY, ""); // read by workerId(), known here
        Duration interval = positive(options, "heartbeat.interval",
                options.getDuration("heartbeat.interval", HeartbeatSettings.DEFAULT.interval()));
        Duration timeout = positive(options, "heartbeat.timeout",
                options.getDuration("heartbeat.timeout", HeartbeatSettings.DEFAULT.timeout()));
        int slots = options.getInt(ResourceProvider.SLOTS_PROPERTY, 1);
        if (slots < 1) {
            throw new IllegalArgumentException(ResourceProvider.SLOTS_PROPERTY + " must be >= 1, got " + slots);
        }
        double cpu = options.getDouble(ResourceProvider.SLOT_CPU_PROPERTY, 1.0);
        // negated so that NaN is rejected too
        if (!(cpu >= 0)) {
            throw new IllegalArgumentException(ResourceProvider.SLOT_CPU_PROPERTY + " must be >= 0, got " + cpu);
        }
        if (!(cpu <= MAX_CPU)) {
            throw new IllegalArgumentException(ResourceProvider.SLOT_CPU_PROPERTY + " must be at most " + MAX_CPU
                    + ", got " + cpu);
        }
        int heap = atLeastZero(ResourceProvider.SLOT_HEAP_PROPERTY, options.getInt(ResourceProvider.SLOT_HEAP_PROPERTY, 512));
        int managed = atLeastZero(ResourceProvider.SLOT_MANAGED_PROPERTY,
                options.getInt(ResourceProvider.SLOT_MANAGED_PROPERTY, 0));
        options.requireAllKnown();
        return new Settings(new WorkerId(workerId(properties)), slots,
                new ResourceProfile((int) Math.round(cpu * 1000), heap, managed), new HeartbeatSettings(interval, timeout));
    }

    /** A slot's CPU is held in milli-cores, as an int. */
    private static final int MAX_CPU = Integer.MAX_VALUE / 1000;

    private static int atLeastZero(String key, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(key + " must be >= 0, got " + value);
        }
        return value;
    }

    private static Duration positive(StrategyOptions options, String key, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(key + " must be positive, got " + options.asMap().get(key).trim());
        }
        return value;
    }

    /** The explicit id, else the configuration name of a named factory configuration, else the PID. */
    static String workerId(Map<String, ?> properties) {
        Object explicit = properties.get(ResourceProvider.WORKER_ID_PROPERTY);
        if (explicit != null && !String.valueOf(explicit).isBlank()) {
            return String.valueOf(explicit);
        }
        String pid = String.valueOf(properties.get("service.pid"));
        int separator = pid.lastIndexOf('~');
        return separator >= 0 ? pid.substring(separator + 1) : pid;
    }
}
