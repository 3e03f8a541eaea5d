package io.sluice.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * {@code sluice run} as a user calls it: the distribution's launcher in its own process, on copies of the
 * examples, with the exit status and the output a user sees.
 */
public class LauncherIT {
    private static Path launcher;
    private static Path jobs;

    @BeforeClass
    public static void copyTheExamples() throws IOException {
        Path dist = Path.of(System.getProperty("sluice.dist.dir"));
        launcher = dist.resolve("bin/sluice");
        Path examples = dist.resolve("../../../examples").normalize();
        jobs = Files.createTempDirectory("sluice-launcher-it");
        Files.createDirectories(jobs.resolve("data"));
        Files.copy(examples.resolve("wordcount.json"), jobs.resolve("wordcount.json"));
        Files.copy(examples.resolve("recovery.json"), jobs.resolve("recovery.json"));
        Files.copy(examples.resolve("data/hamlet.txt"), jobs.resolve("data/hamlet.txt"));
    }

    private static LauncherRun sluice(String... args) throws Exception {
        return LauncherRun.of(launcher, Path.of(System.getProperty("java.io.tmpdir")), jobs.resolve("logs"), args);
    }

    @Test
    public void wordCountRunsToTheEndWritesItsOutputAndExitsZero() throws Exception {
        LauncherRun run = sluice("run", jobs.resolve("wordcount.json").toString());

        assertEquals(run.out() + run.err(), 0, run.status());
        assertTrue(run.out(), run.out().contains("Job 'wordcount' FINISHED"));
        assertTrue(run.out(), run.out().contains("Output of 'out': " + jobs.resolve("out/wordcount")));
        List<String> counts = new ArrayList<>();
        for (String part : List.of("part-0", "part-1")) {
            counts.addAll(Files.readAllLines(jobs.resolve("out/wordcount").resolve(part)));
        }
        assertTrue(counts.toString(), counts.contains("(to, 15)")); // 15 times in data/hamlet.txt
    }

    @Test
    public void aJobThatFailsTwiceIsRecoveredAndItsFailuresAreListed() throws Exception {
        LauncherRun run = sluice("run", jobs.resolve("recovery.json").toString());

        assertEquals(run.out() + run.err(), 0, run.status());
        assertTrue(run.out(), run.out().contains("Job 'recovery' FINISHED"));
        assertTrue(run.out(), run.out().contains("2 restarts"));
        assertTrue(run.out(), run.out().contains("Failures (2):"));
    }

    /** Before: the launcher joined arguments with newlines, so this value was read as a second option {@code --workers=0}. */
    @Test
    public void aNewlineInsideAnArgumentStaysInsideIt() throws Exception {
        LauncherRun run = sluice("run", jobs.resolve("wordcount.json").toString(), "--set", "scheduler=eager\n--workers=0");

        assertEquals(run.out() + run.err(), 2, run.status());
        assertTrue(run.err(), run.err().contains("eager\n--workers=0"));
        assertTrue(run.err(), !run.err().contains("--workers and --slots must be >= 1"));
    }

    /**
     * SIGKILL of the launcher runs no trap: its JVM notices the launcher is gone and stops, and the next launcher
     * deletes the folder it left. Only the processes this test started are killed, by their handles.
     */
    @Test
    public void aKilledLauncherTakesItsJvmAlongAndItsFolderGoesAtTheNextStart() throws Exception {
        Path tmp = Files.createTempDirectory("sluice-launcher-tmp");
        Path job = jobs.resolve("endless.json");
        Files.writeString(job, "{\"name\": \"endless\", \"operators\": ["
                + "{\"id\": \"src\", \"type\": \"sequence-source\", \"parallelism\": 1,"
                + " \"params\": {\"from\": 0, \"to\": 9223372036854775806}},"
                + "{\"id\": \"sink\", \"type\": \"discard-sink\", \"parallelism\": 1}],"
                + " \"edges\": [{\"from\": \"src\", \"to\": \"sink\", \"partitioner\": \"forward\","
                + " \"exchange\": \"pipelined\"}]}");
        Path out = Files.createTempFile("sluice-out", ".txt");
        ProcessBuilder builder = new ProcessBuilder("bash", launcher.toString(), "run", job.toString())
                .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("SLUICE_LOG_DIR", jobs.resolve("logs").toString());
        builder.environment().put("TMPDIR", tmp.toString());
        Process wrapper = builder.start();
        List<ProcessHandle> jvms = new ArrayList<>();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(out).contains("submitted")) {
                assertTrue("the job never started: " + Files.readString(out), System.nanoTime() < deadline
                        && wrapper.isAlive());
                Thread.sleep(50);
            }
            wrapper.descendants().forEach(jvms::add);
            assertTrue("no JVM under the launcher", !jvms.isEmpty());

