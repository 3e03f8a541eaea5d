package io.sluice.cli.internal;

import io.sluice.registry.OperatorCatalog;
import io.sluice.registry.StrategyRegistry;
import java.io.PrintWriter;
import org.osgi.framework.BundleContext;
import org.osgi.service.metatype.MetaTypeService;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level {@code sluice} command; each subcommand is a nested class. */
@Command(name = "sluice", mixinStandardHelpOptions = true, version = "Sluice 0.1.0",
        description = "A plugin-first runtime for dataflow jobs.",
        footer = {"", "'sluice start' runs the platform in the foreground; in its shell, 'sluice:plugins' lists plugins."},
        subcommands = {RunCommand.class, SluiceCommand.Plugins.class, PlanCommand.class, SluiceCommand.ConfigReferenceCommand.class,
                ClusterCommands.Submit.class, ClusterCommands.ListJobs.class, ClusterCommands.Status.class,
                ClusterCommands.Cancel.class, ClusterCommands.Workers.class})
final class SluiceCommand implements Runnable {
    private final Platform platform;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** How long a command waits for a service of the platform before it reports the cluster unavailable. */
    static final long SERVICE_WAIT_MILLIS = 15_000;

    /** The services of the running platform that commands use. */
    record Platform(BundleContext context, StrategyRegistry registry, MetaTypeService metaType,
            OperatorCatalog operators) {

        /**
         * A service of the platform, waited for; the tracker stays open, as the service is used until the command
         * exits.
         *
         * @throws ClusterUnavailableException when none came within {@link #SERVICE_WAIT_MILLIS}
         * @throws CommandInterruptedException when the thread was interrupted while waiting (the platform stops)
         */
        <S> S service(Class<S> type) {
            org.osgi.util.tracker.ServiceTracker<S, S> tracker = new org.osgi.util.tracker.ServiceTracker<>(context, type, null);
            tracker.open();
            try {
                S service = tracker.waitForService(SERVICE_WAIT_MILLIS);
                if (service != null) {
                    return service;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CommandInterruptedException("interrupted while waiting for the " + type.getSimpleName()
                        + " service");
            }
            throw new ClusterUnavailableException("the platform offers no " + type.getSimpleName()
                    + " service; see logs/sluice.log");
        }
    }

    SluiceCommand(Platform platform) {
        this.platform = platform;
    }

    /** Builds the command line, with subcommands that get the platform's services. */
    /**
     * Builds the command line, with subcommands that get the platform's services. What it prints has control
     * characters escaped; an unexpected exception is reported in one line, its stack trace handed to
     * {@code internalError} for the log.
     */
    static CommandLine commandLine(Platform platform, PrintWriter out, PrintWriter err,
            java.util.function.BiConsumer<String, Throwable> internalError) {
        SluiceCommand root = new SluiceCommand(platform);
        CommandLine commandLine = new CommandLine(root, new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                if (type == Plugins.class) {
                    return type.cast(new Plugins(root.platform));
                }
                if (type == PlanCommand.class) {
                    return type.cast(new PlanCommand(root.platform.registry(), root.platform.operators(),
                            () -> root.platform.service(io.sluice.jobmaster.JobMasterFactory.class).checks()));
                }
                if (type == RunCommand.class) {
                    return type.cast(new RunCommand(root.platform));
                }
                if (type == ConfigReferenceCommand.class) {
                    return type.cast(new ConfigReferenceCommand(root.platform));
                }
                return CommandLine.defaultFactory().create(type);
            }
        });
        commandLine.setOut(new PrintWriter(new EscapingWriter(out), true));
        commandLine.setErr(new PrintWriter(new EscapingWriter(err), true));
        commandLine.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        commandLine.setExecutionExceptionHandler((error, command, parsed) -> {
            String name = "sluice " + command.getCommandName();
            if (error instanceof ClusterUnavailableException) {
                command.getErr().println(name + ": " + error.getMessage());
                return ExitCode.CLUSTER_UNAVAILABLE;
            }
            if (error instanceof CommandInterruptedException || error instanceof InterruptedException) {
                Thread.currentThread().interrupt(); // an InterruptedException thrown has cleared the flag
                command.getErr().println(name + ": " + (error instanceof InterruptedException
                        ? "interrupted" : error.getMessage()) + "; stopping");
                return ExitCode.LAUNCHER_GONE;
            }
            internalError.accept(name + " failed", error);
            command.getErr().println(name + ": internal error: " + error + " (the stack trace is in logs/sluice.log)");
            return ExitCode.INTERNAL_ERROR;
        });
        return commandLine;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "plugins", description = "List every strategy plugin: kind, name, version, bundle and state; "
            + "those of this distribution, or with --master those of a running cluster.")
    static final class Plugins implements Callable<Integer> {
        private final Platform platform;

        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @CommandLine.Option(names = "--master", paramLabel = "URL", description = "A running cluster's REST address "
                + "(e.g. " + RestClient.DEFAULT_MASTER + "): list its plugins instead of this distribution's.")
        private String master;

        Plugins(Platform platform) {
            this.platform = platform;
        }

        @Override
        public Integer call() {
            if (master != null) {
                return ClusterCommands.plugins(spec, master);
            }
            spec.commandLine().getOut().print(PluginTable.render(platform.registry().plugins()));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(name = "config-reference",
            description = "Print the configuration reference (docs/configuration.md) from the bundles' metatype.")
    static final class ConfigReferenceCommand implements Callable<Integer> {
        private final Platform platform;

        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        ConfigReferenceCommand(Platform platform) {
            this.platform = platform;
        }

        @Override
        public Integer call() {
            spec.commandLine().getOut().print(ConfigReference.render(platform.context(), platform.metaType()));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
