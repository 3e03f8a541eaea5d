package io.sluice.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.sluice.api.job.JobGraph;
import io.sluice.api.job.JobId;
import io.sluice.api.job.JobStatus;
import io.sluice.api.job.OperatorSpec;
import io.sluice.api.job.PartitionerKind;
import io.sluice.api.job.ResourceProfile;
import io.sluice.api.job.ResultPartitionType;
import io.sluice.api.job.SlotSharingGroup;
import io.sluice.rpc.gateway.DispatcherGateway;
import io.sluice.rpc.gateway.JobDetails;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** Jobs run in the real platform: Dispatcher, embedded workers started on demand, operator bundles. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class JobRunIT extends PlatformTestSupport {

    @Inject
    private DispatcherGateway dispatcher;

    @Inject
    private org.apache.felix.service.command.CommandProcessor commandProcessor;

    private String shell(String command) throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        org.apache.felix.service.command.CommandSession session = commandProcessor.createSession(
                new java.io.ByteArrayInputStream(new byte[0]), out, out);
        try {
            return String.valueOf(session.execute(command));
        } finally {
            session.close();
        }
    }

    private static JobGraph keyedSum(Path out, ResultPartitionType exchange) {
        JobGraph.Builder job = JobGraph.builder("itest-keyed-sum");
        job.vertex("src", List.of(new OperatorSpec("src", "sequence-source", Map.of("from", 1, "to", 200_000)),
                new OperatorSpec("pair", "to-pair", Map.of("keys", 100))), 2, SlotSharingGroup.DEFAULT, null,
                ResourceProfile.UNKNOWN);
        job.vertex("sum", List.of(new OperatorSpec("sum", "sum", Map.of()),
                new OperatorSpec("out", "file-sink", Map.of("path", out.toString()))), 2, SlotSharingGroup.DEFAULT,
                null, ResourceProfile.UNKNOWN);
        job.connect("src", "sum", PartitionerKind.HASH, exchange);
        return job.build();
    }

    @Test
    public void aBlockingKeyedSumRunsToTheExactResultOnWorkersTheEmbeddedProviderStarts() throws Exception {
        Path out = Files.createTempDirectory("sluice-itest-out");
        JobId id = dispatcher.submitJob(keyedSum(out, ResultPartitionType.BLOCKING)).get(TIMEOUT.toSeconds(),
                TimeUnit.SECONDS);
        JobDetails result = awaitResult(dispatcher, id);

        assertEquals(String.valueOf(result.failure()), JobStatus.FINISHED, result.status());
        Map<String, Long> sums = new HashMap<>();
        try (Stream<Path> parts = Files.list(out)) {
            for (Path part : parts.toList()) {
                for (String line : Files.readAllLines(part)) {
                    String[] kv = line.substring(1, line.length() - 1).split(", ");
                    sums.put(kv[0], Long.parseLong(kv[1]));
                }
            }
        }
        assertEquals(100, sums.size());
        long expected = 0;
        for (long x = 1; x <= 200_000; x++) {
            if (x % 100 == 7) {
                expected += x;
            }
        }
        assertEquals(Long.valueOf(expected), sums.get("7"));
        assertEquals(result, dispatcher.requestJob(id).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
    }

    @Test
    public void cancelWithoutAJobPrintsItsUsageAndCancelOfAnEndedJobSaysItHasEnded() throws Exception {
        assertEquals("usage: sluice:cancel JOB-ID (sluice:jobs lists the ids)", shell("sluice:cancel").strip());
        JobGraph job = JobGraph.builder("itest-\u001b[2Jended")
                .vertex("src", List.of(new OperatorSpec("src", "sequence-source", Map.of("from", 1, "to", 10)),
                        new OperatorSpec("out", "discard-sink", Map.of())), 1, SlotSharingGroup.DEFAULT, null,
                        ResourceProfile.UNKNOWN)
                .build();
        JobId id = dispatcher.submitJob(job).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertEquals(JobStatus.FINISHED, awaitResult(dispatcher, id).status());

        String answer = shell("sluice:cancel " + id).strip();
        assertEquals("the name's escape character is shown, not sent to the terminal",
                "job " + id + " ('itest-\\e[2Jended') has already ended FINISHED; nothing to cancel", answer);
        assertEquals(JobStatus.FINISHED, dispatcher.requestJob(id).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).status());
    }

    @Test
    public void aJobWithAnUnknownOperatorTypeIsRefusedWithTheTypeAndTheKnownOnes() throws Exception {
        JobGraph job = JobGraph.builder("itest-bad").vertex("src", "no-such-operator", 1).build();
        int before = dispatcher.listJobs().get().size();
        try {
            dispatcher.submitJob(job).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            fail("the job was accepted");
        } catch (ExecutionException refused) {
            String message = refused.getCause().getMessage();
            assertTrue(message, message.contains("'no-such-operator'") && message.contains("sequence-source"));
        }
        // the refused job left nothing: the list is what it was before the submission
        assertTrue(dispatcher.listJobs().get().stream().noneMatch(d -> d.name().equals("itest-bad")));
        assertEquals(before, dispatcher.listJobs().get().size());
    }

    @Test
    public void anOperatorBundleCopiedIntoDeployAddsATypeJobsCanUse() throws Exception {
        Path example = Path.of(System.getProperty("sluice.operator.example.jar"));
        assertTrue("the example operator bundle was built: " + example, Files.isRegularFile(example));
        Path text = Files.createTempFile("sluice-itest", ".txt");
        Files.writeString(text, "deploy me\n");
        Path out = Files.createTempDirectory("sluice-itest-upper");
        JobGraph.Builder builder = JobGraph.builder("itest-upper");
        builder.vertex("read", List.of(new OperatorSpec("read", "text-source", Map.of("path", text.toString())),
                new OperatorSpec("shout", "uppercase", Map.of()),
                new OperatorSpec("out", "file-sink", Map.of("path", out.toString()))), 1, SlotSharingGroup.DEFAULT,
                null, ResourceProfile.UNKNOWN);
        JobGraph job = builder.build();
        try {
            dispatcher.submitJob(job).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            fail("a job with a type no bundle provides was accepted");
        } catch (ExecutionException refused) {
            assertTrue(refused.getCause().getMessage(), refused.getCause().getMessage().contains("'uppercase'"));
        }

        writeAtomically(deployDir().resolve("uppercase-operator.jar"), Files.readAllBytes(example));
        JobId id = awaitValue("the uppercase type", () -> {
            try {
                return dispatcher.submitJob(job).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (Exception stillUnknown) {
                return null;
            }
        }, submitted -> submitted != null);

        JobDetails result = awaitResult(dispatcher, id);
        assertEquals(String.valueOf(result.failure()), JobStatus.FINISHED, result.status());
        assertEquals(List.of("DEPLOY ME"), Files.readAllLines(out.resolve("part-0")));
    }

    @Test
    public void theShellSubmitsAJobFileAndListsTheJobUntilItFinished() throws Exception {
        Path examples = Path.of(System.getProperty("sluice.dist.dir")).resolve("../../../examples").normalize();
        Path jobs = Files.createTempDirectory("sluice-itest-shell");
        Files.createDirectories(jobs.resolve("data"));
        Files.copy(examples.resolve("wordcount.json"), jobs.resolve("wordcount.json"));
        Files.copy(examples.resolve("data/hamlet.txt"), jobs.resolve("data/hamlet.txt"));

        String submitted = shell("sluice:submit " + jobs.resolve("wordcount.json"));
        assertTrue(submitted, submitted.startsWith("Job 'wordcount' submitted: "));
        String id = submitted.substring(submitted.lastIndexOf(' ') + 1).trim();
        awaitValue("wordcount finished in sluice:jobs", () -> {
            try {
                return shell("sluice:jobs");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, table -> table.lines().anyMatch(line -> line.startsWith(id) && line.contains("FINISHED")));
        assertTrue(Files.isRegularFile(jobs.resolve("out/wordcount/part-0")));

        String refused = shell("sluice:submit " + jobs.resolve("missing.json"));
        assertTrue(refused, refused.startsWith("not submitted: ") && refused.contains("missing.json"));
    }
}
