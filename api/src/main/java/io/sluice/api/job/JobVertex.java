package io.sluice.api.job;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One task of the job: a chain of operators run by a single thread per subtask, with its parallelism,
 * placement constraints and declared resources. Built by {@link JobGraph.Builder}; immutable afterwards.
 */
public final class JobVertex {
    private final JobVertexId id;
    private final List<OperatorSpec> operators;
    private final int parallelism;
    private final SlotSharingGroup slotSharingGroup;
    private final CoLocationGroup coLocationGroup;
    private final ResourceProfile resources;
    private final List<JobEdge> inputs = new ArrayList<>();
    private final List<IntermediateDataSet> producedDataSets = new ArrayList<>();
    private final List<JobEdge> inputsView = Collections.unmodifiableList(inputs);
    private final List<IntermediateDataSet> producedView = Collections.unmodifiableList(producedDataSets);

    JobVertex(JobVertexId id, List<OperatorSpec> operators, int parallelism, SlotSharingGroup slotSharingGroup,
            CoLocationGroup coLocationGroup, ResourceProfile resources) {
        this.id = id;
        this.operators = List.copyOf(operators);
        this.parallelism = parallelism;
        this.slotSharingGroup = slotSharingGroup;
        this.coLocationGroup = coLocationGroup;
        this.resources = resources;
    }

    public JobVertexId id() {
        return id;
    }

    /** The chained operators, head first. */
    public List<OperatorSpec> operators() {
        return operators;
    }

    public int parallelism() {
        return parallelism;
    }

    public SlotSharingGroup slotSharingGroup() {
        return slotSharingGroup;
    }

    /** The co-location group, or {@code null} when the vertex has none. */
    public CoLocationGroup coLocationGroup() {
        return coLocationGroup;
    }

    public ResourceProfile resources() {
        return resources;
    }

    public List<JobEdge> inputs() {
        return inputsView;
    }

    public List<IntermediateDataSet> producedDataSets() {
        return producedView;
    }

    public boolean isSource() {
        return inputs.isEmpty();
    }

    void addInput(JobEdge edge) {
        inputs.add(edge);
    }

    void addProduced(IntermediateDataSet dataSet) {
        producedDataSets.add(dataSet);
    }

    @Override
    public String toString() {
        return id + " (p=" + parallelism + ")";
    }
}
