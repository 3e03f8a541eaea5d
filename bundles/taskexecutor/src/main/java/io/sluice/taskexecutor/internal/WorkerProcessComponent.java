package io.sluice.taskexecutor.internal;

import io.sluice.api.plugin.ConfigurationSource;
import io.sluice.api.plugin.StrategyOptions;
import io.sluice.api.resource.ResourceProvider;
import io.sluice.rpc.LeaderGateways;
import io.sluice.rpc.ProcessRole;
import io.sluice.rpc.RpcAddress;
import io.sluice.rpc.RpcService;
import io.sluice.rpc.gateway.LeaderRetrievalGateway;
import io.sluice.rpc.gateway.ResourceManagerGateway;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.Hashtable;
import java.util.Map;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * What makes a worker process ({@code sluice worker --master HOST:PORT}) a worker: the ResourceManager of that
 * master as the {@link ResourceManagerGateway} service, following it through its leader endpoint when it
 * restarts, and one TaskExecutor: {@code conf/io.sluice.worker.cfg} configures it (the same file for every
 * worker of the distribution, as Flink's taskmanager settings), {@code --id} and {@code --slots} win. The
 * TaskExecutor's configuration lives only as long as the process; a changed file restarts the TaskExecutor with
 * it, and an invalid one is rejected here with one error naming the file, the running worker staying as it is.
 */
@Component(immediate = true, configurationPid = WorkerProcessComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = WorkerProcessComponent.Config.class)
@Capability(namespace = "osgi.service",
        attribute = "objectClass:List<String>=\"io.sluice.rpc.gateway.ResourceManagerGateway\"",
        uses = ResourceManagerGateway.class)
public class WorkerProcessComponent {
    static final String PID = "io.sluice.worker";

    @ObjectClassDefinition(id = PID, name = "Worker process",
            description = "The TaskExecutor of every `sluice worker` process of this distribution; --slots wins.")
    @interface Config {
        @AttributeDefinition(name = "taskexecutor.slots", type = AttributeType.INTEGER,
                description = "How many slots the worker offers (Flink's taskmanager.numberOfTaskSlots).")
        int taskexecutor_slots() default 1;

        @AttributeDefinition(name = "taskexecutor.slot.cpu", type = AttributeType.DOUBLE,
                description = "CPU cores of each slot.")
        double taskexecutor_slot_cpu() default 1.0;

        @AttributeDefinition(name = "taskexecutor.slot.heap-mb", type = AttributeType.INTEGER,
                description = "Heap of each slot, in MB.")
        int taskexecutor_slot_heap$_$mb() default 512;

        @AttributeDefinition(name = "taskexecutor.slot.managed-mb", type = AttributeType.INTEGER,
                description = "Managed memory of each slot, in MB.")
        int taskexecutor_slot_managed$_$mb() default 0;

        @AttributeDefinition(name = "heartbeat.interval",
                description = "How often the worker expects the ResourceManager's and its JobMasters' heartbeats;"
                        + " set it as on the master.")
        String heartbeat_interval() default "10s";

        @AttributeDefinition(name = "heartbeat.timeout",
                description = "Silence after which the worker registers again, or frees a JobMaster's slots and"
                        + " cancels its tasks there; set it as on the master.")
        String heartbeat_timeout() default "50s";

        @AttributeDefinition(name = "taskexecutor.network.memory",
                description = "The worker's network memory: every buffer its data port sends from and its remote"
                        + " channels receive into (bytes, or e.g. 64m, 1g); read at the worker's start.")
        String taskexecutor_network_memory() default "64m";

        @AttributeDefinition(name = "taskexecutor.network.segment-size",
                description = "The size of one network buffer (Flink's taskmanager.memory.segment-size); a record"
                        + " larger than it cannot cross to another worker.")
        String taskexecutor_network_segment$_$size() default "32k";

        @AttributeDefinition(name = "taskexecutor.network.buffers-per-channel", type = AttributeType.INTEGER,
                description = "Exclusive buffers of every channel reading another worker's partition (Flink's 2).")
        int taskexecutor_network_buffers$_$per$_$channel() default 2;

        @AttributeDefinition(name = "taskexecutor.network.floating-buffers-per-gate", type = AttributeType.INTEGER,
                description = "Buffers an input gate lends to its remote channels with a backlog (Flink's 8).")
        int taskexecutor_network_floating$_$buffers$_$per$_$gate() default 8;

        @AttributeDefinition(name = "taskexecutor.network.request-backoff.max",
                description = "How long a consumer asks again for a partition its producer's worker does not hold"
                        + " before it fails with PartitionNotFoundException (Flink's 10 s).")
        String taskexecutor_network_request$_$backoff_max() default "10s";

        @AttributeDefinition(name = "taskexecutor.data.port", type = AttributeType.INTEGER,
                description = "The data port other workers read this one's partitions at; 0 picks a free one.")
        int taskexecutor_data_port() default 0;
    }

    /** {@code host:port} of the master's RPC port. */
    public static final String MASTER_PROPERTY = "sluice.master.address";
    public static final String SLOTS_PROPERTY = "sluice.worker.slots";
    public static final String ID_PROPERTY = "sluice.worker.id";

    private final ServiceRegistration<ResourceManagerGateway> registration;
    private final ConfigurationAdmin configurationAdmin;
    private final Logger log;
    private final String id;
    private final String slots;
    /** The TaskExecutor's configuration; {@code null} while the worker file is invalid. */
    private Configuration taskExecutor;

    @Activate
    public WorkerProcessComponent(BundleContext context,
            @Reference(target = "(sluice.role=worker)") ProcessRole.Service role, @Reference RpcService rpc,
            @Reference ConfigurationAdmin configurationAdmin, @Reference(service = LoggerFactory.class) Logger log,
            Map<String, Object> properties) throws IOException {
        RpcAddress master = masterAddress(context.getProperty(MASTER_PROPERTY));
        ResourceManagerGateway resourceManager = LeaderGateways.follow(rpc,
                new RpcAddress(master.host(), master.port(), LeaderRetrievalGateway.RESOURCE_MANAGER, null),
                ResourceManagerGateway.class);
        registration = context.registerService(ResourceManagerGateway.class, resourceManager, null);
        String named = context.getProperty(ID_PROPERTY);
        id = named == null || named.isBlank() ? "worker-" + ManagementFactory.getRuntimeMXBean().getName()
                .replace('@', '-') : named;
        slots = context.getProperty(SLOTS_PROPERTY);
        this.configurationAdmin = configurationAdmin;
        this.log = log;
        log.info("worker process {} of master {}", id, master.process());
        configure(properties);
    }

    /** A changed {@code io.sluice.worker.cfg}: the TaskExecutor restarts with it unless nothing changed. */
    @Modified
    synchronized void configure(Map<String, Object> properties) throws IOException {
        Hashtable<String, Object> settings = taskExecutorProperties(properties);
        try {
            WorkerDataPlane.parse(properties);
            TaskExecutorComponent.parse(settings);
        } catch (IllegalArgumentException e) {
            // named here, where the file is known: the TaskExecutor's own configuration has no file
            log.error("{} rejected, {}: {}", ConfigurationSource.describe(properties), taskExecutor == null
                    ? "the worker offers no slots until it is fixed" : "the running settings stay", e.getMessage());
            return;
        }
        if (taskExecutor == null) {
            taskExecutor = configurationAdmin.createFactoryConfiguration(ResourceProvider.TASK_EXECUTOR_FACTORY_PID,
                    "?");
        }
        taskExecutor.updateIfDifferent(settings);
    }

    /** The worker file's settings with this process's id and {@code --slots}. */
    private Hashtable<String, Object> taskExecutorProperties(Map<String, Object> properties) {
        Hashtable<String, Object> settings = new Hashtable<>();
        properties.forEach((key, value) -> {
            // FileInstall's file name must not follow (it would save there); the data plane reads its own keys
            if (!StrategyOptions.isFrameworkKey(key) && !WorkerDataPlane.isNetworkKey(key)) {
                settings.put(key, value);
            }
        });
        settings.put(ResourceProvider.WORKER_ID_PROPERTY, id);
        if (slots != null && !slots.isBlank()) {
            settings.put(ResourceProvider.SLOTS_PROPERTY, slots.trim());
        }
        settings.put(TaskExecutorComponent.PROCESS_WORKER_PROPERTY, "true");
        return settings;
    }

    @Deactivate
    synchronized void deactivate() throws IOException {
        if (taskExecutor != null) {
            taskExecutor.delete();
        }
        registration.unregister();
    }

    /** {@code HOST:PORT}; throws naming the property and what is wrong with it. */
    static RpcAddress masterAddress(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(MASTER_PROPERTY + " is not set: a worker needs --master HOST:PORT");
        }
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new IllegalArgumentException("master address '" + value + "' is not HOST:PORT");
        }
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("master address '" + value + "': port '" + value.substring(colon + 1)
                    + "' is not a number");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("master address '" + value + "': port " + port
                    + " is out of range (1 to 65535)");
        }
        return new RpcAddress(value.substring(0, colon).trim(), port, "master", null);
    }
}
