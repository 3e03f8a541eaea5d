package io.sluice.restart.none;

import io.sluice.api.failover.RestartBackoffStrategy;
import io.sluice.api.failover.RestartBackoffStrategyFactory;
import io.sluice.api.plugin.StrategyName;
import io.sluice.api.plugin.StrategyOptions;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code none} restart backoff, Flink's {@code restart-strategy: none}: the first task failure fails the
 * job. It has no options, so any {@code restart.*} key is reported to the user as unknown.
 */
@Component
@StrategyName("none")
public class NoRestartBackoffStrategyFactory implements RestartBackoffStrategyFactory {

    @Override
    public RestartBackoffStrategy create(StrategyOptions options) {
        // stateless, so every job can share the one instance
        return NoRestartBackoffStrategy.INSTANCE;
    }
}
