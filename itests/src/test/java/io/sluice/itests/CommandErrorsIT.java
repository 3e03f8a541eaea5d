package io.sluice.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The mistakes a careless user makes, through the distribution's launcher in its own process: each gets the
 * documented exit status, one line naming what is wrong, and never a Java stack trace.
 */
public class CommandErrorsIT {
    private static Path launcher;
    private static Path dir;

    @BeforeClass
    public static void prepare() throws IOException {
        launcher = Path.of(System.getProperty("sluice.dist.dir")).resolve("bin/sluice");
        dir = Files.createTempDirectory("sluice-errors-it");
    }

    private static LauncherRun sluice(String... args) throws Exception {
        return LauncherRun.of(launcher, dir, dir.resolve("logs"), args);
    }

    private static String job(String name, String text) throws IOException {
        Path file = dir.resolve(name + ".json");
        Files.writeString(file, text);
        return file.toString();
    }

    private static final String SIMPLE = """
            {"name": "simple", "config": {%s},
             "operators": [{"id": "src", "type": "sequence-source", "parallelism": 2, "params": {"from": 1, "to": 100}},
                           {"id": "map", "type": "identity", "parallelism": 2},
                           {"id": "out", "type": "discard-sink", "parallelism": 1}],
             "edges": [{"from": "src", "to": "map"}, {"from": "map", "to": "out"}]}
            """;

    @Test
    public void noCommandPrintsTheUsageAndExitsTwo() throws Exception {
        LauncherRun run = sluice();
        assertEquals(run.all(), 2, run.status());
        assertTrue(run.err(), run.err().contains("Usage: sluice"));
    }

    @Test
    public void planAndRunRefuseAnUnknownSchedulerAlike() throws Exception {
        String file = job("scheduler", SIMPLE.formatted("\"scheduler\": \"eagr\""));
        for (String command : List.of("plan", "run")) {
            LauncherRun run = sluice(command, file);
            assertEquals(run.all(), 2, run.status());
            assertTrue(run.err(), run.err().startsWith("sluice " + command + ": job 'simple': config 'scheduler': "
                    + "unknown scheduler 'eagr' (did you mean 'eager'?)"));
            run.hasNoStackTrace();
        }
    }

    @Test
    public void typosInTheConfigAndInSetAreRefusedWithTheCloseMatch() throws Exception {
        String file = job("typo", SIMPLE.formatted("\"restart\": {\"strategy\": \"fixed-delay\", \"dealy\": \"1s\"}"));
        LauncherRun restart = sluice("plan", file);
        assertEquals(restart.all(), 2, restart.status());
        assertTrue(restart.err(), restart.err().contains("unknown option 'restart.dealy' (did you mean 'restart.delay'?)"));

        String fine = job("fine", SIMPLE.formatted(""));
        LauncherRun bogus = sluice("run", fine, "--set", "bogus=1");
        assertEquals(bogus.all(), 2, bogus.status());
        assertTrue(bogus.err(), bogus.err().contains("unknown config key 'bogus'"));
        LauncherRun chaining = sluice("plan", fine, "--set", "chaining=maybe");
        assertEquals(chaining.all(), 2, chaining.status());
        assertTrue(chaining.err(), chaining.err().contains("config 'chaining' must be true or false, got 'maybe'"));
    }

    @Test
    public void anOperatorWithoutInputIsRefusedBeforeAnythingRuns() throws Exception {
        String file = job("lonely", """
                {"name": "lonely", "operators": [{"id": "src", "type": "sequence-source", "params": {"from": 1, "to": 2}},
                 {"id": "map", "type": "identity"}, {"id": "out", "type": "discard-sink"}],
                 "edges": [{"from": "src", "to": "out"}]}""");
        for (String command : List.of("plan", "run")) {
            LauncherRun run = sluice(command, file);
            assertEquals(run.all(), 2, run.status());
            assertEquals(run.all(), "sluice " + command + ": job 'lonely': operator 'map' (identity) has no input: only "
                    + "a source may have none (add an edge to it)", run.err().strip());
            assertFalse(run.all(), run.out().contains("submitted"));
        }
    }

    @Test
    public void binaryFilesAndHugeParallelismAreNamedAsSuch() throws Exception {
        Path binary = dir.resolve("binary.json");
        Files.write(binary, new byte[] {'{', (byte) 0xff, (byte) 0xfe, 0, 1, '}'});
        LauncherRun notText = sluice("plan", binary.toString());
        assertEquals(notText.all(), 2, notText.status());
        assertTrue(notText.err(), notText.err().contains("is not UTF-8 text"));

        String huge = job("huge", """
                {"name": "huge", "operators": [{"id": "src", "type": "sequence-source", "parallelism": 2147483647,
                 "params": {"from": 1, "to": 2}}, {"id": "out", "type": "discard-sink"}],
                 "edges": [{"from": "src", "to": "out"}]}""");
        LauncherRun run = sluice("run", huge);
        assertEquals(run.all(), 2, run.status());
        assertTrue(run.err(), run.err().contains("operator 'src' has parallelism 2147483647 (must be from 1 to 32768)"));
        run.hasNoStackTrace();
    }

    @Test
    public void controlCharactersFromTheFileAreEscapedInTheOutput() throws Exception {
        String file = job("escape", SIMPLE.formatted("").replace("\"simple\"", "\"\\u001b[2Jwiped\""));
        LauncherRun plan = sluice("plan", file);
        assertEquals(plan.all(), 0, plan.status());
        assertTrue(plan.out(), plan.out().startsWith("job '\\e[2Jwiped'"));
        assertFalse(plan.out(), plan.all().contains("\u001b"));
    }

    @Test
    public void aFailedJobExitsOneWithItsCauseButNoStackTraceAndNoOutputLine() throws Exception {
        Path out = dir.resolve("out");
        String file = job("failing", """
                {"name": "failing", "config": {"restart": {"strategy": "none"}},
                 "operators": [{"id": "src", "type": "sequence-source", "params": {"from": 1, "to": 100}},
                  {"id": "boom", "type": "fail", "params": {"subtask": 0, "atRecord": 5}},
                  {"id": "sink", "type": "file-sink", "params": {"path": "%s"}}],
                 "edges": [{"from": "src", "to": "boom"}, {"from": "boom", "to": "sink"}]}""".formatted(out));
        LauncherRun run = sluice("run", file);
        assertEquals(run.all(), 1, run.status());
        assertTrue(run.out(), run.out().contains("Job 'failing' FAILED"));
        assertTrue(run.out(), run.out().contains("Cause: "));
        assertFalse(run.out(), run.out().contains("Output of"));
        run.hasNoStackTrace();
    }

    @Test
    public void failOfAChainedOperatorNamesTheVertexItIsChainedInto() throws Exception {
        LauncherRun run = sluice("plan", job("chained", SIMPLE.formatted("")), "--fail", "map#1");
        assertEquals(run.all(), 2, run.status());
        assertEquals(run.all(), "sluice plan: --fail map#1: operator 'map' is chained into job vertex 'src', whose "
                + "tasks are src#0..1", run.err().strip());
    }
}
