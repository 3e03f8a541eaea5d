package io.sluice.resourcemanager.internal;

import io.sluice.api.job.ResourceProfile;
import io.sluice.api.plugin.StrategyOptions;
import io.sluice.api.resource.ResourceProvider;
import io.sluice.api.resource.WorkerSpec;
import io.sluice.rpc.HeartbeatSettings;
import java.time.Duration;
import java.util.Map;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration {@value #PID} ({@code conf/io.sluice.resourcemanager.cfg}), parsed whole: an invalid value or an
 * unknown key rejects the file, naming the key, and the running settings stay.
 */
final class ResourceManagerConfig {
    static final String PID = "io.sluice.resourcemanager";

    private ResourceManagerConfig() {
    }

    @ObjectClassDefinition(id = PID, name = "ResourceManager",
            description = "Slot requests, worker heartbeats, and the workers an active resource provider starts.")
    @interface Config {
        @AttributeDefinition(name = "slot.request-timeout",
                description = "How long a slot request may wait for a fitting slot before it fails (Flink's default).")
        String slot_request$_$timeout() default "5min";

        @AttributeDefinition(name = "resourcemanager.worker-idle-timeout",
                description = "How long a worker an active provider started may stay idle before it is stopped.")
        String resourcemanager_worker$_$idle$_$timeout() default "30s";

        @AttributeDefinition(name = "resourcemanager.start-worker.max-failure-rate", type = AttributeType.DOUBLE,
                description = "Failed worker starts per minute after which the next start waits for"
                        + " resourcemanager.start-worker.retry-interval; below it a failed start is retried at once.")
        double resourcemanager_start$_$worker_max$_$failure$_$rate() default 10.0;

        @AttributeDefinition(name = "resourcemanager.start-worker.retry-interval",
                description = "How long worker starts pause once the failure rate is reached.")
        String resourcemanager_start$_$worker_retry$_$interval() default "3s";

        @AttributeDefinition(name = "heartbeat.interval", description = "How often TaskExecutors are asked for a heartbeat.")
        String heartbeat_interval() default "10s";

        @AttributeDefinition(name = "heartbeat.timeout",
                description = "Silence after which a TaskExecutor is lost and its slots are freed.")
        String heartbeat_timeout() default "50s";

        @AttributeDefinition(name = "taskexecutor.slots", type = AttributeType.INTEGER,
                description = "Slots of each worker an active provider starts.")
        int taskexecutor_slots() default 2;

        @AttributeDefinition(name = "taskexecutor.slot.cpu", type = AttributeType.DOUBLE,
                description = "CPU cores of each slot of a started worker.")
        double taskexecutor_slot_cpu() default 1.0;

        @AttributeDefinition(name = "taskexecutor.slot.heap-mb", type = AttributeType.INTEGER,
                description = "Heap of each slot of a started worker, in MB.")
        int taskexecutor_slot_heap$_$mb() default 512;
    }

    /**
     * Parses the settings; throws {@link IllegalArgumentException} naming the first bad key and its value, or the
     * unknown keys with the known ones.
     */
    static ResourceManagerSettings parse(Map<String, ?> properties) {
        StrategyOptions options = StrategyOptions.ofConfiguration(properties);
        Duration requestTimeout = positive(options, "slot.request-timeout",
                options.getDuration("slot.request-timeout", ResourceManagerSettings.DEFAULT_SLOT_REQUEST_TIMEOUT));
        Duration idleTimeout = positive(options, "resourcemanager.worker-idle-timeout", options.getDuration(
                "resourcemanager.worker-idle-timeout", ResourceManagerSettings.DEFAULT_WORKER_IDLE_TIMEOUT));
        Duration interval = positive(options, "heartbeat.interval",
                options.getDuration("heartbeat.interval", HeartbeatSettings.DEFAULT.interval()));
        Duration timeout = positive(options, "heartbeat.timeout",
                options.getDuration("heartbeat.timeout", HeartbeatSettings.DEFAULT.timeout()));
        int slots = options.getInt(ResourceProvider.SLOTS_PROPERTY, 2);
        if (slots < 1) {
            throw new IllegalArgumentException(ResourceProvider.SLOTS_PROPERTY + " must be >= 1, got " + slots);
        }
        double cpu = options.getDouble(ResourceProvider.SLOT_CPU_PROPERTY, 1.0);
        if (!(cpu >= 0)) { // negated so that NaN is rejected too
            throw new IllegalArgumentException(ResourceProvider.SLOT_CPU_PROPERTY + " must be >= 0, got " + cpu);
        }
        if (!(cpu <= MAX_CPU)) {
            throw new IllegalArgumentException(ResourceProvider.SLOT_CPU_PROPERTY + " must be at most " + MAX_CPU
                    + ", got " + cpu);
        }
        int heap = options.getInt(ResourceProvider.SLOT_HEAP_PROPERTY, 512);
        if (heap < 0) {
            throw new IllegalArgumentException(ResourceProvider.SLOT_HEAP_PROPERTY + " must be >= 0, got " + heap);
        }
        double failureRate = options.getDouble(FAILURE_RATE,
                ResourceManagerSettings.DEFAULT_START_WORKER_MAX_FAILURE_RATE);
        if (!(failureRate > 0) || Double.isInfinite(failureRate)) {
            throw new IllegalArgumentException(FAILURE_RATE + " must be a positive number, got " + failureRate);
        }
        Duration retry = positive(options, RETRY_INTERVAL,
                options.getDuration(RETRY_INTERVAL, ResourceManagerSettings.DEFAULT_START_WORKER_RETRY_INTERVAL));
        options.requireAllKnown();
        return new ResourceManagerSettings(requestTimeout, idleTimeout, new HeartbeatSettings(interval, timeout),
                new WorkerSpec(slots, ResourceProfile.of(cpu, heap)), failureRate, retry);
    }

    private static final String FAILURE_RATE = "resourcemanager.start-worker.max-failure-rate";
    private static final String RETRY_INTERVAL = "resourcemanager.start-worker.retry-interval";

    /** A slot's CPU is held in milli-cores, as an int. */
    private static final int MAX_CPU = Integer.MAX_VALUE / 1000;

    private static Duration positive(StrategyOptions options, String key, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(key + " must be positive, got " + options.asMap().get(key).trim());
        }
        return value;
    }
}
