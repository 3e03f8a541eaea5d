package io.sluice.rest.internal;

import io.sluice.api.plugin.ConfigurationSource;
import io.sluice.jobmaster.JobChecks;
import io.sluice.jobmaster.JobMasterFactory;
import io.sluice.registry.OperatorCatalog;
import io.sluice.registry.StrategyRegistry;
import io.sluice.rpc.ProcessRole;
import io.sluice.rpc.gateway.DispatcherGateway;
import io.sluice.rpc.gateway.ResourceManagerGateway;
import jakarta.servlet.Servlet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import org.osgi.annotation.bundle.Requirement;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Serves the REST API in the master and in the embedded platform of {@code sluice start} — never in a worker or a
 * one-shot command, which would take the port of the platform they run next to. It configures the Felix HTTP
 * service ({@code org.apache.felix.http}, off by default in conf/config.properties) to listen on
 * {@code rest.address}:{@code rest.port} and registers the API's servlet on the whiteboard. A configuration with a
 * mistake is rejected naming the key, and the server stops rather than run without the settings it was given (a
 * dropped {@code rest.auth.token} would open it).
 */
@Component(immediate = true, configurationPid = RestServerComponent.PID)
@Designate(ocd = RestServerComponent.Config.class)
@Requirement(namespace = "osgi.implementation", name = "osgi.http", version = "2.0")
public class RestServerComponent implements Backend {
    static final String PID = "io.sluice.rest";
    /** The Felix HTTP service's configuration, written from ours. */
    static final String HTTP_PID = "org.apache.felix.http";
    /** The framework property one-shot commands set: they serve nothing. */
    private static final String COMMAND_PROPERTY = "sluice.command";
    /** Folders the launcher allows besides the data folder when io.allowed-dirs names none (the examples). */
    private static final String ALLOWED_DIRS_PROPERTY = "sluice.io.allowed-dirs";
    /** The default servlet: every path of the server is the API's, so even an unknown one is answered in JSON. */
    static final String[] PATTERNS = {"/"};

    @ObjectClassDefinition(id = PID, name = "REST API",
            description = "The REST server of the master and of 'sluice start' (docs/rest.md lists its resources).")
    @interface Config {
        @AttributeDefinition(name = "rest.address", description = "The interface the REST server listens on: "
                + "localhost unless set (0.0.0.0 for every interface).")
        String rest_address() default "localhost";

        @AttributeDefinition(name = "rest.port", type = AttributeType.INTEGER,
                description = "The REST server's port (Flink's default); 0 takes any free one.")
        int rest_port() default 8081;

        @AttributeDefinition(name = "rest.auth.token", type = AttributeType.PASSWORD, required = false,
                description = "When set, every request that changes state (submit, cancel) needs the header "
                        + "'Authorization: Bearer <token>'; reads stay open.")
        String rest_auth_token() default "";

        @AttributeDefinition(name = "rest.max-content-length", description = "The largest request body (a job "
                + "file): bytes, or e.g. 4m. A longer one is answered 413 without being read.")
        String rest_max$_$content$_$length() default "4m";

        @AttributeDefinition(name = "rest.submissions.max-concurrent", type = AttributeType.INTEGER,
                description = "Submissions in progress at once; more are answered 429 (with Retry-After).")
        int rest_submissions_max$_$concurrent() default RestSettings.DEFAULT_MAX_CONCURRENT_SUBMISSIONS;

        @AttributeDefinition(name = "io.allowed-dirs", required = false, description = "Comma-separated absolute "
                + "folders that jobs submitted over REST may read and write (every operator's 'path'); relative paths "
                + "are taken against the first. Default: the master's data folder (and, from a source checkout, "
                + "examples/).")
        String io_allowed$_$dirs() default "";
    }

    private final BundleContext context;
    private final Logger log;
    private final ConfigurationAdmin configAdmin;
    private final boolean serves;
    private final ServiceListener endpoints = this::httpEndpoint;
    private ServiceRegistration<Servlet> servlet;
    /** One for the component's life: its decision counters outlive reconfigurations. */
    private final MetricsHandler metrics = new MetricsHandler(this, System::currentTimeMillis);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile DispatcherGateway dispatcher;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ResourceManagerGateway resourceManager;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile StrategyRegistry registry;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile OperatorCatalog operators;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile JobMasterFactory jobMasters;

    @Activate
    public RestServerComponent(BundleContext context, @Reference ConfigurationAdmin configAdmin,
            @Reference(target = ProcessRole.MASTER_OR_EMBEDDED) ProcessRole.Service role,
            @Reference(service = LoggerFactory.class) Logger log, Map<String, Object> properties) {
        this.context = context;
        this.configAdmin = configAdmin;
        this.log = log;
        this.serves = context.getProperty(COMMAND_PROPERTY) == null;
        if (serves) {
            try {
                context.addServiceListener(endpoints,
                        "(&(objectClass=org.osgi.service.servlet.runtime.HttpServiceRuntime)(osgi.http.endpoint=*))");
            } catch (InvalidSyntaxException e) {
                throw new IllegalStateException(e);
            }
            apply(properties);
        }
    }

