package io.sluice.benchmarks;

import io.sluice.api.job.ExecutionState;
import io.sluice.api.job.JobVertexId;
import io.sluice.executiongraph.ExecutionGraph;
import io.sluice.executiongraph.ExecutionVertex;
import io.sluice.executiongraph.IntermediateResultPartition;

/** Untimed set-up shared by the benchmarks: states moved as the JobMaster would move them. */
final class Graphs {
    static final JobVertexId SOURCE = new JobVertexId("source");
    static final JobVertexId SINK = new JobVertexId("sink");

    private Graphs() {
    }

    static void transition(ExecutionGraph graph, JobVertexId jobVertex, ExecutionState state) {
        for (ExecutionVertex vertex : graph.jobVertex(jobVertex).vertices()) {
            vertex.setState(state);
            if (state == ExecutionState.FINISHED) {
                vertex.getProducedResults().forEach(IntermediateResultPartition::markFinished);
            }
        }
    }
}
