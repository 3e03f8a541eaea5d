package io.sluice.cli.internal;

import io.sluice.registry.OperatorCatalog;
import io.sluice.registry.StrategyRegistry;
import java.io.File;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleListener;
import org.osgi.framework.ServiceListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.MetaTypeService;

/**
 * Runs the command named by the framework property {@value #COMMAND_PROPERTY} once, with the arguments in the
 * file {@value #ARGS_FILE_PROPERTY} names (each one NUL-terminated, so any argument, newlines included, arrives
 * unchanged), then exits the JVM with the command's status; Felix's shutdown hook stops the framework cleanly.
 * Without the property (a long-running platform) it does nothing.
 */
@Component(immediate = true)
public class CommandLauncher {
    static final String COMMAND_PROPERTY = "sluice.command";
    static final String ARGS_FILE_PROPERTY = "sluice.args.file";

    /** With plugins in deploy/, the platform counts as settled after this long without a bundle or strategy event. */
    private static final long QUIET_MILLIS = 300;
    private static final long SETTLE_LIMIT_MILLIS = 15_000;

    private final BundleContext context;
    private final SluiceCommand.Platform platform;
    private final Logger log;
    private volatile long lastEvent = System.nanoTime();
    private final BundleListener bundleListener = event -> lastEvent = System.nanoTime();
    private final ServiceListener serviceListener = event -> lastEvent = System.nanoTime();
    private Thread runner;

    @Activate
    public CommandLauncher(BundleContext context, @Reference StrategyRegistry registry,
            @Reference MetaTypeService metaType, @Reference OperatorCatalog operators,
            @Reference(service = LoggerFactory.class) Logger log) {
        this.context = context;
        this.platform = new SluiceCommand.Platform(context, registry, metaType, operators);
        this.log = log;
        String command = context.getProperty(COMMAND_PROPERTY);
        if (command == null || command.isBlank()) {
            return;
        }
        context.addBundleListener(bundleListener);
        try {
            context.addServiceListener(serviceListener, "(sluice.strategy.name=*)");
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        String[] argv;
        try {
            String file = context.getProperty(ARGS_FILE_PROPERTY);
            argv = argv(command, file == null ? new byte[0] : java.nio.file.Files.readAllBytes(java.nio.file.Path.of(file)));
        } catch (java.io.IOException e) {
            System.err.println("sluice: cannot read the command's arguments: " + e.getMessage());
            System.exit(ExitCode.INTERNAL_ERROR);
            return;
        }
        // the JVM must not outlive its launcher: a bin/sluice killed by SIGKILL leaves no orphan running
        ProcessHandle.current().parent().ifPresent(launcher -> launcher.onExit().thenRun(() -> {
            System.err.println("sluice: the launcher (pid " + launcher.pid() + ") is gone; stopping");
            System.exit(ExitCode.LAUNCHER_GONE);
        }));
        runner = new Thread(() -> runAndExit(argv), "sluice-command");
        runner.setDaemon(true);
        runner.start();
    }

    /** The command, then every NUL-terminated argument of {@code args} (UTF-8), empty ones included. */
    static String[] argv(String command, byte[] args) {
        List<String> argv = new java.util.ArrayList<>();
        argv.add(command);
        int start = 0;
        for (int i = 0; i < args.length; i++) {
            if (args[i] == 0) {
                argv.add(new String(args, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        return argv.toArray(String[]::new);
    }

    @Deactivate
    void deactivate() {
        // never join the runner: it may be the thread calling System.exit, which waits for this shutdown
        if (runner != null) {
            context.removeBundleListener(bundleListener);
            context.removeServiceListener(serviceListener);
        }
    }

    private void runAndExit(String[] argv) {
        int status;
        try {
            awaitSettled();
            PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
            PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
            status = SluiceCommand.commandLine(platform, out, err, (what, error) -> log.error(what, error)).execute(argv);
            out.flush();
            err.flush();
        } catch (RuntimeException | Error e) {
            log.error("command {} failed", String.join(" ", argv), e);
            System.err.println("sluice: " + e);
            status = ExitCode.INTERNAL_ERROR;
        }
        System.exit(status);
    }

    /**
     * Waits until the framework has started and, when deploy/ holds jars, until FileInstall has installed
     * them and bundles stopped coming and going. Bundles in bundle/ are started before the framework
     * reports ACTIVE, so with an empty deploy/ there is nothing to wait for.
     */
    private void awaitSettled() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETTLE_LIMIT_MILLIS);
        Bundle system = context.getBundle(0);
        List<String> deployed = deployedJars();
        while (System.nanoTime() < deadline) {
            boolean started = system.getState() == Bundle.ACTIVE;
            boolean settled = deployed.isEmpty() || (allInstalled(deployed)
                    && System.nanoTime() - lastEvent >= TimeUnit.MILLISECONDS.toNanos(QUIET_MILLIS));
            if (started && settled) {
                return;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        log.warn("the platform did not settle within {} ms; running the command anyway", SETTLE_LIMIT_MILLIS);
    }

    /** File names of the jars in {@code <sluice.home>/deploy}, where FileInstall picks up plugins. */
    private List<String> deployedJars() {
        String home = context.getProperty("sluice.home");
        if (home == null) {
            return List.of();
        }
        File[] jars = new File(home, "deploy").listFiles((dir, name) -> name.endsWith(".jar"));
        return jars == null ? List.of() : Arrays.stream(jars).map(File::getName).toList();
    }

    private boolean allInstalled(List<String> jars) {
        Set<String> locations = new HashSet<>();
        for (Bundle bundle : context.getBundles()) {
            String location = bundle.getLocation();
            locations.add(location.substring(location.lastIndexOf('/') + 1));
        }
        return locations.containsAll(jars);
    }
}
