package io.sluice.taskexecutor.internal;

import io.sluice.api.plugin.ConfigurationSource;
import io.sluice.network.NetworkPartitions;
import io.sluice.network.NetworkSettings;
import io.sluice.rpc.ProcessRole;
import io.sluice.shuffle.RemotePartitions;
import io.sluice.transport.TransportSettings;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

/**
 * The network data plane of a worker process: a data port (on the RPC port's interface) serving the partitions
 * this worker's tasks write, and the channels its tasks read other workers' partitions through, sized by the
 * {@code taskexecutor.network.*} keys of {@code conf/io.sluice.worker.cfg}. The TaskExecutor of a worker process
 * starts once it is there, and offers its slots with the data port's address. Its settings are read when the
 * worker starts; a changed file says so and takes effect at the worker's next start.
 */
@Component(service = WorkerDataPlane.class, configurationPid = WorkerProcessComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public class WorkerDataPlane {
    /** The data port; 0 (the default) picks a free one. */
    static final String DATA_PORT = "taskexecutor.data.port";
    private static final Set<String> KEYS = Set.of(NetworkSettings.MEMORY, NetworkSettings.SEGMENT_SIZE,
            NetworkSettings.BUFFERS_PER_CHANNEL, NetworkSettings.FLOATING_BUFFERS_PER_GATE,
            NetworkSettings.REQUEST_BACKOFF_MAX, DATA_PORT);

    /** What the data plane is started with. */
    record Settings(NetworkSettings network, int dataPort) {
    }

    private final Logger log;
    private final Settings settings;
    private final NetworkPartitions network;

    @Activate
    public WorkerDataPlane(@Reference(target = "(sluice.role=worker)") ProcessRole.Service role,
            @Reference TransportSettings transport, @Reference LocalShuffle shuffle,
            @Reference(service = LoggerFactory.class) Logger log, Map<String, Object> properties) {
        this.log = log;
        Settings parsed;
        try {
            parsed = parse(properties);
        } catch (IllegalArgumentException e) {
            parsed = new Settings(NetworkSettings.DEFAULT, 0); // the worker offers no slots until it is fixed
        }
        this.settings = parsed;
        NetworkPartitions started = null;
        try {
            started = new NetworkPartitions(transport, shuffle.partitions(), settings.network(), settings.dataPort(),
                    log::warn);
            log.info("{}", started);
        } catch (IllegalStateException e) {
            log.error("no data port, so no exchange with other workers: {}", e.getMessage());
        }
        this.network = started;
    }

    /** Whether {@code key} of the worker's file sets the data plane rather than the TaskExecutor. */
    static boolean isNetworkKey(String key) {
        return key.startsWith("taskexecutor.network.") || key.equals(DATA_PORT);
    }

    /** The data plane's settings in a worker's configuration; throws naming the key, or the unknown key. */
    static Settings parse(Map<String, ?> properties) {
        Map<String, String> values = new HashMap<>();
        properties.forEach((key, value) -> {
            if (isNetworkKey(key)) {
                if (!KEYS.contains(key)) {
                    throw new IllegalArgumentException("unknown key '" + key + "' (the data plane's keys: "
                            + new TreeSet<>(KEYS) + ")");
                }
                values.put(key, String.valueOf(value));
            }
        });
        int port = 0;
        if (values.containsKey(DATA_PORT)) {
            try {
                port = Integer.parseInt(values.remove(DATA_PORT).trim());
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException(DATA_PORT + " '" + properties.get(DATA_PORT)
                        + "' is not a port (0 to 65535; 0 picks a free one)");
            }
        }
        return new Settings(NetworkSettings.parse(values), port);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        try {
            Settings changed = parse(properties);
            if (!changed.equals(settings)) {
                log.warn("{}: the data port keeps {} until the worker restarts (new: {})",
                        ConfigurationSource.describe(properties), settings, changed);
            }
        } catch (IllegalArgumentException e) {
            // WorkerProcessComponent reports the file
        }
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
