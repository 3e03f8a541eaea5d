package io.sluice.taskexecutor.internal;

import io.sluice.network.NetworkPartitions;
import io.sluice.network.NetworkSettings;
import io.sluice.rpc.ProcessRole;
import io.sluice.shuffle.RemotePartitions;
import io.sluice.transport.TransportSettings;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

/**
 * The network data plane of a worker process: a data port (a free one, on the RPC port's interface) serving the
 * partitions this worker's tasks write, and the channels its tasks read other workers' partitions through. The
 * TaskExecutor of a worker process starts once it is there, and offers its slots with the data port's address.
 */
@Component(service = WorkerDataPlane.class)
public class WorkerDataPlane {
    private final NetworkPartitions network;

    @Activate
    public WorkerDataPlane(@Reference(target = "(sluice.role=worker)") ProcessRole.Service role,
            @Reference TransportSettings transport, @Reference LocalShuffle shuffle,
            @Reference(service = LoggerFactory.class) Logger log) {
        NetworkPartitions started = null;
        try {
            started = new NetworkPartitions(transport, shuffle.partitions(), NetworkSettings.DEFAULT, 0, log::warn);
            log.info("{}", started);
        } catch (IllegalStateException e) {
            log.error("no data port, so no exchange with other workers: {}", e.getMessage());
        }
        this.network = started;
    }

    /** The data plane; {@code null} when it could not start (the error is logged). */
    RemotePartitions partitions() {
        return network;
    }

    @Deactivate
    void deactivate() {
        if (network != null) {
            network.close();
        }
    }
}
