package io.sluice.rpc.internal;

import io.sluice.rpc.LeaderGateways;
import io.sluice.rpc.ProcessRole;
import io.sluice.rpc.RpcService;
import io.sluice.rpc.gateway.LeaderRetrievalGateway;
import io.sluice.rpc.gateway.ResourceManagerGateway;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@link ResourceManagerGateway} service of a process that runs the ResourceManager (the master, the embedded
 * platform): a gateway that follows whichever ResourceManager serves this process's leader endpoint now. It
 * outlives the ResourceManager component, so the Dispatcher and the JobMasters keep running when that bundle is
 * stopped and started again; calls in between fail with an {@link io.sluice.rpc.RpcException}, as calls to a
 * master that is gone do. A worker process has its own, following its master's.
 */
@Component(immediate = true)
// the gateway is a proxy registered by hand, so declare it for the resolver
@Capability(namespace = "osgi.service",
        attribute = "objectClass:List<String>=\"io.sluice.rpc.gateway.ResourceManagerGateway\"",
        uses = ResourceManagerGateway.class)
public class ResourceManagerLeaderComponent {
    private final ServiceRegistration<ResourceManagerGateway> registration;

    @Activate
    public ResourceManagerLeaderComponent(BundleContext context,
            @Reference(target = ProcessRole.MASTER_OR_EMBEDDED) ProcessRole.Service role, @Reference RpcService rpc) {
        ResourceManagerGateway resourceManager = LeaderGateways.follow(rpc,
                rpc.addressOf(LeaderRetrievalGateway.RESOURCE_MANAGER), ResourceManagerGateway.class);
        registration = context.registerService(ResourceManagerGateway.class, resourceManager, null);
    }

    @Deactivate
    void deactivate() {
        registration.unregister();
    }
}
