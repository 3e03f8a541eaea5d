package io.sluice.jobmaster.internal;

import io.sluice.api.plugin.ConfigurationSource;
import io.sluice.api.plugin.StrategyOptions;
import io.sluice.rpc.HeartbeatSettings;
import java.time.Duration;
import java.util.Map;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration {@value #PID} ({@code conf/io.sluice.jobmaster.cfg}) of every JobMaster, parsed whole: an invalid
 * value or an unknown key rejects the file, naming the key, and the running settings stay.
 */
final class JobMasterConfig {
    static final String PID = "io.sluice.jobmaster";

    private JobMasterConfig() {
    }

    @ObjectClassDefinition(id = PID, name = "JobMaster",
            description = "The slot pool and TaskExecutor heartbeats of every job; changes apply to running jobs too.")
    @interface Config {
        @AttributeDefinition(name = "slot.idle-timeout",
                description = "How long a slot no task uses stays in the job's slot pool before it is returned (Flink's default).")
        String slot_idle$_$timeout() default "50s";

        @AttributeDefinition(name = "heartbeat.interval", description = "How often the job's TaskExecutors are asked for a heartbeat.")
        String heartbeat_interval() default "10s";

        @AttributeDefinition(name = "heartbeat.timeout",
                description = "Silence after which a TaskExecutor is lost to the job and its tasks fail over.")
        String heartbeat_timeout() default "50s";

        @AttributeDefinition(name = "web.exception-history-size", type = AttributeType.INTEGER,
                description = "How many of a job's newest failures its history keeps, for new jobs (Flink's default);"
                        + " the restart count includes them all.")
        int web_exception$_$history$_$size() default JobRecovery.DEFAULT_EXCEPTION_HISTORY_SIZE;

        @AttributeDefinition(name = "job.max-tasks", type = AttributeType.INTEGER,
                description = "The most tasks (subtasks of all job vertices) a job may have, and the most operators it"
                        + " may declare; larger jobs are refused at submission, and by 'sluice plan' and 'sluice run'"
                        + " before anything starts.")
        int job_max$_$tasks() default io.sluice.jobmaster.JobChecks.DEFAULT_MAX_TASKS;
    }

    /** Everything the file sets. */
    record Settings(SlotPoolSettings slotPool, int exceptionHistorySize, int maxTasks) {
    }

    /**
     * Parses the settings; throws {@link IllegalArgumentException} naming the first bad key and its value, or the
     * unknown keys with the known ones.
     */
    static Settings parseAll(Map<String, ?> properties) {
        StrategyOptions options = StrategyOptions.ofConfiguration(properties);
        SlotPoolSettings slotPool = slotPool(options);
        int history = options.getInt("web.exception-history-size", JobRecovery.DEFAULT_EXCEPTION_HISTORY_SIZE);
        if (history < 1) {
            throw new IllegalArgumentException("web.exception-history-size must be >= 1, got " + history);
        }
        int maxTasks = options.getInt("job.max-tasks", io.sluice.jobmaster.JobChecks.DEFAULT_MAX_TASKS);
        if (maxTasks < 1) {
            throw new IllegalArgumentException("job.max-tasks must be >= 1, got " + maxTasks);
        }
        options.requireAllKnown();
        return new Settings(slotPool, history, maxTasks);
    }

    /** Where the configuration came from, for the messages that reject it: its file, else its PID. */
    static String source(Map<String, ?> properties) {
        return ConfigurationSource.describe(properties);
    }

    private static SlotPoolSettings slotPool(StrategyOptions options) {
        Duration idle = positive(options, "slot.idle-timeout", options.getDuration("slot.idle-timeout",
                SlotPoolSettings.DEFAULT_IDLE_TIMEOUT));
        Duration interval = positive(options, "heartbeat.interval", options.getDuration("heartbeat.interval",
                HeartbeatSettings.DEFAULT.interval()));
        Duration timeout = positive(options, "heartbeat.timeout", options.getDuration("heartbeat.timeout",
                HeartbeatSettings.DEFAULT.timeout()));
        return new SlotPoolSettings(idle, new HeartbeatSettings(interval, timeout));
    }

    private static Duration positive(StrategyOptions options, String key, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(key + " must be positive, got " + options.asMap().get(key).trim());
        }
        return value;
    }
}