            wrapper.destroyForcibly(); // SIGKILL: the launcher's trap never runs
            wrapper.waitFor(30, TimeUnit.SECONDS);
            for (ProcessHandle jvm : jvms) {
                jvm.onExit().get(30, TimeUnit.SECONDS);
            }
            try (var left = Files.list(tmp)) {
                assertEquals(1, left.filter(f -> f.getFileName().toString().startsWith("sluice.")).count());
            }
        } finally {
            wrapper.destroyForcibly();
            jvms.forEach(ProcessHandle::destroyForcibly);
        }

        Path quietOut = Files.createTempFile("sluice-out", ".txt");
        ProcessBuilder next = new ProcessBuilder("bash", launcher.toString(), "plugins")
                .redirectOutput(quietOut.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD);
        next.environment().put("SLUICE_LOG_DIR", jobs.resolve("logs").toString());
        next.environment().put("TMPDIR", tmp.toString());
        Process plugins = next.start();
        assertTrue(plugins.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, plugins.exitValue());
        try (var left = Files.list(tmp)) {
            assertEquals(0, left.filter(f -> f.getFileName().toString().startsWith("sluice.")).count());
        }
        Files.delete(tmp);
    }

    /**
     * {@code start} shows warnings and errors only, as the README says ({@code SLUICE_LOG_CONSOLE=INFO} shows more);
     * everything still goes to the log file. Before: some 45 INFO lines at start and 30 at stop, over the shell's prompt.
     * Here without a terminal, so headless; SIGTERM stops it. Only the process this test started is stopped.
     */
    @Test
    public void startShowsNoInfoLinesOnTheConsoleAndLogsThemToTheFile() throws Exception {
        Path logs = Files.createTempDirectory("sluice-start-logs");
        Path console = Files.createTempFile("sluice-start", ".txt");
        ProcessBuilder builder = new ProcessBuilder("bash", launcher.toString(), "start").redirectErrorStream(true)
                .redirectOutput(console.toFile());
        builder.environment().put("SLUICE_LOG_DIR", logs.toString());
        builder.environment().remove("SLUICE_LOG_CONSOLE");
        Process platform = builder.start(); // bin/sluice execs the JVM for start: this is its process
        Path log = logs.resolve("sluice.log");
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!(Files.exists(log) && Files.readString(log).contains("FrameworkEvent STARTED"))) {
                assertTrue("the platform never started: " + Files.readString(console), System.nanoTime() < deadline
                        && platform.isAlive());
                Thread.sleep(100);
            }
            platform.destroy(); // SIGTERM: the framework stops, every component deactivates
            assertTrue("the platform did not stop within 60 s of SIGTERM", platform.waitFor(60, TimeUnit.SECONDS));
        } finally {
            platform.destroyForcibly();
        }
        String out = Files.readString(console, StandardCharsets.UTF_8);
        assertTrue(out, out.startsWith("sluice: starting the platform from "));
        assertEquals(out, List.of(), out.lines().filter(line -> line.contains(" INFO ")).toList());
        assertTrue("the log file has the INFO lines", Files.readString(log).contains(" INFO "));
    }

    @Test
    public void aBadJobIsReportedWithItsReasonAndANonZeroStatus() throws Exception {
        Path bad = jobs.resolve("bad.json");
        Files.writeString(bad, "{\"name\": \"bad\", \"operators\": [{\"id\": \"a\", \"type\": \"nope\", \"parallelism\": 1}]}");
        LauncherRun unknown = sluice("run", bad.toString());
        assertEquals(2, unknown.status());
        assertTrue(unknown.err(), unknown.err().contains("job 'bad': operator 'a' has unknown type 'nope'"));

        LauncherRun tooSmall = sluice("run", jobs.resolve("wordcount.json").toString(), "--set", "scheduler=eager",
                "--workers", "1", "--slots", "1");
        assertEquals(2, tooSmall.status());
        assertTrue(tooSmall.err(), tooSmall.err().contains("scheduler 'eager' needs 2 slots at the same time"));
    }
}
