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
    void aBadJobFilePrintsTheErrorAndExitsWithOne(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, "{\"name\": \"bad\", \"operators\": [{\"id\": \"a\", \"type\": \"identity\", \"parallelism\": 0}]}");
        StringWriter err = new StringWriter();
        CommandLine commandLine = new CommandLine(new PlanCommand(null));
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setOut(new PrintWriter(new StringWriter(), true));
        assertThat(commandLine.execute(file.toString())).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("sluice plan: job 'bad': operator 'a' has parallelism 0 (must be >= 1)"
                + System.lineSeparator());
        assertThat(commandLine.execute(dir.resolve("missing.json").toString())).isEqualTo(1);
        assertThat(err.toString()).contains("missing.json does not exist");
    }

    private static final String MIXED = """
            {"name": "mixed", "config": {"chaining": false},
             "operators": [{"id": "src", "type": "s", "parallelism": 2}, {"id": "mid", "type": "m", "parallelism": 2},
                           {"id": "out", "type": "o", "parallelism": 2}],
             "edges": [{"from": "src", "to": "mid", "partitioner": "hash", "exchange": "blocking"},
                       {"from": "mid", "to": "out", "partitioner": "%s", "exchange": "blocking"}]}
            """;

    private static JsonNode planWithFailure(Path dir, String partitioner, String... options) throws Exception {
        Path file = dir.resolve("mixed.json");
        Files.writeString(file, MIXED.formatted(partitioner));
        StringWriter out = new StringWriter();
        CommandLine commandLine = new CommandLine(new PlanCommand(new FailoverPlugins()));
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
        CommandLine commandLine = new CommandLine(new PlanCommand(new FailoverPlugins()));
        commandLine.setErr(new PrintWriter(err, true));
        assertThat(commandLine.execute(file.toString(), "--fail", "mid#7")).isEqualTo(1);
        assertThat(err.toString()).contains("--fail: job 'mixed' has no task mid#7 (vertex 'mid' has parallelism 2)");
    }

    @Test
    void compactRegionsShowSubtaskRanges() {
        JobSpec spec = JobFiles.parse("""
                {"name": "j", "operators": [{"id": "a", "type": "x", "parallelism": 3}, {"id": "b", "type": "x", "parallelism": 3}],
                 "edges": [{"from": "a", "to": "b", "partitioner": "hash"}]}""", "j.json");
        assertThat(PlanCommand.compact(graph(spec).getAllPipelinedRegions().get(0))).isEqualTo("a#0..2, b#0..2");
    }
}