    @Modified
    void modified(Map<String, Object> properties) {
        if (serves) {
            apply(properties);
        }
    }

    @Deactivate
    synchronized void deactivate() {
        if (!serves) {
            return;
        }
        context.removeServiceListener(endpoints);
        stopServing();
        switchHttpOff();
    }

    /** Deletes the HTTP service's configuration: it falls back to the framework's setting, off. */
    private void switchHttpOff() {
        try {
            Configuration http = configAdmin.getConfiguration(HTTP_PID, "?");
            if (http.getProperties() != null) {
                http.delete();
            }
        } catch (IOException | IllegalStateException e) {
            log.warn("could not switch the HTTP server off: {}", e.toString());
        }
    }

    private synchronized void apply(Map<String, Object> properties) {
        RestSettings settings;
        AllowedDirs dirs;
        try {
            settings = RestSettings.parse(properties, defaultDirs());
            dirs = new AllowedDirs(settings.allowedDirs());
        } catch (IllegalArgumentException e) {
            stopServing();
            switchHttpOff();
            log.error("{} rejected, the REST server stays off until it is fixed: {}",
                    ConfigurationSource.describe(properties), e.getMessage());
            return;
        }
        stopServing();
        RestApi api = new RestApi(RestApi.routes(
                new ClusterHandlers(this, context.getBundle().getVersion().toString(), !settings.authToken().isEmpty(),
                        1_000),
                new JobHandlers(this, new JobSubmissions(this, dirs), System::currentTimeMillis,
                        settings.maxResultWait()), metrics),
                (what, error) -> log.error("{}: {}", what, error.toString(), error));
        Dictionary<String, Object> registration = new Hashtable<>();
        registration.put("osgi.http.whiteboard.servlet.pattern", PATTERNS);
        registration.put("osgi.http.whiteboard.servlet.asyncSupported", Boolean.TRUE);
        registration.put("osgi.http.whiteboard.servlet.name", "sluice-rest");
        // and the server's error pages, so that a request the server itself refuses is answered in JSON too
        registration.put("osgi.http.whiteboard.servlet.errorPage", new String[] {"4xx", "5xx"});
        servlet = context.registerService(Servlet.class, new RestServlet(api, settings,
                (what, error) -> log.error("{}: {}", what, error.toString(), error)), registration);
        try {
            Configuration http = configAdmin.getConfiguration(HTTP_PID, "?");
            Dictionary<String, Object> jetty = new Hashtable<>();
            jetty.put("org.apache.felix.http.enable", Boolean.TRUE);
            jetty.put("org.apache.felix.http.host", settings.address());
            jetty.put("org.osgi.service.http.port", Integer.toString(settings.port()));
            jetty.put("org.apache.felix.http.jetty.sendServerHeader", Boolean.FALSE);
            http.updateIfDifferent(jetty);
        } catch (IOException e) {
            log.error("could not configure the HTTP server: {}", e.toString());
        }
        log.info("REST server configured: {}", settings);
    }

    private void stopServing() {
        if (servlet != null) {
            servlet.unregister();
            servlet = null;
        }
    }

    /** The data folder of this process, and the folders the launcher adds (a source checkout's examples/). */
    private List<Path> defaultDirs() {
        java.util.ArrayList<Path> dirs = new java.util.ArrayList<>();
        String data = context.getProperty("sluice.data");
        Path dataDir = Path.of(data == null ? "data" : data).toAbsolutePath().normalize();
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            log.warn("cannot create the data folder {}: {}", dataDir, e.toString());
        }
        dirs.add(dataDir);
        String extra = context.getProperty(ALLOWED_DIRS_PROPERTY);
        if (extra != null) {
            for (String dir : extra.split(",")) {
                if (!dir.isBlank() && Path.of(dir.trim()).isAbsolute()) {
                    dirs.add(Path.of(dir.trim()));
                }
            }
        }
        return dirs;
    }

    private void httpEndpoint(ServiceEvent event) {
        if (event.getType() == ServiceEvent.REGISTERED || event.getType() == ServiceEvent.MODIFIED) {
            Object endpoint = event.getServiceReference().getProperty("osgi.http.endpoint");
            String shown = endpoint instanceof String[] all ? String.join(", ", all) : String.valueOf(endpoint);
            log.info("REST API on {}", shown);
        }
    }

    @Override
    public DispatcherGateway dispatcher() {
        return dispatcher;
    }

    @Override
    public ResourceManagerGateway resourceManager() {
        return resourceManager;
    }

    @Override
    public StrategyRegistry registry() {
        return registry;
    }

    @Override
    public OperatorCatalog operators() {
        OperatorCatalog catalog = operators;
        if (catalog == null) {
            throw Backend.unavailable("operator catalog");
        }
        return catalog;
    }

    @Override
    public JobChecks checks() {
        JobMasterFactory factory = jobMasters;
        if (factory == null) {
            throw Backend.unavailable("JobMaster factory");
        }
        return factory.checks();
    }
}
