package io.sluice.cli.internal;

import io.sluice.api.job.JobGraph;
import io.sluice.api.job.JobId;
import io.sluice.client.JobCompiler;
import io.sluice.client.JobFiles;
import io.sluice.registry.OperatorCatalog;
import io.sluice.registry.StrategyRegistry;
import io.sluice.rpc.gateway.DispatcherGateway;
import java.nio.file.Path;
import io.sluice.rpc.gateway.ResourceManagerGateway;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.framework.BundleContext;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The sluice commands in the Gogo shell: {@code sluice:plugins}, {@code sluice:workers},
 * {@code sluice:configreference}, and for jobs {@code sluice:submit FILE}, {@code sluice:jobs},
 * {@code sluice:cancel JOB}.
 */
@Component(service = ShellCommands.class, property = {"osgi.command.scope=sluice",
        "osgi.command.function=plugins", "osgi.command.function=workers", "osgi.command.function=configreference",
        "osgi.command.function=submit", "osgi.command.function=jobs", "osgi.command.function=cancel"})
public class ShellCommands {
    private final StrategyRegistry registry;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile DispatcherGateway dispatcher;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile OperatorCatalog operators;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ResourceManagerGateway resourceManager;
    private final MetaTypeService metaType;
    private final BundleContext context;

    @Activate
    public ShellCommands(@Reference StrategyRegistry registry, @Reference MetaTypeService metaType,
            BundleContext context) {
        this.registry = registry;
        this.metaType = metaType;
        this.context = context;
    }

    /** Every worker with its slots (free, or allocated to which job) and the pending slot requests with their age. */
    public String workers() throws Exception {
        ResourceManagerGateway current = resourceManager;
        if (current == null) {
            return "no ResourceManager is running" + System.lineSeparator();
        }
        return WorkerTable.render(current.requestClusterStatus().get(10, TimeUnit.SECONDS));
    }

    /**
     * Compiles a job file and submits it to this platform's Dispatcher; a relative {@code path} parameter is
     * read against the file's directory. Returns the job id, or the reason the job was refused.
     */
    public String submit(String file) throws Exception {
        DispatcherGateway current = dispatcher;
        OperatorCatalog types = operators;
        if (current == null || types == null) {
            return "no Dispatcher is running" + System.lineSeparator();
        }
        Path path = Path.of(file).toAbsolutePath();
        JobGraph job;
        try {
            job = JobCompiler.compile(JobFiles.withPathsRelativeTo(JobFiles.read(path), path.getParent()), types.types());
        } catch (IllegalArgumentException | java.io.IOException e) {
            return EscapingWriter.escape("not submitted: " + e.getMessage()) + System.lineSeparator();
        }
        try {
            JobId id = current.submitJob(job).get(30, TimeUnit.SECONDS);
            return EscapingWriter.escape("Job '" + job.name() + "' submitted: " + id) + System.lineSeparator();
        } catch (java.util.concurrent.ExecutionException refused) {
            return EscapingWriter.escape("not submitted: " + refused.getCause().getMessage()) + System.lineSeparator();
        }
    }

    /** Every job of this platform, running or ended. */
    public String jobs() throws Exception {
        DispatcherGateway current = dispatcher;
        if (current == null) {
            return "no Dispatcher is running" + System.lineSeparator();
        }
        return EscapingWriter.escape(JobTable.render(current.listJobs().get(10, TimeUnit.SECONDS),
                System.currentTimeMillis()));
    }

    /** Without a job id: how to call it. */
    public String cancel() {
        return "usage: sluice:cancel JOB-ID (sluice:jobs lists the ids)" + System.lineSeparator();
    }

    /** Cancels a running job; an ended one is left as it ended. */
    public String cancel(String job) throws Exception {
        DispatcherGateway current = dispatcher;
        if (current == null) {
            return "no Dispatcher is running" + System.lineSeparator();
        }
        JobId id = new JobId(job);
        try {
            io.sluice.rpc.gateway.JobDetails details = current.requestJob(id).get(10, TimeUnit.SECONDS);
            if (details.status().isGloballyTerminal()) {
                return EscapingWriter.escape("job " + job + " ('" + details.name() + "') has already ended "
                        + details.status() + "; nothing to cancel") + System.lineSeparator();
            }
            current.cancelJob(id).get(10, TimeUnit.SECONDS);
            return EscapingWriter.escape("cancelling job " + job + " ('" + details.name() + "')") + System.lineSeparator();
        } catch (java.util.concurrent.ExecutionException unknown) {
            return EscapingWriter.escape(unknown.getCause().getMessage()) + System.lineSeparator();
        }
    }

    /** The configuration reference, as {@code ./sluice config-reference} prints it. */
    public String configreference() {
        return ConfigReference.render(context, metaType);
    }

    /** Lists every strategy plugin, as {@code ./sluice plugins} does. */
    public String plugins() {
        return PluginTable.render(registry.plugins());
    }
}
