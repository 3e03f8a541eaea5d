package io.sluice.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.client.JobCompiler;
import io.sluice.client.JobFiles;
import io.sluice.client.JobSpec;
import io.sluice.executiongraph.ExecutionGraph;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PlanCommandTest {
    private static final String ETL = """
            {"name": "etl", "config": {"chaining": %s},
             "operators": [{"id": "src", "type": "sequence-source", "parallelism": 4},
                           {"id": "map", "type": "identity", "parallelism": 4},
                           {"id": "out", "type": "discard-sink", "parallelism": 2}],
             "edges": [{"from": "src", "to": "map", "partitioner": "forward", "exchange": "pipelined"},
                       {"from": "map", "to": "out", "partitioner": "hash", "exchange": "blocking"}]}
            """;

    private static CommandLine plan() {
        TestPlugins plugins = new TestPlugins();
        return new CommandLine(new PlanCommand(plugins, TestPlugins.OPERATORS, plugins::checks));
    }

    /** Exit status and standard error of {@code sluice plan FILE args...} for a job file with this text. */
    private static String[] planError(Path dir, String json, String... args) throws Exception {
        Path file = dir.resolve("job.json");
        Files.writeString(file, json);
        StringWriter err = new StringWriter();
        CommandLine commandLine = plan();
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setOut(new PrintWriter(new StringWriter(), true));
        List<String> argv = new ArrayList<>(List.of(file.toString()));
        argv.addAll(List.of(args));
        int status = commandLine.execute(argv.toArray(String[]::new));
        return new String[] {Integer.toString(status), err.toString().strip()};
    }

    private static final String SIMPLE = """
            {"name": "simple", "config": %s,
             "operators": [{"id": "src", "type": "sequence-source", "params": {"from": 1, "to": 10}},
                           {"id": "out", "type": "discard-sink"}],
             "edges": [{"from": "src", "to": "out"}]}
            """;

    @Test
    void theJobMastersChecksRefuseWhatRunWouldRefuse(@TempDir Path dir) throws Exception {
        assertThat(planError(dir, SIMPLE.formatted("{\"scheduler\": \"pipelined-regoin\"}"))).containsExactly("2",
                "sluice plan: job 'simple': config 'scheduler': unknown scheduler 'pipelined-regoin'; registered: "
                        + "pipelined-region");
        assertThat(planError(dir, SIMPLE.formatted("{\"restart\": {\"attempts\": \"x\"}}"))).containsExactly("2",
                "sluice plan: job 'simple': restart strategy 'fixed-delay': restart.attempts: expected an integer, got 'x'");
        assertThat(planError(dir, SIMPLE.formatted("{\"restart\": {\"dealy\": \"1s\"}}"))[1]).isEqualTo(
                "sluice plan: job 'simple': restart strategy 'fixed-delay': unknown option 'restart.dealy' (did you mean "
                        + "'restart.delay'?); known: restart.attempts, restart.delay");
        assertThat(planError(dir, SIMPLE.formatted("{\"shceduler\": \"eager\"}"))[1]).isEqualTo(
                "sluice plan: job 'simple': unknown config key 'shceduler' (did you mean 'scheduler'?) (known: scheduler, "
                        + "failover, restart.strategy, chaining, and the options of the restart strategy as restart.*)");
        assertThat(planError(dir, SIMPLE.formatted("{\"slot-matcher\": \"nope\"}"))[1]).isEqualTo(
                "sluice plan: job 'simple': config 'slot-matcher' is chosen by the cluster for every job "
                        + "(conf/io.sluice.registry.cfg), not by a job");
        assertThat(planError(dir, SIMPLE.formatted("{}"), "--set", "chaining=maybe")).containsExactly("2",
                "sluice plan: job 'simple': config 'chaining' must be true or false, got 'maybe'");
        assertThat(planError(dir, SIMPLE.formatted("{}"), "--set", "bogus=1")[1])
                .startsWith("sluice plan: job 'simple': unknown config key 'bogus' (known: ");
        assertThat(planError(dir, SIMPLE.formatted("{}"), "--set", "nothing")[1])
                .isEqualTo("sluice plan: --set nothing: expected KEY=VALUE");
        assertThat(planError(dir, SIMPLE.formatted("{}"), "--set", "scheduler=pipelined-region")[0]).isEqualTo("0");
    }

    @Test
    void operatorsMustHaveTheInputsAndOutputsOfTheirKind(@TempDir Path dir) throws Exception {
        assertThat(planError(dir, """
                {"name": "j", "operators": [{"id": "src", "type": "sequence-source", "params": {"from": 1, "to": 2}},
                 {"id": "lonely", "type": "identity"}, {"id": "out", "type": "discard-sink"}],
                 "edges": [{"from": "src", "to": "out"}]}""")).containsExactly("2",
                "sluice plan: job 'j': operator 'lonely' (identity) has no input: only a source may have none (add an "
                        + "edge to it)");
        assertThat(planError(dir, """
                {"name": "j", "operators": [{"id": "a", "type": "sequence-source", "params": {"from": 1, "to": 2}},
                 {"id": "b", "type": "sequence-source", "params": {"from": 1, "to": 2}}],
                 "edges": [{"from": "a", "to": "b"}]}""")[1]).isEqualTo(
                "sluice plan: job 'j': operator 'b' (sequence-source) is a source and reads no input, but 'a' feeds it");
        assertThat(planError(dir, """
                {"name": "j", "operators": [{"id": "a", "type": "sequence-source", "params": {"from": 1, "to": 2}},
                 {"id": "m", "type": "identity"}, {"id": "b", "type": "sequence-source", "params": {"from": 1, "to": 2}}],
                 "edges": [{"from": "a", "to": "m"}, {"from": "m", "to": "b", "partitioner": "hash"}]}""")[1])
                .as("the chain a -> m feeds b from m").isEqualTo("sluice plan: job 'j': operator 'b' (sequence-source) "
                        + "is a source and reads no input, but 'm' feeds it");
        assertThat(planError(dir, """
                {"name": "j", "operators": [{"id": "a", "type": "sequence-source", "params": {"from": 1, "to": 2}},
                 {"id": "b", "type": "discard-sink"}, {"id": "c", "type": "discard-sink", "parallelism": 2}],
                 "edges": [{"from": "a", "to": "b"}, {"from": "b", "to": "c"}]}""")[1]).isEqualTo(
                "sluice plan: job 'j': operator 'b' (discard-sink) is a sink and emits nothing, but it feeds 'c'");
    }

    @Test
    void sourcePathsAreResolvedAgainstTheJobFileAndChecked(@TempDir Path dir) throws Exception {
        String job = """
                {"name": "j", "operators": [{"id": "in", "type": "text-source", "params": {"path": "in.txt"}},
                 {"id": "out", "type": "discard-sink"}], "edges": [{"from": "in", "to": "out"}]}""";
        String[] missing = planError(dir, job);
        assertThat(missing[0]).isEqualTo("2");
        assertThat(missing[1]).startsWith("sluice plan: job 'j': operator 'in' (text-source): ")
                .contains(dir.resolve("in.txt").toString());
        Files.writeString(dir.resolve("in.txt"), "a b\n");
        assertThat(planError(dir, job)[0]).isEqualTo("0");
    }

    @Test
    void limitsAreNamedAtOnce(@TempDir Path dir) throws Exception {
        String job = """
                {"name": "big", "operators": [{"id": "src", "type": "sequence-source", "parallelism": %d,
                 "params": {"from": 1, "to": 2}}]}""";
        assertThat(planError(dir, job.formatted(Integer.MAX_VALUE))[1]).isEqualTo(
                "sluice plan: job 'big': operator 'src' has parallelism 2147483647 (must be from 1 to 32768)");
        TestPlugins plugins = new TestPlugins();
        Path file = dir.resolve("wide.json");
        Files.writeString(file, job.formatted(30_000));
        StringWriter err = new StringWriter();
        CommandLine commandLine = new CommandLine(new PlanCommand(plugins, TestPlugins.OPERATORS,
                () -> new io.sluice.jobmaster.JobChecks(plugins, TestPlugins.OPERATORS, 10_000)));
        commandLine.setErr(new PrintWriter(err, true));
        assertThat(commandLine.execute(file.toString())).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("sluice plan: job 'big': the job has 30000 tasks, more than the "
                + "limit of 10000 (job.max-tasks in conf/io.sluice.jobmaster.cfg)");

        StringBuilder operators = new StringBuilder("{\"id\": \"s\", \"type\": \"sequence-source\", \"params\": "
                + "{\"from\": 1, \"to\": 2}}");
        for (int i = 0; i < 10_001; i++) {
            operators.append(", {\"id\": \"m").append(i).append("\", \"type\": \"identity\"}");
        }
        Files.writeString(file, "{\"name\": \"long\", \"operators\": [" + operators + "]}");
        err.getBuffer().setLength(0);
        assertThat(commandLine.execute(file.toString())).isEqualTo(2);
        assertThat(err.toString().strip()).as("counted before the job is compiled: no edge is checked")
                .isEqualTo("sluice plan: job 'long': the job has 10002 operators, more than the limit of 10000 "
                        + "(job.max-tasks in conf/io.sluice.jobmaster.cfg)");
    }

    @Test
    void jsonConfigValuesKeepTheirTypes(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("job.json");
        Files.writeString(file, SIMPLE.formatted("{\"chaining\": false, \"restart\": {\"attempts\": 3, \"delay\": \"2s\"}}"));
        StringWriter out = new StringWriter();
        CommandLine commandLine = plan();
        commandLine.setOut(new PrintWriter(out, true));
        assertThat(commandLine.execute(file.toString(), "--json")).isZero();
        JsonNode config = new ObjectMapper().readTree(out.toString()).get("config");
        assertThat(config.get("chaining").isBoolean()).isTrue();
        assertThat(config.get("restart.attempts").isIntegralNumber()).isTrue();
        assertThat(config.get("restart.delay").asText()).isEqualTo("2s");
    }

    private static ExecutionGraph graph(JobSpec spec) {
        return ExecutionGraph.build(JobCompiler.compile(spec, null));
    }

    @Test
    void textShowsChainsTasksSlotsAndRegions() {
        JobSpec spec = JobFiles.parse(ETL.formatted("true"), "etl.json");
        String text = PlanCommand.text(spec, graph(spec), null);
        assertThat(text).startsWith("job 'etl': 3 operators in 2 job vertices, 6 tasks, 4 slots with slot sharing");
        assertThat(text).contains("src         4            src -> map")
                .contains("out         2            out         src (hash, blocking)")
                .contains("6 pipelined regions")
                .contains("     1  src#0\n").contains("     6  out#1\n");
    }

    @Test
    void jsonListsJobVerticesAndEveryRegionWithTaskIds() throws Exception {
        JobSpec spec = JobFiles.parse(ETL.formatted("false"), "etl.json");
        JsonNode plan = new ObjectMapper().readTree(PlanCommand.json(spec, graph(spec), null));
        assertThat(plan.get("tasks").asInt()).isEqualTo(10);
        assertThat(plan.get("slots").asInt()).isEqualTo(4);
        assertThat(plan.get("jobVertices")).hasSize(3);
        assertThat(plan.get("jobVertices").get(2).get("inputs").get(0).get("pattern").asText()).isEqualTo("ALL_TO_ALL");
        List<String> regions = new ArrayList<>();
        plan.get("regions").forEach(region -> regions.add(region.toString()));
        assertThat(regions).containsExactly("[\"src#0\",\"map#0\"]", "[\"src#1\",\"map#1\"]", "[\"src#2\",\"map#2\"]",
                "[\"src#3\",\"map#3\"]", "[\"out#0\"]", "[\"out#1\"]");
    }

    @Test
    void aBadJobFilePrintsTheErrorAndExitsWithTwo(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, "{\"name\": \"bad\", \"operators\": [{\"id\": \"a\", \"type\": \"identity\", \"parallelism\": 0}]}");
        StringWriter err = new StringWriter();
        CommandLine commandLine = plan();
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setOut(new PrintWriter(new StringWriter(), true));
        assertThat(commandLine.execute(file.toString())).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("sluice plan: job 'bad': operator 'a' has parallelism 0 (must be from 1 to 32768)"
                + System.lineSeparator());
        assertThat(commandLine.execute(dir.resolve("missing.json").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("missing.json does not exist");
    }

    private static final String MIXED = """
            {"name": "mixed", "config": {"chaining": false},
             "operators": [{"id": "src", "type": "sequence-source", "parallelism": 2, "params": {"from": 1, "to": 9}},
                           {"id": "mid", "type": "identity", "parallelism": 2},
                           {"id": "out", "type": "discard-sink", "parallelism": 2}],
             "edges": [{"from": "src", "to": "mid", "partitioner": "hash", "exchange": "blocking"},
                       {"from": "mid", "to": "out", "partitioner": "%s", "exchange": "blocking"}]}
            """;

    private static JsonNode planWithFailure(Path dir, String partitioner, String... options) throws Exception {
        Path file = dir.resolve("mixed.json");
        Files.writeString(file, MIXED.formatted(partitioner));
        StringWriter out = new StringWriter();
        CommandLine commandLine = plan();
        commandLine.setOut(new PrintWriter(out, true));
        List<String> args = new ArrayList<>(List.of(file.toString(), "--json"));
        args.addAll(List.of(options));
        assertThat(commandLine.execute(args.toArray(String[]::new))).isZero();
        return new ObjectMapper().readTree(out.toString()).get("restart");
    }

    @Test
    void failShowsWhatEveryFailoverStrategyRestartsWithFlinksRegionSetWhenNothingFinished(@TempDir Path dir)
            throws Exception {
        JsonNode restart = planWithFailure(dir, "hash", "--fail", "mid#0");
        assertThat(restart.get("region").toString()).isEqualTo("[\"mid#0\",\"out#0\",\"out#1\"]");
        assertThat(restart.get("restart-all")).hasSize(6);
    }

    @Test
    void finishedConsumersOfDeterministicDataKeepTheirResults(@TempDir Path dir) throws Exception {
        String[] scenario = {"--fail", "out#0", "--unavailable", "mid#0", "--finished", "src#0,src#1,mid#0,mid#1,out#1"};
        assertThat(planWithFailure(dir, "hash", scenario).get("region").toString())
                .isEqualTo("[\"mid#0\",\"out#0\"]");
        assertThat(planWithFailure(dir, "rebalance", scenario).get("region").toString())
                .isEqualTo("[\"mid#0\",\"out#0\",\"out#1\"]");
    }

    @Test
    void badTaskIdsInFailOptionsAreNamed(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("mixed.json");
        Files.writeString(file, MIXED.formatted("hash"));
        StringWriter err = new StringWriter();
        CommandLine commandLine = plan();
        commandLine.setErr(new PrintWriter(err, true));
        assertThat(commandLine.execute(file.toString(), "--fail", "mid#7")).isEqualTo(2);
        assertThat(err.toString()).contains("--fail: job 'mixed' has no task mid#7 (vertex 'mid' has parallelism 2)");
    }

    @Test
    void compactRegionsShowSubtaskRanges() {
        JobSpec spec = JobFiles.parse("""
                {"name": "j", "operators": [{"id": "a", "type": "x", "parallelism": 3}, {"id": "b", "type": "x", "parallelism": 3}],
                 "edges": [{"from": "a", "to": "b", "partitioner": "hash"}]}""", "j.json");
        assertThat(PlanCommand.compact(graph(spec).getAllPipelinedRegions().get(0))).isEqualTo("a#0..2, b#0..2");
    }

    @Test
    void failOfAChainedOperatorNamesItsJobVertex(@TempDir Path dir) throws Exception {
        assertThat(planError(dir, """
                {"name": "j", "operators": [{"id": "src", "type": "sequence-source", "parallelism": 2,
                 "params": {"from": 1, "to": 9}}, {"id": "map", "type": "identity", "parallelism": 2},
                 {"id": "out", "type": "discard-sink"}],
                 "edges": [{"from": "src", "to": "map"}, {"from": "map", "to": "out"}]}""", "--fail", "map#1"))
                .containsExactly("2", "sluice plan: --fail map#1: operator 'map' is chained into job vertex 'src', "
                        + "whose tasks are src#0..1");
    }
}
