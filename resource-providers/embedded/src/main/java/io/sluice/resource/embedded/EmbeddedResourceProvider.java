package io.sluice.resource.embedded;

import io.sluice.api.plugin.StrategyName;
import io.sluice.api.resource.ResourceProvider;
import io.sluice.api.resource.WorkerSpec;
import io.sluice.api.slot.WorkerId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Hashtable;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@code embedded} resource provider: a worker is a TaskExecutor component in this JVM, started by
 * creating a factory configuration of {@value ResourceProvider#TASK_EXECUTOR_FACTORY_PID} and stopped by
 * deleting it. It never imports the runtime; ConfigurationAdmin is the only contract. ConfigAdmin persists
 * configurations, so the calls run on the provider's own thread, not on the ResourceManager's. A master process
 * (framework property {@code sluice.role=master}) runs no TaskExecutor, so there the provider starts nothing and
 * waits for standalone workers, as {@code standalone} does.
 */
@Component
@StrategyName("embedded")
public class EmbeddedResourceProvider implements ResourceProvider {
    private final ConfigurationAdmin configurationAdmin;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "sluice-embedded-provider");
        thread.setDaemon(true);
        return thread;
    });

    private final boolean embeddedPlatform;
    /** The workers it started and has not stopped. */
    private final java.util.Set<WorkerId> started = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Activate
    public EmbeddedResourceProvider(BundleContext context, @Reference ConfigurationAdmin configurationAdmin) {
        this.configurationAdmin = configurationAdmin;
        String role = context.getProperty("sluice.role");
        this.embeddedPlatform = role == null || role.isBlank() || role.trim().equalsIgnoreCase("embedded");
    }

    @Deactivate
    void deactivate() {
        executor.shutdown();
    }

    @Override
    public boolean isActive() {
        return embeddedPlatform;
    }

    @Override
    public CompletableFuture<WorkerId> startWorker(WorkerSpec spec) {
        WorkerId worker = new WorkerId("embedded-" + UUID.randomUUID().toString().substring(0, 8));
        return CompletableFuture.supplyAsync(() -> {
            Hashtable<String, Object> properties = new Hashtable<>();
            properties.put(WORKER_ID_PROPERTY, worker.value());
            properties.put(SLOTS_PROPERTY, Integer.toString(spec.slots()));
            if (!spec.slotProfile().isUnknown()) {
                properties.put(SLOT_CPU_PROPERTY, Double.toString(spec.slotProfile().cpuMilliCores() / 1000.0));
                properties.put(SLOT_HEAP_PROPERTY, Integer.toString(spec.slotProfile().heapMb()));
                properties.put(SLOT_MANAGED_PROPERTY, Integer.toString(spec.slotProfile().managedMb()));
            }
            try {
                configuration(worker).update(properties);
            } catch (IOException e) {
                throw new UncheckedIOException("could not start embedded worker " + worker, e);
            }
            started.add(worker);
            return worker;
        }, executor);
    }

    @Override
    public boolean hasStarted(WorkerId worker) {
        return started.contains(worker);
    }

    @Override
    public CompletableFuture<Void> stopWorker(WorkerId worker) {
        return CompletableFuture.runAsync(() -> {
            started.remove(worker);
            try {
                Configuration[] existing = configurationAdmin.listConfigurations(
                        "(" + WORKER_ID_PROPERTY + "=" + worker.value() + ")");
                if (existing != null) {
                    for (Configuration configuration : existing) {
                        configuration.delete();
                    }
                }
            } catch (IOException | org.osgi.framework.InvalidSyntaxException e) {
                throw new IllegalStateException("could not stop embedded worker " + worker, e);
            }
        }, executor);
    }

    /** Named factory configurations give each worker a stable PID: {@code io.sluice.taskexecutor~<worker>}. */
    private Configuration configuration(WorkerId worker) throws IOException {
        return configurationAdmin.getFactoryConfiguration(TASK_EXECUTOR_FACTORY_PID, worker.value(), "?");
    }
}
