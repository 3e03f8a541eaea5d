package io.sluice.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.job.ExecutionState;
import io.sluice.api.job.JobGraph;
import io.sluice.api.job.JobId;
import io.sluice.api.job.JobStatus;
import io.sluice.jobmaster.JobMasterFactory;
import io.sluice.rpc.RpcException;
import io.sluice.rpc.gateway.DispatcherGateway;
import io.sluice.rpc.gateway.JobDetails;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sluice run} against a platform of fakes: how it ends when the platform does not do its part. */
class RunCommandTest {
    private static final String SIMPLE = """
            {"name": "simple",
             "operators": [{"id": "src", "type": "sequence-source", "params": {"from": 1, "to": 10}},
                           {"id": "out", "type": "discard-sink"}],
             "edges": [{"from": "src", "to": "out"}]}
            """;

    private static final JobId ID = JobId.generate();

    private final List<Throwable> internalErrors = new ArrayList<>();

    /** The job file of {@link #SIMPLE}. */
    private static Path job(Path dir) throws Exception {
        Path file = dir.resolve("job.json");
        Files.writeString(file, SIMPLE);
        return file;
    }

    /** Exit status, standard output and standard error of {@code sluice run FILE} on one 1-slot worker. */
    private String[] run(FakePlatform platform, Path file) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = SluiceCommand.commandLine(platform.platform(), new PrintWriter(out, true), new PrintWriter(err, true),
                (what, error) -> internalErrors.add(error)).execute("run", file.toString(), "--workers", "1",
                        "--slots", "1", "--progress-interval", "1");
        return new String[] {Integer.toString(status), out.toString().strip(), err.toString().strip()};
    }

    private static JobDetails details(JobGraph job, JobStatus status) {
        return new JobDetails(ID, job.name(), status, Map.of(ExecutionState.RUNNING, 1), List.of(), 0, 0, 0,
                null, List.of(), Map.of(), List.of());
    }

    @Test
    void aSubmissionTheDispatcherDoesNotAnswerMeansTheClusterIsUnavailable(@TempDir Path dir) throws Exception {
        DispatcherGateway dispatcher = FakePlatform.dispatcher(Map.of("submitJob", args -> CompletableFuture.failedFuture(
                new RpcException("DispatcherGateway.submitJob: no answer from endpoint dispatcher within 10000 ms"))));
        String[] result = run(new FakePlatform().put(DispatcherGateway.class, dispatcher), job(dir));
        assertThat(result[0]).isEqualTo("3");
        assertThat(result[2]).isEqualTo("sluice run: the dispatcher did not take the job: DispatcherGateway.submitJob: "
                + "no answer from endpoint dispatcher within 10000 ms; see logs/sluice.log");
        assertThat(internalErrors).isEmpty();
    }

    @Test
    void aProgressPollWithoutAnAnswerOnlyMissesItsLine(@TempDir Path dir) throws Exception {
        CompletableFuture<JobDetails> result = new CompletableFuture<>();
        AtomicInteger polls = new AtomicInteger();
        JobGraph[] submitted = new JobGraph[1];
        DispatcherGateway dispatcher = FakePlatform.dispatcher(Map.of(
                "submitJob", args -> {
                    submitted[0] = (JobGraph) args[0];
                    return CompletableFuture.completedFuture(ID);
                },
                "requestJobResult", args -> result,
                "requestJob", args -> {
                    if (polls.incrementAndGet() == 1) {
                        return CompletableFuture.failedFuture(new RpcException("DispatcherGateway.requestJob: no answer"));
                    }
                    result.complete(details(submitted[0], JobStatus.FINISHED));
                    return CompletableFuture.completedFuture(details(submitted[0], JobStatus.RUNNING));
                }));
        FakePlatform platform = new FakePlatform().put(DispatcherGateway.class, dispatcher);
        String[] run = run(platform, job(dir));
        assertThat(run[0]).isEqualTo("0");
        assertThat(run[2]).isEmpty();
        assertThat(run[1]).contains("RUNNING   tasks: 1 running").contains("Job 'simple' FINISHED");
        assertThat(polls).hasValue(2);
        assertThat(platform.workerSlots()).containsExactly(1);
    }

    @Test
    void aRejectedRegistryFileThatKeepsTheEmbeddedProviderIsInvalidInput(@TempDir Path dir) throws Exception {
        DispatcherGateway dispatcher = FakePlatform.dispatcher(Map.of());
        FakePlatform platform = new FakePlatform().put(DispatcherGateway.class, dispatcher).rejectRegistryConfiguration();
        long start = System.nanoTime();
        String[] result = run(platform, job(dir));
        assertThat(result[0]).isEqualTo("2");
        assertThat(result[2]).isEqualTo("sluice run: conf/io.sluice.registry.cfg is rejected (logs/sluice.log says why), "
                + "so resource-provider is still 'embedded' instead of 'standalone'; correct the file");
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(RunCommand.CONFIG_WAIT_MILLIS * 1_000_000);
        assertThat(platform.workerSlots()).as("no worker started").isEmpty();
    }

    @Test
    void anInterruptWhileWaitingForAServiceStopsTheCommandInterrupted(@TempDir Path dir) throws Exception {
        SluiceCommand.Platform platform = new FakePlatform().put(JobMasterFactory.class, null).platform();
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> platform.service(JobMasterFactory.class))
                    .isInstanceOf(CommandInterruptedException.class)
                    .hasMessage("interrupted while waiting for the JobMasterFactory service");
            assertThat(Thread.currentThread().isInterrupted()).as("the interrupt is kept").isTrue();
        } finally {
            Thread.interrupted();
        }
        Path file = job(dir); // before the interrupt, which closes file channels
        Thread.currentThread().interrupt();
        String[] result;
        try {
            result = run(new FakePlatform().put(JobMasterFactory.class, null), file);
        } finally {
            Thread.interrupted();
        }
        assertThat(result[0]).isEqualTo("143");
        assertThat(result[2]).isEqualTo("sluice run: interrupted while waiting for the JobMasterFactory service; stopping");
        assertThat(internalErrors).isEmpty();
    }
}
