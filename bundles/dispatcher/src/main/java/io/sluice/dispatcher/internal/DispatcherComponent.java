package io.sluice.dispatcher.internal;

import io.sluice.api.plugin.ConfigurationSource;
import io.sluice.api.plugin.StrategyOptions;
import io.sluice.jobmaster.JobMasterFactory;
import io.sluice.rpc.ThreadMainThreadExecutor;
import io.sluice.rpc.ProcessRole;
import io.sluice.rpc.RpcService;
import io.sluice.rpc.gateway.DispatcherGateway;
import io.sluice.rpc.gateway.ResourceManagerGateway;
import java.time.Duration;
import java.util.Map;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
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
 * The platform's {@link Dispatcher}, on its own main thread, configured by {@code conf/io.sluice.dispatcher.cfg}
 * (applied without a restart; a file with an invalid value or an unknown key is rejected naming the file and the
 * key, and the running settings stay). Its
 * gateway is registered as the {@link DispatcherGateway} service the CLI and the shell submit to.
 */
@Component(immediate = true, configurationPid = DispatcherComponent.PID)
// the gateway is registered by hand (it is the in-process proxy), so declare it for the resolver
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=\"io.sluice.rpc.gateway.DispatcherGateway\"",
        uses = DispatcherGateway.class)
@Designate(ocd = DispatcherComponent.Config.class)
public class DispatcherComponent {
    static final String PID = "io.sluice.dispatcher";

    @ObjectClassDefinition(id = PID, name = "Dispatcher", description = "Job submission, how many jobs run at once, and the archive of ended jobs.")
    @interface Config {
        @AttributeDefinition(name = "dispatcher.max-running-jobs", type = AttributeType.INTEGER,
                description = "Jobs running at once; a submission beyond it is refused as busy (REST answers 503) "
                        + "and starts nothing, so that a burst of clients cannot run the master out of memory.")
        int dispatcher_max$_$running$_$jobs() default DispatcherSettings.DEFAULT_MAX_RUNNING_JOBS;

        @AttributeDefinition(name = "jobstore.max-capacity", type = AttributeType.INTEGER,
                description = "How many ended jobs are kept for status queries; the oldest go first.")
        int jobstore_max$_$capacity() default 1_000;

        @AttributeDefinition(name = "jobstore.expiration-time",
                description = "How long an ended job is kept for status queries (Flink's default).")
        String jobstore_expiration$_$time() default "1h";
    }

    private final Logger log;
    private final ThreadMainThreadExecutor mainThread = new ThreadMainThreadExecutor("sluice-dispatcher");
    private final Dispatcher dispatcher;
    private final ServiceRegistration<DispatcherGateway> registration;

    @Activate
    public DispatcherComponent(BundleContext context, @Reference RpcService rpc,
            @Reference(target = ProcessRole.MASTER_OR_EMBEDDED) ProcessRole.Service role,
            @Reference ResourceManagerGateway resourceManager,
            @Reference JobMasterFactory jobMasters, @Reference(service = LoggerFactory.class) Logger log,
            Map<String, Object> properties) {
        this.log = log;
        DispatcherSettings settings;
        try {
            settings = parse(properties);
        } catch (IllegalArgumentException e) {
            log.error("{} rejected, using the defaults: {}", ConfigurationSource.describe(properties), e.getMessage());
            settings = DispatcherSettings.DEFAULT;
        }
        this.dispatcher = new Dispatcher(rpc, mainThread, resourceManager, jobMasters, settings, log::info);
        this.registration = context.registerService(DispatcherGateway.class, dispatcher.gateway(), null);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        try {
            DispatcherSettings settings = parse(properties);
            mainThread.execute(() -> dispatcher.reconfigure(settings));
            log.info("Dispatcher reconfigured: {}", settings);
        } catch (IllegalArgumentException e) {
            log.error("{} rejected, the running settings stay: {}", ConfigurationSource.describe(properties),
                    e.getMessage());
        }
    }

    /**
     * Parses the settings; throws {@link IllegalArgumentException} naming the first bad key and its value, or the
     * unknown keys with the known ones.
     */
    static DispatcherSettings parse(Map<String, ?> properties) {
        StrategyOptions options = StrategyOptions.ofConfiguration(properties);
        int running = options.getInt("dispatcher.max-running-jobs", DispatcherSettings.DEFAULT.maxRunningJobs());
        int capacity = options.getInt("jobstore.max-capacity", DispatcherSettings.DEFAULT.maxCapacity());
        if (capacity < 0) {
            throw new IllegalArgumentException("jobstore.max-capacity must be >= 0, got " + capacity);
        }
        Duration expiration = options.getDuration("jobstore.expiration-time", DispatcherSettings.DEFAULT.expiration());
        if (expiration.isNegative() || expiration.isZero()) {
            throw new IllegalArgumentException("jobstore.expiration-time must be positive, got "
                    + options.asMap().get("jobstore.expiration-time").trim());
        }
        options.requireAllKnown();
        return new DispatcherSettings(running, capacity, expiration);
    }

    @Deactivate
    void deactivate() {
        registration.unregister();
        dispatcher.closeEndpoint();
        mainThread.execute(dispatcher::stop);
        mainThread.close();
    }
}
