package io.sluice.cli.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.api.failover.FailoverStrategyFactory;
import io.sluice.api.job.ExecutionState;
import io.sluice.api.job.ExecutionVertexId;
import io.sluice.api.job.IntermediateResultPartitionId;
import io.sluice.api.job.JobEdge;
import io.sluice.api.job.JobGraph;
import io.sluice.api.job.JobVertex;
import io.sluice.api.job.OperatorSpec;
import io.sluice.client.JobSpec;
import io.sluice.executiongraph.ExecutionGraph;
import io.sluice.executiongraph.ExecutionVertex;
import io.sluice.executiongraph.IntermediateResultPartition;
import io.sluice.executiongraph.PipelinedRegion;
import io.sluice.jobmaster.JobChecks;
import io.sluice.registry.OperatorCatalog;
import io.sluice.registry.PluginInfo;
import io.sluice.registry.StrategyKind;
import io.sluice.registry.StrategyRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sluice plan FILE [--json] [--fail V#i [--unavailable V#j,...] [--finished V#k,...]]}: the compiled job,
 * its tasks, slots and pipelined regions, and, with {@code --fail}, what every registered failover strategy
 * would restart, computed by the same plugins the runtime uses. Starts no cluster.
 */
@Command(name = "plan", description = "Show how a job file compiles: chained job vertices, tasks, slots needed "
        + "under slot sharing, and pipelined regions; with --fail, what each failover strategy restarts. "
        + "Starts no cluster.")
final class PlanCommand implements Callable<Integer> {
    /** Regions beyond this many are summarised in the text output; --json always lists all. */
    private static final int REGIONS_SHOWN = 20;

    @CommandLine.Mixin
    private JobInput input;

    @Option(names = "--json", description = "Print the plan as JSON.")
    private boolean json;

    @Option(names = "--fail", paramLabel = "V#i", description = "A task that fails: show what every failover "
            + "strategy restarts. Other tasks are running unless listed with --finished.")
    private String failed;

    @Option(names = "--unavailable", paramLabel = "V#j", split = ",",
            description = "Tasks whose produced partitions are lost (their worker is gone).")
    private List<String> unavailable = List.of();

    @Option(names = "--finished", paramLabel = "V#k", split = ",",
            description = "Tasks that already finished (their partitions are complete).")
    private List<String> finished = List.of();

    private final StrategyRegistry registry;
    private final OperatorCatalog operators;
    /** The JobMasters' checks, with the platform's configuration: looked up only when the command runs. */
    private final Supplier<JobChecks> checks;

    PlanCommand(StrategyRegistry registry, OperatorCatalog operators, Supplier<JobChecks> checks) {
        this.registry = registry;
        this.operators = operators;
        this.checks = checks;
    }

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (failed == null && (!unavailable.isEmpty() || !finished.isEmpty())) {
            spec.commandLine().getErr().println("sluice plan: --unavailable and --finished need --fail");
            return ExitCode.INVALID_INPUT;
        }
        JobSpec job;
        ExecutionGraph graph;
        Map<String, Set<String>> restarts = null;
        try {
            JobInput.Job loaded = input.load(operators, checks.get());
            job = loaded.spec();
            graph = loaded.checked().graph();
            if (failed != null) {
                restarts = restarts(graph);
            }
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("sluice plan: " + e.getMessage());
            return ExitCode.INVALID_INPUT;
        }
        out.print(json ? json(job, graph, restarts) : text(job, graph, restarts));
        out.flush();
        return ExitCode.OK;
    }

    /**
     * What each registered failover strategy restarts when {@code --fail} fails; a strategy that cannot handle
     * the job maps to {@code null}. Tasks are RUNNING, or FINISHED with complete partitions when listed.
     */
    Map<String, Set<String>> restarts(ExecutionGraph graph) {
        ExecutionVertexId failedTask = task(graph, failed, "--fail");
        for (ExecutionVertex vertex : graph.getVertices()) {
            vertex.setState(ExecutionState.RUNNING);
        }
        for (String name : finished) {
            ExecutionVertex vertex = graph.getVertex(task(graph, name, "--finished"));
            vertex.setState(ExecutionState.FINISHED);
            vertex.getProducedResults().forEach(IntermediateResultPartition::markFinished);
        }
        if (graph.getVertex(failedTask).getState() == ExecutionState.FINISHED) {
            throw new IllegalArgumentException("--fail " + failed + " names a task that --finished says has finished");
        }
        Set<IntermediateResultPartitionId> lost = new HashSet<>();
        for (String name : unavailable) {
            graph.getVertex(task(graph, name, "--unavailable")).getProducedResults().forEach(p -> lost.add(p.getId()));
        }
        Map<String, Set<String>> restarts = new LinkedHashMap<>();
        for (PluginInfo plugin : registry.plugins()) {
            if (plugin.kind() != StrategyKind.FAILOVER || plugin.state() != PluginInfo.State.ACTIVE) {
                continue;
            }
            FailoverStrategyFactory factory = registry.find(StrategyKind.FAILOVER, plugin.name()).orElseThrow().service();
            if (factory.unsupportedReason(graph).isPresent()) {
                restarts.put(plugin.name(), null);
                continue;
            }
            Set<ExecutionVertexId> restart = factory.create(graph, partition -> !lost.contains(partition))
                    .getTasksNeedingRestart(failedTask, new RuntimeException("planned failure of " + failed));
            Set<String> tasks = new LinkedHashSet<>(); // in topological order
            for (ExecutionVertex vertex : graph.getVertices()) {
                if (restart.contains(vertex.getId())) {
                    tasks.add(vertex.getId().toString());
                }
            }
            restarts.put(plugin.name(), tasks);
        }
        return restarts;
    }

    private static ExecutionVertexId task(ExecutionGraph graph, String text, String option) {
        try {
            ExecutionVertexId id = ExecutionVertexId.parse(text.trim());
            graph.getVertex(id);
            return id;
        } catch (IllegalArgumentException e) {
            String name = text.trim().contains("#") ? text.trim().substring(0, text.trim().indexOf('#')) : text.trim();
            for (JobVertex vertex : graph.jobGraph().vertices()) {
                boolean chained = vertex.operators().stream().skip(1).anyMatch(operator -> operator.id().equals(name));
                if (chained) {
                    throw new IllegalArgumentException(option + " " + text.trim() + ": operator '" + name
                            + "' is chained into job vertex '" + vertex.id().value() + "', whose tasks are "
                            + vertex.id().value() + "#0.." + (vertex.parallelism() - 1));
                }
            }
            throw new IllegalArgumentException(option + ": " + e.getMessage());
        }
    }

    static String text(JobSpec job, ExecutionGraph graph, Map<String, Set<String>> restarts) {
        JobGraph jobGraph = graph.jobGraph();
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "job '%s': %d operators in %d job vertices, %d tasks, %d slots with slot sharing%n",
                jobGraph.name(), job.operators().size(), jobGraph.vertices().size(), graph.taskCount(),
                graph.requiredSlots()));
        if (!jobGraph.config().isEmpty()) {
            text.append("config: ").append(jobGraph.config().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(", "))).append(System.lineSeparator());
        }
        text.append(System.lineSeparator());
        List<String[]> rows = new java.util.ArrayList<>();
        rows.add(new String[] {"JOB VERTEX", "PARALLELISM", "OPERATORS", "INPUTS"});
        for (JobVertex vertex : jobGraph.vertices()) {
            rows.add(new String[] {vertex.id().value(), Integer.toString(vertex.parallelism()),
                    vertex.operators().stream().map(OperatorSpec::id).collect(Collectors.joining(" -> ")),
                    vertex.inputs().stream().map(PlanCommand::describeInput).collect(Collectors.joining(", "))});
        }
        text.append(Tables.render(rows)).append(System.lineSeparator());
        List<PipelinedRegion> regions = graph.getAllPipelinedRegions();
        text.append(regions.size()).append(regions.size() == 1 ? " pipelined region" : " pipelined regions")
                .append(System.lineSeparator());
        for (PipelinedRegion region : regions.subList(0, Math.min(REGIONS_SHOWN, regions.size()))) {
            text.append(String.format(Locale.ROOT, "  %4d  %s%n", region.getIndex() + 1, compact(region)));
        }
        if (regions.size() > REGIONS_SHOWN) {
            text.append("  ... and ").append(regions.size() - REGIONS_SHOWN)
                    .append(" more (--json lists every region)").append(System.lineSeparator());
        }
        if (restarts != null) {
            text.append(System.lineSeparator()).append("tasks restarted when it fails, by failover strategy:")
                    .append(System.lineSeparator());
            restarts.forEach((strategy, tasks) -> text.append(String.format(Locale.ROOT, "  %-20s %s%n", strategy,
                    tasks == null ? "not applicable to this job" : tasks.size() + ": " + String.join(", ", tasks))));
        }
        return text.toString();
    }

    private static String describeInput(JobEdge edge) {
        return edge.source().producer().id() + " (" + edge.partitioner().externalName() + ", "
                + edge.source().resultType().name().toLowerCase(Locale.ROOT) + ")";
    }

    /** Tasks of a region as ranges per job vertex, e.g. {@code src#0..3, map#0..3}. */
    static String compact(PipelinedRegion region) {
        StringBuilder text = new StringBuilder();
        List<ExecutionVertex> vertices = region.getVertices();
        int i = 0;
        while (i < vertices.size()) {
            ExecutionVertex first = vertices.get(i);
            int j = i;
            while (j + 1 < vertices.size() && vertices.get(j + 1).jobVertex() == first.jobVertex()
                    && vertices.get(j + 1).subtaskIndex() == vertices.get(j).subtaskIndex() + 1) {
                j++;
            }
            if (text.length() > 0) {
                text.append(", ");
            }
            text.append(first.getId());
            if (j > i) {
                text.append("..").append(vertices.get(j).subtaskIndex());
            }
            i = j + 1;
        }
        return text.toString();
    }

    /** A config value as JSON: a number or boolean where the text is one, else a string. */
    private static com.fasterxml.jackson.databind.JsonNode typed(String value) {
        var nodes = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
        if (value.equals("true") || value.equals("false")) {
            return nodes.booleanNode(Boolean.parseBoolean(value));
        }
        if (value.matches("-?(0|[1-9][0-9]{0,17})")) {
            return nodes.numberNode(Long.parseLong(value));
        }
        if (value.matches("-?(0|[1-9][0-9]*)\\.[0-9]+")) {
            return nodes.numberNode(new java.math.BigDecimal(value));
        }
        return nodes.textNode(value);
    }

    static String json(JobSpec job, ExecutionGraph graph, Map<String, Set<String>> restarts) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        JobGraph jobGraph = graph.jobGraph();
        root.put("job", jobGraph.name());
        ObjectNode config = root.putObject("config");
        jobGraph.config().forEach((key, value) -> config.set(key, typed(value)));
        root.put("operators", job.operators().size());
        ArrayNode vertices = root.putArray("jobVertices");
        for (JobVertex vertex : jobGraph.vertices()) {
            ObjectNode node = vertices.addObject();
            node.put("id", vertex.id().value());
            ArrayNode operators = node.putArray("operators");
            vertex.operators().forEach(operator -> operators.add(operator.id()));
            node.put("parallelism", vertex.parallelism());
            node.put("slotSharingGroup", vertex.slotSharingGroup().name());
            if (vertex.coLocationGroup() == null) {
                node.putNull("coLocationGroup");
            } else {
                node.put("coLocationGroup", vertex.coLocationGroup().name());
            }
            ArrayNode inputs = node.putArray("inputs");
            for (JobEdge edge : vertex.inputs()) {
                ObjectNode input = inputs.addObject();
                input.put("from", edge.source().producer().id().value());
                input.put("partitioner", edge.partitioner().externalName());
                input.put("exchange", edge.source().resultType().name().toLowerCase(Locale.ROOT));
                input.put("pattern", edge.distributionPattern().name());
            }
        }
        root.put("tasks", graph.taskCount());
        root.put("slots", graph.requiredSlots());
        ArrayNode regions = root.putArray("regions");
        for (PipelinedRegion region : graph.getAllPipelinedRegions()) {
            ArrayNode tasks = regions.addArray();
            region.getVertices().forEach(vertex -> tasks.add(vertex.getId().toString()));
        }
        if (restarts != null) {
            ObjectNode restart = root.putObject("restart");
            restarts.forEach((strategy, tasks) -> {
                if (tasks == null) {
                    restart.putNull(strategy);
                } else {
                    ArrayNode list = restart.putArray(strategy);
                    tasks.forEach(list::add);
                }
            });
        }
        try {
            return mapper.writeValueAsString(root) + System.lineSeparator();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
