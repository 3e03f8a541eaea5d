package io.sluice.rpc.internal;

import io.sluice.rpc.ProcessRole;
import java.util.Dictionary;
import java.util.Hashtable;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Registers the {@link ProcessRole.Service} of this process with its role as a service property, read once from
 * the framework property the launcher sets: the role of a process never changes while it runs.
 */
@Component(immediate = true)
// registered by hand (its property comes from the framework), so declare it for the resolver
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=\"io.sluice.rpc.ProcessRole$Service\"",
        uses = ProcessRole.class)
public class ProcessRoleComponent {
    private final ServiceRegistration<ProcessRole.Service> registration;

    @Activate
    public ProcessRoleComponent(BundleContext context) {
        ProcessRole role = ProcessRole.parse(context.getProperty(ProcessRole.PROPERTY));
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(ProcessRole.SERVICE_PROPERTY, role.id());
        registration = context.registerService(ProcessRole.Service.class, () -> role, properties);
    }

    @Deactivate
    void deactivate() {
        registration.unregister();
    }
}
