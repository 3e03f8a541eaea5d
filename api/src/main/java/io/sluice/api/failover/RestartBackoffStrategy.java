package io.sluice.api.failover;

import java.time.Duration;
import java.time.Instant;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Decides whether a job may restart after a failure and how long to wait first.
 *
 * <p><b>Threading:</b> called on the JobMaster's main thread; must not block. <b>Time</b> comes only from
 * the failure timestamps passed in, never from a clock, so a strategy is deterministic under test and
 * can be rebuilt: after a hot swap the runtime creates a new instance and replays the job's failure
 * history into {@link #notifyFailure} in order. Keep no state beyond what that replay rebuilds.
 */
@ConsumerType
public interface RestartBackoffStrategy {

    /** Records a failure that happened at {@code failureTime}; called before {@link #canRestart()}. */
    void notifyFailure(Throwable cause, Instant failureTime);

    /** Whether the job may restart after the failures notified so far. */
    boolean canRestart();

    /** How long to wait before restarting, after the last notified failure. */
    Duration getBackoffTime();
}
