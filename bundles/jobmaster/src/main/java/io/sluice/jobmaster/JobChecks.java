package io.sluice.jobmaster;

import io.sluice.api.failover.FailoverStrategyFactory;
import io.sluice.api.failover.RestartBackoffStrategy;
import io.sluice.api.failover.RestartBackoffStrategyFactory;
import io.sluice.api.job.JobGraph;
import io.sluice.api.job.JobValidationException;
import io.sluice.api.job.JobVertex;
import io.sluice.api.job.ResourceProfile;
import io.sluice.api.job.SlotSharingGroup;
import io.sluice.api.plugin.ClosestName;
import io.sluice.api.plugin.StrategyOptions;
import io.sluice.api.scheduling.SchedulingStrategyFactory;
import io.sluice.executiongraph.ExecutionGraph;
import io.sluice.registry.OperatorCatalog;
import io.sluice.registry.ResolvedStrategy;
import io.sluice.registry.StrategyKind;
import io.sluice.registry.StrategyRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything about a job that can be checked before it runs, in one place for the JobMaster, {@code sluice run}
 * and {@code sluice plan}: its size, every config key, every operator (type, inputs and outputs its kind allows,
 * parameters), and its scheduler, failover and restart strategies (registered, willing to run it, their options
 * known and valid). Only what depends on the cluster's slots is left to submission. Every problem is a
 * {@link JobValidationException} naming the job, the element and the rule.
 */
public final class JobChecks {
    /** The default of {@link #maxTasks()}: far above what one cluster of this runtime runs, far below what hangs it. */
    public static final int DEFAULT_MAX_TASKS = 100_000;

    private static final String RESTART_PREFIX = "restart.";
    private static final List<String> JOB_KEYS = List.of(StrategyKind.SCHEDULER.configKey(),
            StrategyKind.FAILOVER.configKey(), StrategyKind.RESTART.configKey(), JobGraph.CHAINING);
    private static final Set<String> CLUSTER_KEYS = Set.of(StrategyKind.SLOT_MATCHER.configKey(),
            StrategyKind.RESOURCE_PROVIDER.configKey());

    private final StrategyRegistry registry;
    private final OperatorCatalog operators;
    private final int maxTasks;

    /** A job that passed: its execution graph and the strategies it runs with. */
    public record CheckedJob(JobGraph job, ExecutionGraph graph, ResolvedStrategy<SchedulingStrategyFactory> scheduler,
            ResolvedStrategy<FailoverStrategyFactory> failover, ResolvedStrategy<RestartBackoffStrategyFactory> restart,
            RestartBackoffStrategy backoff) {
    }

    public JobChecks(StrategyRegistry registry, OperatorCatalog operators, int maxTasks) {
        if (maxTasks < 1) {
            throw new IllegalArgumentException("maxTasks must be >= 1, got " + maxTasks);
        }
        this.registry = registry;
        this.operators = operators;
        this.maxTasks = maxTasks;
    }

    /** The most tasks (subtasks of all job vertices) a job may have, and the most operators it may declare. */
    public int maxTasks() {
        return maxTasks;
    }

    /**
     * Checks the job and builds its execution graph.
     *
     * @throws JobValidationException naming the job and the first problem found
     */
    public CheckedJob check(JobGraph job) {
        checkSize(job);
        checkConfig(job);
        operators.check(job).ifPresent(problem -> {
            throw new JobValidationException(job.name(), problem);
        });
        checkSlotSharingResources(job);
        ResolvedStrategy<SchedulingStrategyFactory> scheduler = strategy(job, StrategyKind.SCHEDULER);
        ExecutionGraph graph = ExecutionGraph.build(job);
        reject(job, "scheduler", scheduler, scheduler.service().unsupportedReason(graph), "cannot run it");
        ResolvedStrategy<FailoverStrategyFactory> failover = strategy(job, StrategyKind.FAILOVER);
        reject(job, "failover", failover, failover.service().unsupportedReason(graph), "cannot handle it");
        ResolvedStrategy<RestartBackoffStrategyFactory> restart = strategy(job, StrategyKind.RESTART);
        return new CheckedJob(job, graph, scheduler, failover, restart, backoff(job, restart));
    }

    /**
     * The first, cheap check of a job's size, from its description before it is compiled: it may declare at most
     * {@link #maxTasks()} operators too (each runs as at least one subtask, chained or not).
     *
     * @throws JobValidationException naming the count and the limit
     */
    public void checkOperatorCount(String jobName, int operators) {
        if (operators > maxTasks) {
            throw new JobValidationException(jobName, "the job has " + operators + " operators, more than the limit"
                    + " of " + maxTasks + " (job.max-tasks in conf/io.sluice.jobmaster.cfg)");
        }
    }

