package io.sluice.rpc;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** A main thread backed by one daemon thread, with the system clock. */
public final class ThreadMainThreadExecutor implements MainThreadExecutor, AutoCloseable {
    private final ScheduledThreadPoolExecutor executor;
    private volatile Thread thread;

    public ThreadMainThreadExecutor(String name) {
        this.executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread created = new Thread(runnable, name);
            created.setDaemon(true);
            thread = created;
            return created;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.prestartCoreThread();
        this.name = name;
    }

    private final String name;

    /** A closed endpoint drops what is sent to it, as a stopped process would; gateway calls fail at once. */
    @Override
    public void execute(Runnable task) {
        tryExecute(task);
    }

    @Override
    public boolean tryExecute(Runnable task) {
        try {
            executor.execute(task);
            return true;
        } catch (RejectedExecutionException closed) {
            return false;
        }
    }

    @Override
    public ScheduledTask schedule(Runnable task, Duration delay) {
        try {
            ScheduledFuture<?> future = executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
            return () -> future.cancel(false);
        } catch (RejectedExecutionException closed) {
            return () -> { };
        }
    }

    @Override
    public String toString() {
        return name;
    }

    /** One daemon thread for the timeouts of every endpoint: they outlive the endpoint they wait for. */
    private static final ScheduledThreadPoolExecutor TIMEOUTS = timeoutThread();

    private static ScheduledThreadPoolExecutor timeoutThread() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "sluice-rpc-timeouts");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    @Override
    public ScheduledTask scheduleTimeout(Runnable task, Duration delay) {
        ScheduledFuture<?> future = TIMEOUTS.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    @Override
    public Instant now() {
        return Instant.now();
    }

    @Override
    public boolean isMainThread() {
        return Thread.currentThread() == thread;
    }

    /** Stops the thread once queued tasks ran; scheduled ones are dropped. */
    @Override
    public void close() {
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.shutdown();
    }
}
