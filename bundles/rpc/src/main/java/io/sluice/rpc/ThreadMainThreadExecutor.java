package io.sluice.rpc;

import java.time.Duration;
import java.time.Instant;
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
        // a closed endpoint drops what is sent to it, as a stopped process would; senders time out as usual
        executor.setRejectedExecutionHandler(new java.util.concurrent.ThreadPoolExecutor.DiscardPolicy());
        executor.prestartCoreThread();
    }

    @Override
    public void execute(Runnable task) {
        executor.execute(task);
    }

    @Override
    public ScheduledTask schedule(Runnable task, Duration delay) {
        ScheduledFuture<?> future = executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
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
