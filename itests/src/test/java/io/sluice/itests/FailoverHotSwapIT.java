package io.sluice.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.sluice.api.job.JobGraph;
import io.sluice.api.job.JobId;
import io.sluice.api.job.JobStatus;
import io.sluice.api.job.OperatorSpec;
import io.sluice.api.job.PartitionerKind;
import io.sluice.api.job.ResourceProfile;
import io.sluice.api.job.ResultPartitionType;
import io.sluice.api.job.SlotSharingGroup;
import io.sluice.registry.StrategyKind;
import io.sluice.registry.StrategyRegistry;
import io.sluice.rpc.gateway.DispatcherGateway;
import io.sluice.rpc.gateway.JobDetails;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Plugins of a running job are swapped while it waits out a restart backoff: a newer bundle of the
 * {@code region} failover strategy arriving in deploy/ decides the job's next failure, a newer scheduler bundle
 * takes over the job's scheduling; either way the job finishes as if nothing happened, and removing the newer
 * bundle brings the older one back.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FailoverHotSwapIT extends PlatformTestSupport {

    @Inject
    private DispatcherGateway dispatcher;

    @Inject
    private StrategyRegistry registry;

    @Test
    public void theNextFailureIsHandledByTheNewVersionAndTheJobNeverFailsBecauseOfTheSwap() throws Exception {
        String original = registry.require(StrategyKind.FAILOVER, "region").plugin().bundleVersion();
        JobGraph.Builder job = JobGraph.builder("itest-swap")
                .config(Map.of("failover", "region", "restart.strategy", "fixed-delay", "restart.attempts", "3",
                        "restart.delay", "4s"));
        job.vertex("src", List.of(new OperatorSpec("src", "sequence-source", Map.of("from", 1, "to", 50_000)),
                new OperatorSpec("boom", "fail", Map.of("subtask", 0, "atRecord", 10_000, "attempts", 2))), 1,
                SlotSharingGroup.DEFAULT, null, ResourceProfile.UNKNOWN);
        job.vertex("sink", "discard-sink", 1);
        job.connect("src", "sink", PartitionerKind.FORWARD, ResultPartitionType.BLOCKING);
        JobId id = dispatcher.submitJob(job.build()).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

        awaitValue("the first failure", () -> details(id).failures().size(), failures -> failures >= 1);
        Path region = Files.list(Path.of(System.getProperty("sluice.dist.dir"), "bundle"))
                .filter(jar -> jar.getFileName().toString().startsWith("io.sluice.failover.region-")).findFirst()
                .orElseThrow();
        Path newer = deployDir().resolve("region-next.jar");
        writeAtomically(newer, Jars.withHeaders(region, Map.of("Bundle-Version", "9.0.0",
                "Bundle-SymbolicName", "io.sluice.failover.region.next")));
        awaitValue("the newer region strategy", () -> registry.require(StrategyKind.FAILOVER, "region").plugin()
                .bundleVersion(), "9.0.0"::equals);

        JobDetails result = awaitResult(dispatcher, id);
        assertEquals(String.valueOf(result.failure()), JobStatus.FINISHED, result.status());
        assertEquals(2, result.failures().size());
        assertEquals(original, result.failures().get(0).strategyVersion());
        assertEquals("9.0.0", result.failures().get(1).strategyVersion());
        assertEquals("region", result.failures().get(1).strategy());

        Files.delete(newer);
        awaitValue("the original region strategy back", () -> registry.require(StrategyKind.FAILOVER, "region")
                .plugin().bundleVersion(), original::equals);
        assertTrue(registry.plugins().stream().noneMatch(p -> p.bundleVersion().equals("9.0.0")));
    }

    @Test
    public void aSchedulerSwappedWhileTheJobWaitsToRestartTakesOverAndTheJobFinishes() throws Exception {
        JobGraph.Builder job = JobGraph.builder("itest-scheduler-swap")
                .config(Map.of("scheduler", "pipelined-region", "restart.strategy", "fixed-delay",
                        "restart.attempts", "1", "restart.delay", "4s"));
        job.vertex("src", List.of(new OperatorSpec("src", "sequence-source", Map.of("from", 1, "to", 50_000)),
                new OperatorSpec("boom", "fail", Map.of("subtask", 0, "atRecord", 10_000))), 1,
                SlotSharingGroup.DEFAULT, null, ResourceProfile.UNKNOWN);
        job.vertex("sink", "discard-sink", 1);
        job.connect("src", "sink", PartitionerKind.FORWARD, ResultPartitionType.BLOCKING);
        JobId id = dispatcher.submitJob(job.build()).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        awaitValue("the failure", () -> details(id).failures().size(), failures -> failures >= 1);

        Path scheduler = Files.list(Path.of(System.getProperty("sluice.dist.dir"), "bundle"))
                .filter(jar -> jar.getFileName().toString().startsWith("io.sluice.scheduler.pipelinedregion-"))
                .findFirst().orElseThrow();
        Path newer = deployDir().resolve("pipelined-region-next.jar");
        writeAtomically(newer, Jars.withHeaders(scheduler, Map.of("Bundle-Version", "9.0.0",
                "Bundle-SymbolicName", "io.sluice.scheduler.pipelinedregion.next")));
        awaitLogged("job 'itest-scheduler-swap'", "continues with scheduler pipelined-region 9.0.0");

        JobDetails result = awaitResult(dispatcher, id);
        assertEquals(String.valueOf(result.failure()), JobStatus.FINISHED, result.status());
        Files.delete(newer);
        awaitValue("the original scheduler back", () -> registry.require(StrategyKind.SCHEDULER, "pipelined-region")
                .plugin().bundleVersion(), version -> !version.equals("9.0.0"));
    }

    private JobDetails details(JobId id) {
        try {
            return dispatcher.requestJob(id).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
