package io.sluice.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.sluice.api.job.ExecutionState;
import io.sluice.api.job.JobGraph;
import io.sluice.api.job.JobId;
import io.sluice.api.job.JobStatus;
import io.sluice.api.job.OperatorSpec;
import io.sluice.api.job.ResourceProfile;
import io.sluice.api.job.SlotSharingGroup;
import io.sluice.api.operator.Collector;
import io.sluice.api.operator.Operator;
import io.sluice.api.operator.OperatorContext;
import io.sluice.api.operator.OperatorFactory;
import io.sluice.api.operator.OperatorKind;
import io.sluice.api.operator.SourceOperator;
import io.sluice.api.slot.WorkerId;
import io.sluice.registry.StrategyKind;
import io.sluice.registry.StrategyRegistry;
import io.sluice.rpc.gateway.ClusterStatus;
import io.sluice.rpc.gateway.DispatcherGateway;
import io.sluice.rpc.gateway.JobDetails;
import io.sluice.rpc.gateway.ResourceManagerGateway;
import io.sluice.rpc.gateway.SlotStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.inject.Inject;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;

/**
 * A standalone worker's {@code conf/io.sluice.taskexecutor-<name>.cfg} in the real platform: an invalid or misspelt
 * file is rejected with one error line naming the file, the key and the value, and changes nothing — a running
 * worker keeps its slots and its tasks, a worker not started yet stays so until the file is fixed.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class WorkerConfigurationIT extends PlatformTestSupport {
    private static final String GATE_TYPE = "itest-gated-sequence";
    private static final long RECORDS = 1_000;

    @Inject
    private DispatcherGateway dispatcher;

    @Inject
    private ResourceManagerGateway resourceManager;

    @Inject
    private StrategyRegistry registry;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    /** Opened by the test: until then the gated sources run and emit nothing, so the job runs as long as needed. */
    private final CountDownLatch gate = new CountDownLatch(1);
    private final AtomicInteger openedSources = new AtomicInteger();
    private final AtomicLong emitted = new AtomicLong();
    private ServiceRegistration<OperatorFactory> gatedSequence;

    /** Only the workers of conf/ serve jobs here, so the job's tasks run on the worker under test. */
    @Before
    public void standaloneWorkersOnlyAndAGatedSource() {
        if (!"standalone".equals(registry.defaultName(StrategyKind.RESOURCE_PROVIDER))) {
            writeAtomically(confDir().resolve("io.sluice.registry.cfg"), "resource-provider = standalone\n"
                    .getBytes(StandardCharsets.UTF_8));
            awaitTrue("the standalone resource provider as the default",
                    () -> "standalone".equals(registry.defaultName(StrategyKind.RESOURCE_PROVIDER)));
        }
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(OperatorFactory.TYPE, GATE_TYPE);
        gatedSequence = context.registerService(OperatorFactory.class, new GatedSequenceFactory(), properties);
    }

    @After
    public void openTheGate() {
        gate.countDown();
        gatedSequence.unregister();
    }

    @Test
    public void anInvalidOrMisspeltChangeLeavesTheRunningWorkerAndItsJobAlone() throws Exception {
        Path cfg = confDir().resolve("io.sluice.taskexecutor-w3.cfg");
        write(cfg, "taskexecutor.slots = 2\n");
        try {
            awaitWorker("w3", 2);
            JobId job = submitGatedJob();
            awaitValue("both tasks running and reading the gate", () -> details(job),
                    d -> d.tasksPerState().getOrDefault(ExecutionState.RUNNING, 0) == 2 && openedSources.get() == 2);

            write(cfg, "taskexecutor.slots = -4\n");
            LogEntry negative = awaitLogged(cfg.toString() + " rejected, the running settings stay: "
                    + "taskexecutor.slots must be >= 1, got -4");
            write(cfg, "taskexecutor.slotz = 3\n");
            LogEntry misspelt = awaitLogged(cfg.toString() + " rejected, the running settings stay: "
                    + "unknown option 'taskexecutor.slotz' (did you mean 'taskexecutor.slots'?); known: ");
            write(cfg, "taskexecutor.slots = 2\ntaskexecutor.slot.cpu = -1\n");
            LogEntry cpu = awaitLogged(cfg.toString() + " rejected, the running settings stay: "
                    + "taskexecutor.slot.cpu must be >= 0, got -1.0");
            for (LogEntry rejection : List.of(negative, misspelt, cpu)) {
                assertEquals(rejection.getMessage(), LogLevel.ERROR, rejection.getLogLevel());
                assertNull("no stack trace: " + rejection.getMessage(), rejection.getException());
            }

            ClusterStatus.Worker w3 = awaitWorker("w3", 2);
            assertTrue("both slots still serve the job: " + w3,
                    w3.slots().stream().map(SlotStatus::job).allMatch(job::equals));
            JobDetails running = details(job);
            assertEquals(JobStatus.RUNNING, running.status());
            assertEquals(0, running.restarts());
            assertEquals(Integer.valueOf(2), running.tasksPerState().get(ExecutionState.RUNNING));

            gate.countDown();
            JobDetails result = awaitResult(dispatcher, job);
            assertEquals(String.valueOf(result.failure()), JobStatus.FINISHED, result.status());
            assertEquals(0, result.restarts());
            assertTrue(String.valueOf(result.failures()), result.failures().isEmpty());
            assertEquals("every record of both subtasks, emitted once", 2 * RECORDS, emitted.get());
            assertFalse("the worker never restarted or stopped", mentioned("TaskExecutor w3 stopped")
                    || mentioned("TaskExecutor w3 restarts"));
            assertNoStackTraceFollows(cfg + " rejected");
            assertTrue("nothing failed: " + failures(), failures().isEmpty());

            // the same settings as the running ones change nothing; new ones restart the idle worker with them
            write(cfg, "taskexecutor.slots = 2\n");
            awaitTrue("ConfigAdmin has the file without taskexecutor.slot.cpu", () -> {
                Dictionary<String, Object> now = configuration(cfg);
                return now != null && now.get("taskexecutor.slot.cpu") == null;
            });
            write(cfg, "taskexecutor.slots = 3\n");
            awaitLogged("TaskExecutor w3 restarts with the new settings of " + cfg + ": 3 slots of");
            awaitWorker("w3", 3);
            assertEquals("one restart, for the one change of settings", 1,
                    logged.stream().filter(e -> e.getMessage().startsWith("TaskExecutor w3 restarts")).count());
        } finally {
            Files.deleteIfExists(cfg);
        }
        awaitTrue("worker w3 gone", () -> worker("w3") == null);
    }

    @Test
    public void aWorkerWhoseFirstConfigurationIsInvalidStartsOnceTheFileIsFixed() throws Exception {
        Path cfg = confDir().resolve("io.sluice.taskexecutor-w4.cfg");
        write(cfg, "taskexecutor.slots = 0\n");
        try {
            LogEntry rejected = awaitLogged(cfg + " rejected, TaskExecutor w4 does not start until it is fixed: "
                    + "taskexecutor.slots must be >= 1, got 0");
            assertEquals(LogLevel.ERROR, rejected.getLogLevel());
            assertNull(rejected.getException());
            assertNull("w4 did not register", worker("w4"));

            write(cfg, "taskexecutor.slotz = 3\n");
            awaitLogged(cfg + " rejected, TaskExecutor w4 does not start until it is fixed: "
                    + "unknown option 'taskexecutor.slotz' (did you mean 'taskexecutor.slots'?)");
            assertNull("w4 did not register", worker("w4"));
            assertFalse(mentioned("TaskExecutor w4 started"));

            write(cfg, "taskexecutor.slots = 3\n");
            awaitWorker("w4", 3);
            assertNoStackTraceFollows(cfg + " rejected");
            assertTrue("nothing failed: " + failures(), failures().isEmpty());
        } finally {
            Files.deleteIfExists(cfg);
        }
        awaitTrue("worker w4 gone", () -> worker("w4") == null);
    }

    /**
     * The keys ConfigAdmin, FileInstall and DS add are no options, so every component accepts its own keys from a
     * real file; a misspelt key rejects the file, naming it and the key meant, and the running settings stay.
     */
    @Test
    public void everyComponentFileAcceptsItsKeysAndRejectsAMisspeltOne() throws Exception {
        String[][] components = {
            // file, valid content, what the component logs when it applies it, misspelt content, the hint
            {"io.sluice.resourcemanager.cfg", "slot.request-timeout = 4min\n", "ResourceManager reconfigured",
                "slot.request-timout = 1min\n", "unknown option 'slot.request-timout' (did you mean 'slot.request-timeout'?)"},
            {"io.sluice.jobmaster.cfg", "slot.idle-timeout = 49s\n", "JobMasters reconfigured",
                "slot.idle-timeout = 49s\njob.max-task = 10\n", "unknown option 'job.max-task' (did you mean 'job.max-tasks'?)"},
            {"io.sluice.dispatcher.cfg", "jobstore.max-capacity = 999\n", "Dispatcher reconfigured",
                "jobstore.max-capacty = 10\n", "unknown option 'jobstore.max-capacty' (did you mean 'jobstore.max-capacity'?)"},
            {"io.sluice.rpc.cfg", "rpc.ask-timeout = 11s\n", "rpc.ask-timeout is 11000 ms",
                "rpc.ask-timeuot = 1s\n", "unknown option 'rpc.ask-timeuot' (did you mean 'rpc.ask-timeout'?)"},
            {"io.sluice.registry.cfg", "resource-provider = standalone\nscheduler = pipelined-region\n",
                "strategy defaults: scheduler=pipelined-region",
                "resource-provider = standalone\nfailovr = restart-all\n",
                "unknown option 'failovr' (did you mean 'failover'?)"},
        };
        for (String[] component : components) {
            Path cfg = confDir().resolve(component[0]);
            write(cfg, component[1]);
            awaitLogged(component[2]);
            assertFalse(component[0] + " accepted", mentioned(cfg + " rejected"));
            write(cfg, component[3]);
            LogEntry rejected = awaitLogged(cfg + " rejected, ", component[4]);
            assertEquals(LogLevel.ERROR, rejected.getLogLevel());
            assertNull(rejected.getException());
            write(cfg, component[1]); // valid again, for the other tests of this framework
        }
        assertEquals("region", registry.defaultName(StrategyKind.FAILOVER));
        assertNoStackTraceFollows(" rejected, ");
        assertTrue("nothing failed: " + failures(), failures().isEmpty());
    }

    /** A source of parallelism 2 into a discard sink; each subtask emits {@link #RECORDS} once the gate opens. */
    private JobId submitGatedJob() {
        JobGraph job = JobGraph.builder("itest-gated").vertex("src", List.of(
                new OperatorSpec("gated", GATE_TYPE, Map.of()), new OperatorSpec("out", "discard-sink", Map.of())), 2,
                SlotSharingGroup.DEFAULT, null, ResourceProfile.UNKNOWN).build();
        // the operator catalog binds the probe's factory a moment after its registration
        return awaitValue("the gated job accepted", () -> {
            try {
                return dispatcher.submitJob(job).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (Exception notYet) {
                return null;
            }
        }, id -> id != null);
    }

    private JobDetails details(JobId job) {
        try {
            return dispatcher.requestJob(job).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private ClusterStatus.Worker awaitWorker(String id, int slots) {
        return awaitValue("worker " + id + " with " + slots + " slots", () -> worker(id),
                w -> w != null && w.slots().size() == slots);
    }

    private ClusterStatus.Worker worker(String id) {
        try {
            return resourceManager.requestClusterStatus().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).workers().stream()
                    .filter(w -> w.id().equals(new WorkerId(id))).findFirst().orElse(null);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The properties FileInstall made of the file (SCR hands them to the component in this order). */
    private Dictionary<String, Object> configuration(Path cfg) {
        try {
            Configuration[] all = configurationAdmin.listConfigurations(
                    "(service.factoryPid=io.sluice.taskexecutor)");
            for (Configuration configuration : all == null ? new Configuration[0] : all) {
                Dictionary<String, Object> properties = configuration.getProperties();
                Object file = properties == null ? null : properties.get("felix.fileinstall.filename");
                if (file != null && String.valueOf(file).endsWith("/" + cfg.getFileName())) {
                    return properties;
                }
            }
            return null;
        } catch (IOException | InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private boolean mentioned(String text) {
        return logged.stream().anyMatch(entry -> entry.getMessage().contains(text));
    }

    /** Errors logged with an exception: what SCR logs when a component fails. */
    private List<String> failures() {
        return logged.stream().filter(e -> e.getException() != null && e.getLogLevel() == LogLevel.ERROR)
                .map(e -> e.getMessage() + ": " + e.getException()).toList();
    }

    /** In logs/sluice.log, every line with {@code text} is followed by a log line, not a stack trace. */
    private static void assertNoStackTraceFollows(String text) {
        Path log = Path.of(System.getProperty("sluice.log.dir"), "sluice.log");
        List<String> lines = awaitValue("'" + text + "' in " + log, () -> lines(log),
                all -> all.stream().anyMatch(line -> line.contains(text)));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text) && i + 1 < lines.size()) {
                String next = lines.get(i + 1);
                assertFalse("a stack trace follows '" + lines.get(i) + "': " + next,
                        next.trim().startsWith("at ") || next.contains("Exception"));
            }
        }
        assertTrue("no stack trace of the component: " + log,
                lines.stream().noneMatch(line -> line.contains("at io.sluice.taskexecutor")));
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path cfg, String content) {
        writeAtomically(cfg, content.getBytes(StandardCharsets.UTF_8));
    }

    /** {@value #GATE_TYPE}: the longs 0..RECORDS-1 per subtask, emitted once the test opens the gate. */
    private final class GatedSequenceFactory implements OperatorFactory {
        @Override
        public OperatorKind kind() {
            return OperatorKind.SOURCE;
        }

        @Override
        public Operator create(OperatorContext context) {
            return new SourceOperator() {
                private long next;

                @Override
                public void open(OperatorContext context) {
                    openedSources.incrementAndGet();
                }

                @Override
                public boolean emitNext(Collector out) throws InterruptedException {
                    if (!gate.await(10, TimeUnit.MILLISECONDS)) {
                        return true; // bounded, so that the task sees a cancellation between calls
                    }
                    for (int i = 0; i < 100 && next < RECORDS; i++) {
                        out.collect(next++);
                        emitted.incrementAndGet();
                    }
                    return next < RECORDS;
                }
            };
        }
    }
}
