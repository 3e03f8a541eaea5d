package io.sluice.logging.internal;

import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.spi.LifeCycle;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusListener;

/**
 * Prints Logback's own warnings and errors (a mistake in {@code conf/logback.xml}, a log file that cannot be
 * written) to stderr, one line each. Logback's listeners print every status, and without one it prints the whole
 * list to stdout, in the middle of a command's output.
 */
public class WarningsToStderr extends ContextAwareBase implements StatusListener, LifeCycle {
    private volatile boolean started;

    @Override
    public void addStatusEvent(Status status) {
        if (started && status.getEffectiveLevel() >= Status.WARN) {
            Throwable cause = status.getThrowable();
            System.err.println("sluice: logging " + (status.getLevel() >= Status.ERROR ? "error" : "warning") + ": "
                    + status.getMessage() + (cause == null ? "" : " (" + cause + ")"));
        }
    }

    @Override
    public void start() {
        started = true;
    }

    @Override
    public void stop() {
        started = false;
    }

    @Override
    public boolean isStarted() {
        return started;
    }
}
