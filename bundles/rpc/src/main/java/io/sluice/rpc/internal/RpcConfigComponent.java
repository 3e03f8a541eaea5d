package io.sluice.rpc.internal;

import io.sluice.api.plugin.ConfigurationSource;
import io.sluice.api.plugin.StrategyOptions;
import io.sluice.rpc.RpcTimeouts;
import java.time.Duration;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration {@value #PID} ({@code conf/io.sluice.rpc.cfg}) of the calls between components: applied to every
 * call from the moment it changes. An invalid value or an unknown key is rejected with the file, the key and the
 * value; the previous timeout stays.
 */
@Component(immediate = true, configurationPid = RpcConfigComponent.PID)
@Designate(ocd = RpcConfigComponent.Config.class)
public class RpcConfigComponent {
    static final String PID = "io.sluice.rpc";

    @ObjectClassDefinition(id = PID, name = "RPC",
            description = "Calls between the Dispatcher, ResourceManager, JobMasters and TaskExecutors.")
    @interface Config {
        @AttributeDefinition(name = "rpc.ask-timeout",
                description = "How long a call waits for its answer before it fails, naming the endpoint and the"
                        + " method (Flink's pekko.ask.timeout).")
        String rpc_ask$_$timeout() default "10s";
    }

    private final Logger log;

    @Activate
    public RpcConfigComponent(@Reference(service = LoggerFactory.class) Logger log, Map<String, Object> properties) {
        this.log = log;
        apply(properties);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        apply(properties);
    }

    private void apply(Map<String, Object> properties) {
        Duration timeout;
        try {
            timeout = parse(properties);
        } catch (IllegalArgumentException e) {
            log.error("{} rejected, rpc.ask-timeout stays {} ms: {}", ConfigurationSource.describe(properties),
                    RpcTimeouts.askTimeout().toMillis(), e.getMessage());
            return;
        }
        RpcTimeouts.setAskTimeout(timeout);
        log.info("rpc.ask-timeout is {} ms", timeout.toMillis());
    }

    /** The ask timeout; throws {@link IllegalArgumentException} naming the bad value or the unknown key. */
    static Duration parse(Map<String, ?> properties) {
        StrategyOptions options = StrategyOptions.ofConfiguration(properties);
        Duration timeout = options.getDuration("rpc.ask-timeout", RpcTimeouts.DEFAULT_ASK_TIMEOUT);
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("rpc.ask-timeout must be positive, got "
                    + options.asMap().get("rpc.ask-timeout").trim());
        }
        options.requireAllKnown();
        return timeout;
    }
}