    private void checkSize(JobGraph job) {
        long tasks = 0;
        int operatorCount = 0;
        for (JobVertex vertex : job.vertices()) {
            tasks += vertex.parallelism();
            operatorCount += vertex.operators().size();
        }
        checkOperatorCount(job.name(), operatorCount);
        if (tasks > maxTasks) {
            throw new JobValidationException(job.name(), "the job has " + tasks + " tasks, more than the limit of "
                    + maxTasks + " (job.max-tasks in conf/io.sluice.jobmaster.cfg)");
        }
    }

    /**
     * The vertices of one slot sharing group share a slot, which asks for their sum: it must be representable. Only
     * declared resources count, all of them: a shared slot of members with an unknown profile, or of fewer members,
     * adds up less, so SharedSlots can add up any of them without overflow.
     */
    private static void checkSlotSharingResources(JobGraph job) {
        Map<SlotSharingGroup, ResourceProfile> sums = new LinkedHashMap<>();
        for (JobVertex vertex : job.vertices()) {
            if (vertex.resources().isUnknown()) {
                continue; // any slot fits it, but past its parallelism its group's slots ask for the others' sum
            }
            ResourceProfile sum = sums.getOrDefault(vertex.slotSharingGroup(), ResourceProfile.ZERO);
            try {
                sums.put(vertex.slotSharingGroup(), sum.plus(vertex.resources()));
            } catch (ArithmeticException e) {
                throw new JobValidationException(job.name(), "slot sharing group '" + vertex.slotSharingGroup().name()
                        + "' asks for more resources in sum than a slot can have (at most " + Integer.MAX_VALUE
                        + " milli-cores and MB each)");
            }
        }
    }

    private static void checkConfig(JobGraph job) {
        for (Map.Entry<String, String> entry : job.config().entrySet()) {
            String key = entry.getKey();
            if (CLUSTER_KEYS.contains(key)) {
                throw new JobValidationException(job.name(), "config '" + key + "' is chosen by the cluster for "
                        + "every job (conf/io.sluice.registry.cfg), not by a job");
            }
            if (!JOB_KEYS.contains(key) && !key.startsWith(RESTART_PREFIX)) {
                throw new JobValidationException(job.name(), "unknown config key '" + key + "'"
                        + ClosestName.hint(key, JOB_KEYS) + " (known: " + String.join(", ", JOB_KEYS)
                        + ", and the options of the restart strategy as restart.*)");
            }
        }
        String chaining = job.config().get(JobGraph.CHAINING);
        if (chaining != null && !chaining.equals("true") && !chaining.equals("false")) {
            throw new JobValidationException(job.name(), "config 'chaining' must be true or false, got '" + chaining + "'");
        }
    }

    private <S> ResolvedStrategy<S> strategy(JobGraph job, StrategyKind<S> kind) {
        try {
            return registry.require(kind, job.config().get(kind.configKey()));
        } catch (IllegalArgumentException e) {
            // without the key, the problem is the cluster's default (conf/io.sluice.registry.cfg), not the job's config
            throw new JobValidationException(job.name(), (job.config().containsKey(kind.configKey())
                    ? "config '" + kind.configKey() + "': " : "") + e.getMessage());
        }
    }

    private static void reject(JobGraph job, String kind, ResolvedStrategy<?> strategy, Optional<String> reason,
            String verb) {
        if (reason.isPresent()) {
            throw new JobValidationException(job.name(), kind + " '" + strategy.name() + "' " + verb + ": "
                    + reason.get());
        }
    }

    /** The restart backoff, created from the {@code restart.*} keys, every one of them read by the strategy. */
    private static RestartBackoffStrategy backoff(JobGraph job, ResolvedStrategy<RestartBackoffStrategyFactory> restart) {
        Map<String, String> values = new LinkedHashMap<>();
        job.config().forEach((key, value) -> {
            if (key.startsWith(RESTART_PREFIX) && !key.equals(StrategyKind.RESTART.configKey())) {
                values.put(key.substring(RESTART_PREFIX.length()), value);
            }
        });
        StrategyOptions options = new StrategyOptions("restart", values);
        try {
            RestartBackoffStrategy backoff = restart.service().create(options);
            options.requireAllKnown();
            return backoff;
        } catch (IllegalArgumentException e) {
            throw new JobValidationException(job.name(), "restart strategy '" + restart.name() + "': " + e.getMessage());
        }
    }
}
