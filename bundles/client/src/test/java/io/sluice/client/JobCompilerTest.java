package io.sluice.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.job.JobGraph;
import io.sluice.api.job.JobValidationException;
import io.sluice.api.job.JobVertex;
import io.sluice.api.job.OperatorSpec;
import io.sluice.api.job.PartitionerKind;
import io.sluice.api.job.ResourceProfile;
import io.sluice.api.job.ResultPartitionType;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JobCompilerTest {
    private static final Set<String> TYPES = Set.of("sequence-source", "identity", "discard-sink");

    private static JobGraph compile(String json) {
        return JobCompiler.compile(JobFiles.parse(json, "job.json"), TYPES);
    }

    private static List<List<String>> chains(JobGraph graph) {
        return graph.vertices().stream().map(v -> v.operators().stream().map(OperatorSpec::id).toList()).toList();
    }

    private static final String ETL = """
            {"name": "etl",
             "config": {"scheduler": "pipelined-region", "failover": "region", "chaining": %s,
                        "restart": {"strategy": "fixed-delay", "attempts": 3, "delay": "1s"}},
             "operators": [
               {"id": "src", "type": "sequence-source", "parallelism": 4, "params": {"from": 1, "to": 1000000},
                "slotSharingGroup": "default", "coLocationGroup": null, "resources": {"cpu": 0.5, "heapMb": 128}},
               {"id": "map", "type": "identity", "parallelism": 4},
               {"id": "out", "type": "discard-sink", "parallelism": 2}],
             "edges": [{"from": "src", "to": "map", "partitioner": "forward", "exchange": "pipelined"},
                       {"from": "map", "to": "out", "partitioner": "hash", "exchange": "blocking"}]}
            """;

    @Test
    void forwardPipelinedOperatorsAreChainedUnderTheHeadsId() {
        JobGraph graph = compile(ETL.formatted("true"));
        assertThat(chains(graph)).containsExactly(List.of("src", "map"), List.of("out"));
        JobVertex src = graph.vertices().get(0);
        assertThat(src.id().value()).isEqualTo("src");
        assertThat(src.operators().get(0).params()).containsEntry("from", 1).containsEntry("to", 1000000);
        JobVertex out = graph.vertices().get(1);
        assertThat(out.inputs()).singleElement().satisfies(edge -> {
            assertThat(edge.source().producer()).isSameAs(src);
            assertThat(edge.partitioner()).isEqualTo(PartitionerKind.HASH);
            assertThat(edge.source().resultType()).isEqualTo(ResultPartitionType.BLOCKING);
        });
        assertThat(graph.config()).containsEntry("restart.strategy", "fixed-delay").containsEntry("restart.attempts", "3")
                .containsEntry("scheduler", "pipelined-region");
    }

    @Test
    void withChainingOffEveryOperatorIsItsOwnVertex() {
        JobGraph graph = compile(ETL.formatted("false"));
        assertThat(chains(graph)).containsExactly(List.of("src"), List.of("map"), List.of("out"));
        assertThat(graph.vertex(new io.sluice.api.job.JobVertexId("map")).inputs().get(0).partitioner())
                .isEqualTo(PartitionerKind.FORWARD);
    }

    @Test
    void onlyExactlyFalseTurnsChainingOffAsTheJobMastersChecksRequire() {
        // JobChecks refuses any other value, so 'False' must not quietly mean false here
        assertThat(chains(compile(ETL.formatted("\"False\"")))).containsExactly(List.of("src", "map"), List.of("out"));
        assertThat(chains(compile(ETL.formatted("\"false\"")))).hasSize(3);
        assertThat(new JobSpec("j", Map.of(), List.of(), List.of()).chainingEnabled()).isTrue();
    }

    private static JobSpec.Operator op(String id, int parallelism) {
        return new JobSpec.Operator(id, "identity", parallelism);
    }

    private static JobSpec.Edge edge(String from, String to, PartitionerKind partitioner, ResultPartitionType type) {
        return new JobSpec.Edge(from, to, partitioner, type);
    }

    private static JobGraph compile(List<JobSpec.Operator> operators, List<JobSpec.Edge> edges) {
        return JobCompiler.compile(new JobSpec("j", Map.of(), operators, edges), null);
    }

    @Test
    void aChainOfThreeFollowsForwardPipelinedEdges() {
        JobGraph graph = compile(List.of(op("a", 2), op("b", 2), op("c", 2)),
                List.of(edge("a", "b", PartitionerKind.FORWARD, ResultPartitionType.PIPELINED),
                        edge("b", "c", null, ResultPartitionType.PIPELINED)));
        assertThat(chains(graph)).containsExactly(List.of("a", "b", "c"));
    }

    @Test
    void blockingHashAndRescaleEdgesBreakChains() {
        JobGraph graph = compile(List.of(op("a", 2), op("b", 2), op("c", 2), op("d", 2)),
                List.of(edge("a", "b", PartitionerKind.FORWARD, ResultPartitionType.BLOCKING),
                        edge("b", "c", PartitionerKind.HASH, ResultPartitionType.PIPELINED),
                        edge("c", "d", PartitionerKind.RESCALE, ResultPartitionType.PIPELINED)));
        assertThat(chains(graph)).hasSize(4);
    }

    @Test
    void differentSlotSharingOrCoLocationGroupsBreakChains() {
        JobSpec.Operator a = op("a", 2);
        JobSpec.Operator b = new JobSpec.Operator("b", "identity", 2, Map.of(), "other", null, ResourceProfile.UNKNOWN);
        JobSpec.Operator c = new JobSpec.Operator("c", "identity", 2, Map.of(), "other", "pair", ResourceProfile.UNKNOWN);
        JobGraph graph = compile(List.of(a, b, c),
                List.of(edge("a", "b", PartitionerKind.FORWARD, ResultPartitionType.PIPELINED),
                        edge("b", "c", PartitionerKind.FORWARD, ResultPartitionType.PIPELINED)));
        assertThat(chains(graph)).containsExactly(List.of("a"), List.of("b"), List.of("c"));
    }

    @Test
    void fanOutAndFanInAreNotChained() {
        JobGraph graph = compile(List.of(op("a", 2), op("b", 2), op("c", 2), op("d", 2)),
                List.of(edge("a", "b", PartitionerKind.FORWARD, ResultPartitionType.PIPELINED),
                        edge("a", "c", PartitionerKind.FORWARD, ResultPartitionType.PIPELINED),
                        edge("b", "d", PartitionerKind.FORWARD, ResultPartitionType.PIPELINED),
                        edge("c", "d", PartitionerKind.FORWARD, ResultPartitionType.PIPELINED)));
        assertThat(chains(graph)).hasSize(4);
    }

    @Test
    void theDefaultPartitionerIsForwardForEqualAndRebalanceForDifferentParallelism() {
        JobGraph graph = compile(List.of(op("a", 2), op("b", 2), op("c", 3)),
                List.of(edge("a", "b", null, ResultPartitionType.PIPELINED),
                        edge("b", "c", null, ResultPartitionType.PIPELINED)));
        assertThat(chains(graph)).containsExactly(List.of("a", "b"), List.of("c"));
        assertThat(graph.vertices().get(1).inputs().get(0).partitioner()).isEqualTo(PartitionerKind.REBALANCE);
    }

    @Test
    void aChainAsksForTheSumOfItsOperatorsResources() {
        JobSpec.Operator a = new JobSpec.Operator("a", "identity", 1, Map.of(), "default", null, ResourceProfile.of(0.5, 128));
        JobSpec.Operator b = new JobSpec.Operator("b", "identity", 1, Map.of(), "default", null, ResourceProfile.of(0.25, 64));
        JobGraph graph = compile(List.of(a, b), List.of(edge("a", "b", null, ResultPartitionType.PIPELINED)));
        assertThat(graph.vertices().get(0).resources()).isEqualTo(ResourceProfile.of(0.75, 192));
    }

    // ---- every validation error names the job, the element and the rule --------------------------------

    private static void rejects(String json, String message) {
        assertThatThrownBy(() -> compile(json)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void rejectsMalformedJsonWithLineAndColumn() {
        assertThatThrownBy(() -> compile("{\"name\": \"j\",\n \"operators\": [\n  {\"id\": \"a\" \"type\": \"identity\"}]}"))
                .isInstanceOf(JobFileException.class)
                .hasMessageStartingWith("job.json:3:14: malformed JSON: Unexpected character ('\"'");
    }

    @Test
    void rejectsAJobWithoutNameOrOperators() {
        rejects("{\"operators\": []}", "job.json: the job needs a 'name' (a non-empty string)");
        rejects("{\"name\": \"j\"}", "job 'j': 'operators' must be an array of operators");
        rejects("{\"name\": \"j\", \"operators\": []}", "job 'j': the job has no operator");
    }

    @Test
    void rejectsUnknownFieldsListingTheKnownOnes() {
        rejects("{\"name\": \"j\", \"opertors\": []}",
                "job 'j': the job has an unknown field 'opertors' (known: config, edges, name, operators)");
        rejects("{\"name\": \"j\", \"operators\": [{\"id\": \"a\", \"type\": \"identity\", \"paralelism\": 2}]}",
                "job 'j': operator 'a' has an unknown field 'paralelism' (known: coLocationGroup, id, parallelism, "
                        + "params, resources, slotSharingGroup, type)");
    }

    @Test
    void resourcesOutOfRangeOrNotWholeAreRefusedNotRounded() {
        String job = "{\"name\": \"j\", \"operators\": [{\"id\": \"a\", \"type\": \"sequence-source\", "
                + "\"resources\": %s}]}";
        rejects(job.formatted("{\"heapMb\": 0.5}"), "job 'j': operator 'a': resources 'heapMb' 0.5 must be a whole number of MB");
        rejects(job.formatted("{\"managedMb\": 1e10}"),
                "job 'j': operator 'a': resources 'managedMb' 1.0E10 is out of range (must be from 0 to 1000000000)");
        rejects(job.formatted("{\"managedMb\": 1e309}"),
                "job 'j': operator 'a': resources 'managedMb' Infinity is out of range (must be from 0 to 1000000000)");
        rejects(job.formatted("{\"cpu\": -1}"),
                "job 'j': operator 'a': resources 'cpu' -1 is out of range (must be from 0 to 1000000)");
        rejects(job.formatted("{\"cpu\": 0.0001}"),
                "job 'j': operator 'a': resources 'cpu' 1.0E-4 is finer than a milli-core (at most 3 decimals)");
    }

    @Test
    void aChainWhoseResourcesOverflowIsRefusedNamingTheChain() {
        JobSpec.Operator a = new JobSpec.Operator("a", "identity", 1, Map.of(), "default", null,
                new ResourceProfile(0, 1_000_000_000, 0));
        JobSpec.Operator b = new JobSpec.Operator("b", "identity", 1, Map.of(), "default", null,
                new ResourceProfile(0, 1_000_000_000, 0));
        JobSpec.Operator c = new JobSpec.Operator("c", "identity", 1, Map.of(), "default", null,
                new ResourceProfile(0, 1_000_000_000, 0));
        assertThatThrownBy(() -> compile(List.of(a, b, c), List.of(edge("a", "b", null, ResultPartitionType.PIPELINED),
                edge("b", "c", null, ResultPartitionType.PIPELINED))))
                .isInstanceOf(JobValidationException.class)
                .hasMessageContaining("the chain of 'a', 'b', 'c' asks for more resources in sum than a slot can have");
    }

    @Test
    void rejectsDuplicateAndUnknownIds() {
        rejects("{\"name\": \"j\", \"operators\": [{\"id\": \"a\", \"type\": \"identity\"}, {\"id\": \"a\", \"type\": \"identity\"}]}",
                "job 'j': duplicate operator id 'a'");
        rejects("{\"name\": \"j\", \"operators\": [{\"id\": \"a\", \"type\": \"identity\"}], \"edges\": [{\"from\": \"a\", \"to\": \"b\"}]}",
                "job 'j': edge a -> b refers to unknown operator 'b'");
    }

    @Test
    void rejectsParallelismBelowOneAndNonIntegers() {
        rejects("{\"name\": \"j\", \"operators\": [{\"id\": \"map\", \"type\": \"identity\", \"parallelism\": 0}]}",
                "job 'j': operator 'map' has parallelism 0 (must be from 1 to 32768)");
        rejects("{\"name\": \"j\", \"operators\": [{\"id\": \"map\", \"type\": \"identity\", \"parallelism\": \"4\"}]}",
                "job 'j': operator 'map': 'parallelism' must be an integer, got \"4\"");
    }

    @Test
    void rejectsCycles() {
        rejects("""
                {"name": "j", "operators": [{"id": "s", "type": "identity"}, {"id": "a", "type": "identity"},
                  {"id": "b", "type": "identity"}],
                 "edges": [{"from": "s", "to": "a"}, {"from": "a", "to": "b"}, {"from": "b", "to": "a"}]}""",
                "job 'j': the operators 'a', 'b' form a cycle (a job must be a directed acyclic graph)");
    }

    @Test
    void rejectsForwardBetweenDifferentParallelisms() {
        rejects("""
                {"name": "j", "operators": [{"id": "a", "type": "identity", "parallelism": 2},
                  {"id": "b", "type": "identity", "parallelism": 3}],
                 "edges": [{"from": "a", "to": "b", "partitioner": "forward"}]}""",
                "job 'j': edge a -> b is forward between different parallelisms (2 and 3); use rescale, rebalance or hash");
    }

    @Test
    void rejectsUnknownPartitionerExchangeAndOperatorType() {
        String ops = "\"operators\": [{\"id\": \"a\", \"type\": \"identity\"}, {\"id\": \"b\", \"type\": \"identity\"}]";
        rejects("{\"name\": \"j\", " + ops + ", \"edges\": [{\"from\": \"a\", \"to\": \"b\", \"partitioner\": \"shuffle\"}]}",
                "job 'j': edge a -> b: unknown partitioner 'shuffle' (known: forward, rescale, rebalance, random, hash, broadcast)");
        rejects("{\"name\": \"j\", " + ops + ", \"edges\": [{\"from\": \"a\", \"to\": \"b\", \"exchange\": \"batch\"}]}",
                "job 'j': edge a -> b: unknown exchange 'batch' (known: pipelined, blocking)");
        rejects("{\"name\": \"j\", \"operators\": [{\"id\": \"a\", \"type\": \"map\"}]}",
                "job 'j': operator 'a' has unknown type 'map' (known: discard-sink, identity, sequence-source)");
    }

    @Test
    void rejectsCoLocationAcrossParallelismsOrSlotSharingGroups() {
        rejects("""
                {"name": "j", "operators": [{"id": "a", "type": "identity", "parallelism": 2, "coLocationGroup": "g"},
                  {"id": "b", "type": "identity", "parallelism": 3, "coLocationGroup": "g"}]}""",
                "job 'j': co-location group 'g' mixes parallelism 2 ('a') and 3 ('b'); co-located operators need equal parallelism");
        rejects("""
                {"name": "j", "operators": [{"id": "a", "type": "identity", "coLocationGroup": "g"},
                  {"id": "b", "type": "identity", "coLocationGroup": "g", "slotSharingGroup": "x"}]}""",
                "job 'j': co-location group 'g' spans slot sharing groups 'default' ('a') and 'x' ('b'); "
                        + "co-located operators must share a slot sharing group");
    }

    @Test
    void everyErrorIsAJobValidationOrJobFileException() {
        assertThatThrownBy(() -> compile("{\"name\": \"j\", \"operators\": [{\"id\": \"a\"}]}"))
                .isInstanceOf(JobValidationException.class).hasMessage("job 'j': operator 'a' has no 'type'");
    }
}
