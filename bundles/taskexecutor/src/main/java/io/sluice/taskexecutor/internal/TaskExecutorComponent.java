package io.sluice.taskexecutor.internal;

import io.sluice.api.job.ResourceProfile;
import io.sluice.api.plugin.StrategyOptions;
import io.sluice.api.resource.ResourceProvider;
import io.sluice.api.slot.WorkerId;
import io.sluice.registry.OperatorCatalog;
import io.sluice.rpc.HeartbeatSettings;
import io.sluice.rpc.ThreadMainThreadExecutor;
import io.sluice.rpc.gateway.ResourceManagerGateway;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
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
 * ResourceManager service and leaves the cluster when its configuration is deleted.
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

    private final ThreadMainThreadExecutor mainThread;
    private final java.util.concurrent.ExecutorService taskThreads;
    private final TaskExecutor taskExecutor;
    private final Logger log;

    @Activate
    public TaskExecutorComponent(@Reference ResourceManagerGateway resourceManager, @Reference LocalShuffle shuffle,
            @Reference OperatorCatalog operators, @Reference(service = LoggerFactory.class) Logger log,
            Map<String, Object> properties) {
        this.log = log;
        WorkerId id = new WorkerId(workerId(properties));
        Settings settings;
        try {
            settings = parse(properties);
        } catch (IllegalArgumentException e) {
            log.error("TaskExecutor {} not started: configuration {}: {}", id, properties.get("service.pid"),
                    e.getMessage());
            throw e;
        }
        int slots = settings.slots();
        ResourceProfile profile = settings.slotProfile();
        HeartbeatSettings heartbeat = settings.heartbeat();
        this.mainThread = new ThreadMainThreadExecutor("sluice-taskexecutor-" + id);
        this.taskThreads = TaskRuntime.taskThreadPool("sluice-task-" + id);
        this.taskExecutor = new TaskExecutor(id, mainThread, Collections.nCopies(slots, profile), resourceManager,
                heartbeat, new TaskRuntime(operators, shuffle.partitions(), shuffle.settings(),
                        taskThreads, log::warn));
        mainThread.execute(() -> taskExecutor.start().whenComplete((ok, error) -> {
            if (error != null) {
                log.error("TaskExecutor {} could not register at the ResourceManager", id, error);
            }
        }));
        log.info("TaskExecutor {} started with {} slots of {}", id, slots, profile);
    }

    /** What a worker's configuration says. */
    record Settings(int slots, ResourceProfile slotProfile, HeartbeatSettings heartbeat) {
    }

    /** Parses a worker's configuration; throws {@link IllegalArgumentException} naming the bad key. */
    static Settings parse(Map<String, ?> properties) {
        Map<String, String> values = new HashMap<>();
        properties.forEach((key, value) -> values.put(key, String.valueOf(value)));
        StrategyOptions options = new StrategyOptions("", values);
        HeartbeatSettings heartbeat = new HeartbeatSettings(options.getDuration("heartbeat.interval",
                HeartbeatSettings.DEFAULT.interval()), options.getDuration("heartbeat.timeout",
                        HeartbeatSettings.DEFAULT.timeout()));
        int slots = options.getInt(ResourceProvider.SLOTS_PROPERTY, 1);
        double cpu = options.getDouble(ResourceProvider.SLOT_CPU_PROPERTY, 1.0);
        int heap = options.getInt(ResourceProvider.SLOT_HEAP_PROPERTY, 512);
        int managed = options.getInt(ResourceProvider.SLOT_MANAGED_PROPERTY, 0);
        if (slots < 1 || cpu < 0 || heap < 0 || managed < 0) {
            throw new IllegalArgumentException("taskexecutor.slots must be >= 1 and slot resources >= 0, got "
                    + slots + " slots of " + cpu + " cores, " + heap + " MB heap, " + managed + " MB managed");
        }
        return new Settings(slots, new ResourceProfile((int) Math.round(cpu * 1000), heap, managed), heartbeat);
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

    @Deactivate
    void deactivate() {
        mainThread.execute(() -> taskExecutor.stop("its configuration was removed or the platform stops"));
        mainThread.close();
        taskThreads.shutdown(); // running tasks were cancelled by stop(); their threads end with them
        log.info("TaskExecutor {} stopped", taskExecutor.id());
    }
}
