package io.sluice.taskexecutor.internal;

import io.sluice.shuffle.PartitionRegistry;
import io.sluice.shuffle.ShuffleSettings;
import java.nio.file.Path;
import org.osgi.service.component.annotations.Component;

/**
 * The partitions of every TaskExecutor in this JVM, shared so that a consumer finds its producer's partition
 * whichever worker it runs on. Spills go under {@code ${sluice.data}/shuffle}.
 */
@Component(service = LocalShuffle.class)
public class LocalShuffle {
    private final PartitionRegistry partitions = new PartitionRegistry();
    private final ShuffleSettings settings = ShuffleSettings.defaults(dataDirectory().resolve("shuffle"));

    PartitionRegistry partitions() {
        return partitions;
    }

    ShuffleSettings settings() {
        return settings;
    }

    private static Path dataDirectory() {
        String data = System.getProperty("sluice.data");
        return data != null ? Path.of(data) : Path.of(System.getProperty("java.io.tmpdir"), "sluice-data");
    }
}
