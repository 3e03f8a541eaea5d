package io.sluice.rpc;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executor;

/** The single thread a component's state lives on, with its clock and its timers. */
public interface MainThreadExecutor extends Executor {

    /** Runs {@code task} on the main thread after {@code delay}; the returned handle cancels it. */
    ScheduledTask schedule(Runnable task, Duration delay);

    /**
     * Runs {@code task} after {@code delay} even if this executor closes meanwhile, possibly on another thread: for
     * timeouts that must fire however the endpoint ends. The task must be thread-safe, like completing a future.
     */
    default ScheduledTask scheduleTimeout(Runnable task, Duration delay) {
        return schedule(task, delay);
    }

    /** The current time of this executor's clock. */
    Instant now();

    /**
     * Queues {@code task} like {@link #execute}, but says whether it was accepted: {@code false} once the endpoint
     * is closed, where {@code execute} drops the task as a stopped process would.
     */
    default boolean tryExecute(Runnable task) {
        execute(task);
        return true;
    }

    /** Whether the calling thread is this executor's main thread. */
    boolean isMainThread();

    /** Fails fast when component state is touched from the wrong thread. */
    default void assertMainThread() {
        if (!isMainThread()) {
            throw new IllegalStateException("called outside the component's main thread: " + Thread.currentThread());
        }
    }

    /** A scheduled task that has not run yet can be cancelled. */
    interface ScheduledTask {
        void cancel();
    }
}
