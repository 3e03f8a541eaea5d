package io.sluice.transport.internal;

import io.sluice.api.plugin.ConfigurationSource;
import io.sluice.api.plugin.StrategyOptions;
import io.sluice.rpc.ForwardingRpcService;
import io.sluice.rpc.ProcessRole;
import io.sluice.rpc.RpcService;
import io.sluice.transport.ClusterSecret;
import io.sluice.transport.NettyRpcService;
import io.sluice.transport.TlsSettings;
import io.sluice.transport.TransportSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The network transport of a master or worker process ({@code conf/io.sluice.transport.cfg}): listens on the RPC
 * port and authenticates every connection with the cluster secret or mutual TLS. A changed file restarts it (and
 * so every component of the process). The embedded platform has no network and never starts it.
 */
@Component(service = RpcService.class, configurationPid = NettyRpcServiceComponent.PID)
@Designate(ocd = NettyRpcServiceComponent.Config.class)
// the settings are registered by hand (they are a value of this activation), so declare them for the resolver
@org.osgi.annotation.bundle.Capability(namespace = "osgi.service",
        attribute = "objectClass:List<String>=\"io.sluice.transport.TransportSettings\"",
        uses = TransportSettings.class)
public class NettyRpcServiceComponent extends ForwardingRpcService {
    static final String PID = "io.sluice.transport";
    /** Set by the launcher ({@code --port}); wins over the configuration. */
    static final String PORT_PROPERTY = "sluice.rpc.port";
    static final String DEFAULT_SECRET = "cluster.secret";

    @ObjectClassDefinition(id = PID, name = "Transport",
            description = "The RPC port of master and worker processes: where it listens and whom it lets in.")
    @interface Config {
        @AttributeDefinition(name = "rpc.bind-address",
                description = "The interface the RPC port listens on; 0.0.0.0 for every interface.")
        String rpc_bind$_$address() default "localhost";

        @AttributeDefinition(name = "rpc.address",
                description = "The host other processes reach this one by; by default the bind address (the host"
                        + " name when it is 0.0.0.0).")
        String rpc_address() default "";

        @AttributeDefinition(name = "master.rpc.port", type = AttributeType.INTEGER,
                description = "The master's RPC port (Flink's jobmanager.rpc.port); sluice master --port wins.")
        int master_rpc_port() default TransportSettings.MASTER_PORT;

        @AttributeDefinition(name = "master.rpc.bind-port", type = AttributeType.INTEGER,
                description = "The port the master listens on when others reach it by another one, master.rpc.port,"
                        + " through a proxy or NAT (Flink's jobmanager.rpc.bind-port); 0 for master.rpc.port.")
        int master_rpc_bind$_$port() default 0;

        @AttributeDefinition(name = "taskexecutor.rpc.port", type = AttributeType.INTEGER,
                description = "A worker's RPC port; 0 picks a free one (Flink's taskmanager.rpc.port).")
        int taskexecutor_rpc_port() default 0;

        @AttributeDefinition(name = "rpc.framesize", type = AttributeType.INTEGER,
                description = "The largest message sent or accepted, in bytes (Flink's pekko.framesize).")
        int rpc_framesize() default TransportSettings.DEFAULT_MAX_FRAME_BYTES;

        @AttributeDefinition(name = "rpc.handshake-timeout",
                description = "A connection that has not authenticated by then is closed.")
        String rpc_handshake$_$timeout() default "10s";

        @AttributeDefinition(name = "security.secret-file",
                description = "The cluster secret every process proves it knows; relative to the configuration"
                        + " folder (conf/). sluice master and cluster start create it (mode 0600) when it is missing.")
        String security_secret$_$file() default DEFAULT_SECRET;

        @AttributeDefinition(name = "security.ssl.internal.enabled", type = AttributeType.BOOLEAN,
                description = "Mutual TLS between the processes (Flink's key); with it the secret is optional.")
        boolean security_ssl_internal_enabled() default false;

        @AttributeDefinition(name = "security.ssl.internal.keystore", description = "PKCS12 or JKS file with this process's key, relative to conf/.")
        String security_ssl_internal_keystore() default "";

        @AttributeDefinition(name = "security.ssl.internal.keystore-password", type = AttributeType.PASSWORD,
                description = "Password of the keystore.")
        String security_ssl_internal_keystore$_$password() default "";

        @AttributeDefinition(name = "security.ssl.internal.key-password", type = AttributeType.PASSWORD,
                description = "Password of the key; by default the keystore's.")
        String security_ssl_internal_key$_$password() default "";

        @AttributeDefinition(name = "security.ssl.internal.truststore",
                description = "PKCS12 or JKS file with the certificates of the peers to trust, relative to conf/.")
        String security_ssl_internal_truststore() default "";

        @AttributeDefinition(name = "security.ssl.internal.truststore-password", type = AttributeType.PASSWORD,
                description = "Password of the truststore.")
        String security_ssl_internal_truststore$_$password() default "";
    }

