package io.sluice.taskexecutor.internal;

import io.sluice.api.resource.ResourceProvider;
import io.sluice.rpc.LeaderGateways;
import io.sluice.rpc.ProcessRole;
import io.sluice.rpc.RpcAddress;
import io.sluice.rpc.RpcService;
import io.sluice.rpc.gateway.ResourceManagerGateway;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.Hashtable;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

/**
 * What makes a worker process ({@code sluice worker --master HOST:PORT}) a worker: the ResourceManager of that
 * master as the {@link ResourceManagerGateway} service, following it through its leader endpoint when it
 * restarts, and one TaskExecutor, configured from the launcher's framework properties. The TaskExecutor's
 * configuration lives only as long as the process.
 */
@Component(immediate = true)
@Capability(namespace = "osgi.service",
        attribute = "objectClass:List<String>=\"io.sluice.rpc.gateway.ResourceManagerGateway\"",
        uses = ResourceManagerGateway.class)
public class WorkerProcessComponent {
    /** {@code host:port} of the master's RPC port. */
    public static final String MASTER_PROPERTY = "sluice.master.address";
    public static final String SLOTS_PROPERTY = "sluice.worker.slots";
    public static final String ID_PROPERTY = "sluice.worker.id";

    private final ServiceRegistration<ResourceManagerGateway> registration;
    private final Configuration taskExecutor;

    @Activate
    public WorkerProcessComponent(BundleContext context,
            @Reference(target = "(sluice.role=worker)") ProcessRole.Service role, @Reference RpcService rpc,
            @Reference ConfigurationAdmin configurationAdmin, @Reference(service = LoggerFactory.class) Logger log)
            throws IOException {
        RpcAddress master = masterAddress(context.getProperty(MASTER_PROPERTY));
        ResourceManagerGateway resourceManager = LeaderGateways.follow(rpc,
                new RpcAddress(master.host(), master.port(), "resourcemanager.leader", null),
                ResourceManagerGateway.class);
        registration = context.registerService(ResourceManagerGateway.class, resourceManager, null);
        String id = context.getProperty(ID_PROPERTY);
        if (id == null || id.isBlank()) {
            id = "worker-" + ManagementFactory.getRuntimeMXBean().getName().replace('@', '-');
        }
        String slots = context.getProperty(SLOTS_PROPERTY);
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(ResourceProvider.WORKER_ID_PROPERTY, id);
        properties.put(ResourceProvider.SLOTS_PROPERTY, slots == null || slots.isBlank() ? "1" : slots.trim());
        properties.put(TaskExecutorComponent.PROCESS_WORKER_PROPERTY, "true");
        taskExecutor = configurationAdmin.createFactoryConfiguration(ResourceProvider.TASK_EXECUTOR_FACTORY_PID, "?");
        taskExecutor.update(properties);
        log.info("worker process {} of master {} with {} slots", id, master.process(), properties.get(
                ResourceProvider.SLOTS_PROPERTY));
    }

    @Deactivate
    void deactivate() throws IOException {
        taskExecutor.delete();
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
