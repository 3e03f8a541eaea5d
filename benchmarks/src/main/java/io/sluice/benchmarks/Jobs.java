package io.sluice.benchmarks;

import io.sluice.api.job.JobGraph;
import io.sluice.api.job.OperatorSpec;
import io.sluice.api.job.PartitionerKind;
import io.sluice.api.job.ResourceProfile;
import io.sluice.api.job.ResultPartitionType;
import io.sluice.api.job.SlotSharingGroup;
import java.util.List;
import java.util.Map;

/**
 * The jobs of the end-to-end benchmarks, in the shapes of examples/ (and of their Flink peers in
 * benchmarks/flink): keyed sums over a sequence, and a chain of 100 unchained tasks.
 */
final class Jobs {
    static final int KEYS = 1024;
    static final int CHAIN_MAPS = 23;

    private Jobs() {
    }

    /**
     * sequence 0..records-1 → (x mod 1024, x) → hash → sum or rolling sum → discard, parallelism 2; source and
     * to-pair chained, as are the sum and the sink.
     */
    static JobGraph keyedSum(long records, boolean streaming) {
        JobGraph.Builder job = JobGraph.builder(streaming ? "keyed-sum-streaming" : "keyed-sum");
        job.vertex("numbers", List.of(new OperatorSpec("numbers", "sequence-source", Map.of("from", 0L, "to", records - 1)),
                new OperatorSpec("pair", "to-pair", Map.of("keys", KEYS))), 2, SlotSharingGroup.DEFAULT, null,
                ResourceProfile.UNKNOWN);
        job.vertex("sum", List.of(new OperatorSpec("sum", streaming ? "rolling-sum" : "sum", Map.of()),
                new OperatorSpec("out", "discard-sink", Map.of())), 2, SlotSharingGroup.DEFAULT, null,
                ResourceProfile.UNKNOWN);
        job.connect("numbers", "sum", PartitionerKind.HASH,
                streaming ? ResultPartitionType.PIPELINED : ResultPartitionType.BLOCKING);
        return job.build();
    }

    /** An endless source of parallelism 4, 23 identity maps and a sink, chaining off: 100 tasks. */
    static JobGraph chain100() {
        JobGraph.Builder job = JobGraph.builder("chain100");
        job.vertex("src", List.of(new OperatorSpec("src", "sequence-source", Map.of("from", 0L, "to", Long.MAX_VALUE - 1))),
                4, SlotSharingGroup.DEFAULT, null, ResourceProfile.UNKNOWN);
        String previous = "src";
        for (int i = 1; i <= CHAIN_MAPS; i++) {
            String id = String.format("map%02d", i);
            job.vertex(id, "identity", 4);
            job.connect(previous, id, PartitionerKind.FORWARD, ResultPartitionType.PIPELINED);
            previous = id;
        }
        job.vertex("sink", "discard-sink", 4);
        job.connect(previous, "sink", PartitionerKind.FORWARD, ResultPartitionType.PIPELINED);
        return job.build();
    }
}