    private final NettyRpcService rpc;
    /** The settings as a service: the data plane of a worker listens and authenticates as its RPC port does. */
    private final org.osgi.framework.ServiceRegistration<TransportSettings> settingsRegistration;

    @Activate
    public NettyRpcServiceComponent(BundleContext context,
            @Reference(target = ProcessRole.NETWORKED) ProcessRole.Service role,
            @Reference(service = LoggerFactory.class) Logger log, Map<String, Object> properties) throws IOException {
        TransportSettings settings;
        try {
            Path home = Path.of(String.valueOf(context.getProperty("sluice.home")));
            String conf = context.getProperty("sluice.conf");
            settings = parse(properties, role.role(), conf == null ? home.resolve("conf") : Path.of(conf),
                    context.getProperty(PORT_PROPERTY));
        } catch (IllegalArgumentException | IOException e) {
            log.error("{}: the RPC port does not start: {}", ConfigurationSource.describe(properties), e.getMessage());
            throw e;
        }
        this.rpc = new NettyRpcService(settings, log::warn);
        this.settingsRegistration = context.registerService(TransportSettings.class, settings, null);
        log.info("RPC port {}:{} ({}), advertised as {}:{}", settings.bindHost(), rpc.port(),
                settings.tls() != null ? "mutual TLS" : "cluster secret", settings.advertisedHost(),
                settings.advertisedPort() == 0 ? rpc.port() : settings.advertisedPort());
    }

    @Deactivate
    void deactivate() {
        settingsRegistration.unregister();
        rpc.close();
    }

    /** The settings a configuration says; throws naming the key and the value, or the unreadable file. */
    static TransportSettings parse(Map<String, ?> properties, ProcessRole role, Path conf, String portOverride)
            throws IOException {
        StrategyOptions options = StrategyOptions.ofConfiguration(properties);
        String bind = options.getString("rpc.bind-address", "localhost").trim();
        String advertised = options.getString("rpc.address", "").trim();
        if (advertised.isEmpty()) {
            advertised = bind.equals("0.0.0.0") ? java.net.InetAddress.getLocalHost().getHostName() : bind;
        }
        int masterPort = options.getInt("master.rpc.port", TransportSettings.MASTER_PORT);
        int masterBindPort = options.getInt("master.rpc.bind-port", 0);
        int workerPort = options.getInt("taskexecutor.rpc.port", 0);
        int port = role == ProcessRole.MASTER ? masterPort : workerPort;
        if (portOverride != null && !portOverride.isBlank()) {
            try {
                port = Integer.parseInt(portOverride.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--port '" + portOverride + "' is not a number");
            }
        }
        if (masterBindPort < 0 || masterBindPort > 65535) {
            throw new IllegalArgumentException("master.rpc.bind-port " + masterBindPort + " is out of range (0 to 65535)");
        }
        int advertisedPort = 0;
        if (role == ProcessRole.MASTER && masterBindPort != 0 && masterBindPort != port) {
            advertisedPort = port;
            port = masterBindPort;
        }
        int frameSize = options.getInt("rpc.framesize", TransportSettings.DEFAULT_MAX_FRAME_BYTES);
        Duration handshake = options.getDuration("rpc.handshake-timeout", Duration.ofSeconds(10));
        Path secretFile = conf.resolve(options.getString("security.secret-file", DEFAULT_SECRET).trim());
        boolean tlsEnabled = options.getBoolean("security.ssl.internal.enabled", false);
        TlsSettings tls = null;
        String keystore = options.getString("security.ssl.internal.keystore", "").trim();
        String keystorePassword = options.getString("security.ssl.internal.keystore-password", "");
        String keyPassword = options.getString("security.ssl.internal.key-password", "");
        String truststore = options.getString("security.ssl.internal.truststore", "").trim();
        String truststorePassword = options.getString("security.ssl.internal.truststore-password", "");
        options.requireAllKnown();
        if (tlsEnabled) {
            if (keystore.isEmpty() || truststore.isEmpty()) {
                throw new IllegalArgumentException("security.ssl.internal.enabled needs"
                        + " security.ssl.internal.keystore and security.ssl.internal.truststore");
            }
            tls = new TlsSettings(conf.resolve(keystore), keystorePassword, keyPassword.isEmpty() ? null : keyPassword,
                    conf.resolve(truststore), truststorePassword);
        }
        ClusterSecret secret = null;
        if (Files.exists(secretFile)) {
            secret = ClusterSecret.read(secretFile);
        } else if (role == ProcessRole.MASTER && tls == null) {
            secret = ClusterSecret.generateInto(secretFile); // workers of this host read it; others get a copy
        } else if (tls == null) {
            throw new IOException("no cluster secret at " + secretFile + ": copy the master's file there (mode 600)");
        }
        return new TransportSettings(bind, advertised, port, advertisedPort, frameSize, secret, tls, handshake,
                Duration.ofSeconds(10));
    }

    @Override
    protected RpcService delegate() {
        return rpc;
    }
}
