package io.sluice.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.job.JobGraph;
import io.sluice.api.job.OperatorSpec;
import io.sluice.api.job.PartitionerKind;
import io.sluice.api.job.ResourceProfile;
import io.sluice.api.job.ResultPartitionType;
import io.sluice.api.job.SlotSharingGroup;
import io.sluice.api.operator.Operator;
import io.sluice.api.operator.OperatorContext;
import io.sluice.api.operator.OperatorFactory;
import io.sluice.api.operator.OperatorKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OperatorCatalogTest {
    private static OperatorFactory ofKind(OperatorKind kind) {
        return new OperatorFactory() {
            @Override
            public OperatorKind kind() {
                return kind;
            }

            @Override
            public Operator create(OperatorContext context) {
                throw new UnsupportedOperationException();
            }
        };
    }

    private static final OperatorCatalog CATALOG = OperatorCatalog.of(Map.of("source", ofKind(OperatorKind.SOURCE),
            "map", ofKind(OperatorKind.TRANSFORM), "sink", ofKind(OperatorKind.SINK)));

    private static JobGraph.Builder chain(JobGraph.Builder job, String vertex, OperatorSpec... operators) {
        return job.vertex(vertex, List.of(operators), 1, SlotSharingGroup.DEFAULT, null, ResourceProfile.UNKNOWN);
    }

    @Test
    void aSourceWithAnInputNamesTheOperatorThatFeedsIt() {
        // the edge leaves 'm', the last operator of the producer chain 'a' -> 'm'
        JobGraph fedByAChain = chain(chain(JobGraph.builder("j"), "a", new OperatorSpec("a", "source"),
                new OperatorSpec("m", "map")), "b", new OperatorSpec("b", "source"))
                .connect("a", "b", PartitionerKind.HASH, ResultPartitionType.PIPELINED).build();
        assertThat(CATALOG.check(fedByAChain))
                .contains("operator 'b' (source) is a source and reads no input, but 'm' feeds it");
        JobGraph chainedAfter = chain(JobGraph.builder("j"), "a", new OperatorSpec("a", "source"),
                new OperatorSpec("m", "map"), new OperatorSpec("b", "source")).build();
        assertThat(CATALOG.check(chainedAfter))
                .contains("operator 'b' (source) is a source and reads no input, but 'm' feeds it");
    }
}
