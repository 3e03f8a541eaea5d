package io.sluice.jobmaster.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.failover.FailoverStrategyFactory;
import io.sluice.api.failover.RestartBackoffStrategyFactory;
import io.sluice.api.job.JobGraph;
import io.sluice.api.job.JobValidationException;
import io.sluice.api.job.OperatorSpec;
import io.sluice.api.job.PartitionerKind;
import io.sluice.api.job.ResourceProfile;
import io.sluice.api.job.ResultPartitionType;
import io.sluice.api.job.SlotSharingGroup;
import io.sluice.api.operator.Operator;
import io.sluice.api.operator.OperatorContext;
import io.sluice.api.operator.OperatorFactory;
import io.sluice.api.operator.OperatorKind;
import io.sluice.jobmaster.JobChecks;
import io.sluice.registry.OperatorCatalog;
import io.sluice.registry.PluginInfo;
import io.sluice.registry.ResolvedStrategy;
import io.sluice.registry.StrategyKind;
import io.sluice.registry.StrategyListener;
import io.sluice.registry.StrategyRegistry;
import io.sluice.registry.UnknownStrategyException;
import io.sluice.scheduler.eager.EagerSchedulingStrategyFactory;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The checks of a job before it runs, as far as they are the JobMaster's own (slot sharing sums, strategies). */
class JobChecksTest {
    private static final OperatorCatalog OPERATORS = OperatorCatalog.of(Map.of("source", ofKind(OperatorKind.SOURCE),
            "map", ofKind(OperatorKind.TRANSFORM), "sink", ofKind(OperatorKind.SINK)));
    private static final int HALF = Integer.MAX_VALUE / 2;

    private static OperatorFactory ofKind(OperatorKind kind) {
        return new OperatorFactory() {
            @Override
            public OperatorKind kind() {
                return kind;
            }

            @Override
            public Operator create(OperatorContext context) {
                throw new UnsupportedOperationException();
            }
        };
    }

    /** One strategy of each kind the checks resolve, each registered as {@code test}; the defaults as given. */
    private static StrategyRegistry registry(String defaultName) {
        Map<StrategyKind<?>, Object> services = Map.of(StrategyKind.SCHEDULER, new EagerSchedulingStrategyFactory(),
                StrategyKind.FAILOVER, (FailoverStrategyFactory) (topology, availability) -> null,
                StrategyKind.RESTART, (RestartBackoffStrategyFactory) options -> null);
        return new StrategyRegistry() {
            @Override
            public <S> Optional<ResolvedStrategy<S>> find(StrategyKind<S> kind, String name) {
                return name.equals("test") ? Optional.of(new ResolvedStrategy<>(kind.serviceType().cast(services.get(kind)),
                        new PluginInfo(kind, name, "test", "1.0.0", 0, 0, PluginInfo.State.ACTIVE, false), false))
                        : Optional.empty();
            }

            @Override
            public <S> ResolvedStrategy<S> require(StrategyKind<S> kind, String name) {
                boolean useDefault = name == null || name.isBlank();
                String wanted = useDefault ? defaultName : name;
                return find(kind, wanted).orElseThrow(() -> new UnknownStrategyException("unknown " + kind + " '"
                        + wanted + "'" + (useDefault ? " (the cluster default)" : "") + "; registered: test"));
            }

            @Override
            public <S> ResolvedStrategy<S> resolveOrDefault(StrategyKind<S> kind, String name) {
                return require(kind, name);
            }

            @Override
            public String defaultName(StrategyKind<?> kind) {
                return defaultName;
            }

            @Override
            public List<PluginInfo> plugins() {
                return List.of();
            }

            @Override
            public void addListener(StrategyListener listener) {
            }

            @Override
            public void removeListener(StrategyListener listener) {
            }
        };
    }

    private static final JobChecks CHECKS = new JobChecks(registry("test"), OPERATORS, JobChecks.DEFAULT_MAX_TASKS);

    /** source (declares nothing, 1 subtask) -> map -> sink (2 subtasks each, {@code cpu} milli-cores each). */
    private static JobGraph job(int mapCpu, int sinkCpu) {
        return JobGraph.builder("j")
                .vertex("src", List.of(new OperatorSpec("src", "source")), 1, SlotSharingGroup.DEFAULT, null,
                        ResourceProfile.UNKNOWN)
                .vertex("map", List.of(new OperatorSpec("map", "map")), 2, SlotSharingGroup.DEFAULT, null,
                        new ResourceProfile(mapCpu, 1, 0))
                .vertex("out", List.of(new OperatorSpec("out", "sink")), 2, SlotSharingGroup.DEFAULT, null,
                        new ResourceProfile(sinkCpu, 1, 0))
                .connect("src", "map", PartitionerKind.HASH, ResultPartitionType.PIPELINED)
                .connect("map", "out", PartitionerKind.FORWARD, ResultPartitionType.PIPELINED).build();
    }

    @Test
    void aSlotSharingGroupsDeclaredResourcesAddUpBesideAVertexThatDeclaresNone() {
        // slot 1 holds map#1 and out#1 but not src: its sum overflows although slot 0's is unknown
        assertThatThrownBy(() -> CHECKS.check(job(HALF + 1, HALF + 1)))
                .isInstanceOf(JobValidationException.class)
                .hasMessage("job 'j': slot sharing group 'default' asks for more resources in sum than a slot can have"
                        + " (at most 2147483647 milli-cores and MB each)");
    }

    @Test
    void everyJobTheChecksAcceptHasSharedSlotsThatAddUp() {
        JobChecks.CheckedJob largest = CHECKS.check(job(HALF, HALF + 1));
        assertThat(SharedSlots.slotProfiles(largest.graph())).containsExactly(
                Map.entry(new ResourceProfile(Integer.MAX_VALUE, 2, 0), "slot 1 of slot sharing group 'default'"));
    }

    @Test
    void aStrategyErrorNamesTheConfigKeyOnlyWhenTheJobSetsIt() {
        JobChecks missingDefault = new JobChecks(registry("gone"), OPERATORS, JobChecks.DEFAULT_MAX_TASKS);
        JobGraph job = job(1, 1);
        assertThatThrownBy(() -> missingDefault.check(job))
                .hasMessage("job 'j': unknown scheduler 'gone' (the cluster default); registered: test");
        JobGraph naming = JobGraph.builder("j").config("scheduler", "nope")
                .vertex("src", List.of(new OperatorSpec("src", "source")), 1, SlotSharingGroup.DEFAULT, null,
                        ResourceProfile.UNKNOWN).build();
        assertThatThrownBy(() -> CHECKS.check(naming))
                .hasMessage("job 'j': config 'scheduler': unknown scheduler 'nope'; registered: test");
    }
}
