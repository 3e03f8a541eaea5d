package io.sluice.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A process a benchmark started and must not leave behind: it is stopped by its own pid only (SIGTERM, then
 * SIGKILL after a grace period), at {@link #close()} or, should the benchmark JVM end first, by a shutdown hook.
 */
public final class ChildProcess implements AutoCloseable {
    private static final Duration GRACE = Duration.ofSeconds(15);
    private final String name;
    private final Process process;
    private final Thread hook;

    private ChildProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        this.hook = new Thread(this::stop, "stop " + name);
        Runtime.getRuntime().addShutdownHook(hook);
    }

    public static ChildProcess start(String name, ProcessBuilder builder) throws IOException {
        return new ChildProcess(name, builder.start());
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * The first line of its standard output that starts with {@code prefix} (the rest of it), read for at most
     * {@code timeout}; the process must have been started with its output piped.
     */
    public String awaitLine(String prefix, Duration timeout) throws Exception {
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
            try {
                for (String next = out.readLine(); next != null; next = out.readLine()) {
                    if (next.startsWith(prefix)) {
                        return next.substring(prefix.length()).trim();
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            throw new IllegalStateException(name + " ended without printing '" + prefix + "'");
        });
        try {
            return line.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(name + " printed no '" + prefix + "' within " + timeout.toSeconds() + " s");
        }
    }

    /** SIGTERM to this pid, SIGKILL if it is still alive after the grace period. */
    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs or ran already
        }
    }

    private void stop() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }
}
