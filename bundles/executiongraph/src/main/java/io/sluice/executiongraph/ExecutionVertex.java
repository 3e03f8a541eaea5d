package io.sluice.executiongraph;

import io.sluice.api.job.ExecutionState;
import io.sluice.api.job.ExecutionVertexId;
import io.sluice.api.scheduling.SchedulingExecutionVertex;
import java.util.AbstractList;
import java.util.List;

/** One task: subtask {@code i} of a job vertex, with the state of its current execution attempt. */
public final class ExecutionVertex implements SchedulingExecutionVertex {
    private final ExecutionJobVertex jobVertex;
    private final ExecutionVertexId id;
    private final PartitionGroup[] consumed;
    private int connectedInputs;
    private ExecutionState state = ExecutionState.CREATED;
    private PipelinedRegion region;

    ExecutionVertex(ExecutionJobVertex jobVertex, int subtask, int inputs) {
        this.jobVertex = jobVertex;
        this.id = new ExecutionVertexId(jobVertex.id(), subtask);
        this.consumed = inputs == 0 ? NO_GROUPS : new PartitionGroup[inputs];
    }

    private static final PartitionGroup[] NO_GROUPS = new PartitionGroup[0];

    @Override
    public ExecutionVertexId getId() {
        return id;
    }

    @Override
    public ExecutionState getState() {
        return state;
    }

    /** Moves the current attempt to {@code state}; the JobMaster validates transitions. */
    public void setState(ExecutionState state) {
        this.state = state;
    }

    public ExecutionJobVertex jobVertex() {
        return jobVertex;
    }

    public int subtaskIndex() {
        return id.subtaskIndex();
    }

    @Override
    public List<PartitionGroup> getConsumedPartitionGroups() {
        return new ArrayView<>(consumed);
    }

    @Override
    public List<IntermediateResultPartition> getProducedResults() {
        List<IntermediateResult> results = jobVertex.producedResults();
        if (results.isEmpty()) {
            return List.of(); // sinks: nothing to allocate
        }
        int subtask = id.subtaskIndex();
        return new AbstractList<>() {
            @Override
            public IntermediateResultPartition get(int index) {
                return results.get(index).partitions().get(subtask);
            }

            @Override
            public int size() {
                return results.size();
            }
        };
    }

    public PipelinedRegion region() {
        return region;
    }

    /** Global index: producers before consumers, subtasks of a job vertex contiguous. */
    public int index() {
        return jobVertex.firstIndex() + id.subtaskIndex();
    }

    void addConsumedGroup(PartitionGroup group) {
        consumed[connectedInputs++] = group;
    }

    void setRegion(PipelinedRegion region) {
        this.region = region;
    }

    @Override
    public String toString() {
        return id + " " + state;
    }
}
