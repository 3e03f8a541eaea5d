package io.sluice.api.failover;

import io.sluice.api.plugin.StrategyOptions;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A restart-backoff plugin, registered as a service with a {@link io.sluice.api.plugin.StrategyName}.
 *
 * <p><b>Threading:</b> called on a JobMaster's main thread, or at submission to validate a job; must not
 * block. <b>State:</b> shared by every job; keep no per-job state here.
 */
@ConsumerType
public interface RestartBackoffStrategyFactory {

    /**
     * Creates the backoff of one job from its {@code restart.*} options (prefix removed). Read every option
     * through the typed getters: options never read are reported to the user as unknown. Throws
     * {@link IllegalArgumentException} naming the option when a value is invalid.
     */
    RestartBackoffStrategy create(StrategyOptions options);
}
