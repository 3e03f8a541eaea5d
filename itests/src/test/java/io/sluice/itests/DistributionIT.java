package io.sluice.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.sluice.api.job.ResourceProfile;
import io.sluice.api.resource.ResourceProvider;
import io.sluice.api.resource.WorkerSpec;
import io.sluice.api.slot.WorkerId;
import io.sluice.registry.PluginInfo;
import io.sluice.registry.StrategyKind;
import io.sluice.registry.StrategyRegistry;
import io.sluice.registry.UnknownStrategyException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/** The distribution's bundle set starts completely and offers one plugin of every kind. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DistributionIT extends PlatformTestSupport {

    @Inject
    private StrategyRegistry registry;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Inject
    private CommandProcessor commandProcessor;

    @Test
    public void everyBundleOfTheDistributionResolvesAndIsActive() {
        String dist = System.getProperty("sluice.dist.dir");
        List<Bundle> ours = List.of(context.getBundles()).stream()
                .filter(b -> b.getLocation().contains("/bundle/") && b.getLocation().contains(dist.replace('\\', '/')))
                .filter(b -> b.getHeaders().get(Constants.FRAGMENT_HOST) == null)
                .toList();
        assertTrue("the distribution's bundles are installed", ours.size() >= 15);
        for (Bundle bundle : ours) {
            assertEquals(bundle.getSymbolicName() + " is ACTIVE", Bundle.ACTIVE, bundle.getState());
        }
    }

    @Test
    public void everyKindHasItsDefaultPluginRegisteredAndActive() {
        Map<String, String> defaults = awaitValue("a default plugin of every kind", this::activeDefaults,
                map -> map.size() == 5);
        assertEquals(new TreeMap<>(Map.of("failover", "region", "resource-provider", "embedded",
                "restart", "fixed-delay", "scheduler", "pipelined-region", "slot-matcher", "any-fit")), defaults);
    }

    private Map<String, String> activeDefaults() {
        return registry.plugins().stream()
                .filter(p -> p.state() == PluginInfo.State.ACTIVE && p.isDefault())
                .collect(Collectors.toMap(p -> p.kind().id(), PluginInfo::name, (a, b) -> a, TreeMap::new));
    }

    @Test
    public void everyResolutionIsLoggedWithNameAndBundleVersion() {
        String version = registry.require(StrategyKind.FAILOVER, null).plugin().bundleVersion();
        awaitLogged("resolved failover 'region' (cluster default) -> io.sluice.failover.region " + version);
    }

    @Test
    public void anUnknownNameIsRejectedListingTheRegisteredNames() {
        UnknownStrategyException e = assertThrows(UnknownStrategyException.class,
                () -> registry.require(StrategyKind.SCHEDULER, "lazy"));
        assertEquals("unknown scheduler 'lazy'; registered: eager, lazy-from-sources, pipelined-region", e.getMessage());
    }

    @Test
    public void theShellCommandListsEveryPlugin() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CommandSession session = commandProcessor.createSession(new ByteArrayInputStream(new byte[0]), out, out);
        Object table = session.execute("sluice:plugins");
        session.close();
        assertTrue(String.valueOf(table), String.valueOf(table).startsWith("KIND"));
        for (String name : List.of("eager", "pipelined-region", "any-fit", "restart-all", "region", "fixed-delay",
                "embedded")) {
            assertTrue(name + " is listed in\n" + table, String.valueOf(table).contains(name));
        }
    }

    @Test
    public void theConfigurationReferenceInDocsMatchesTheBundlesMetatype() throws Exception {
        Path docs = Path.of(System.getProperty("sluice.docs.dir"), "configuration.md");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CommandSession session = commandProcessor.createSession(new ByteArrayInputStream(new byte[0]), out, out);
        String generated = String.valueOf(session.execute("sluice:configreference"));
        session.close();
        assertTrue("the reference documents the registry's keys", generated.contains("| `restart.strategy` |"));
        assertEquals("docs/configuration.md is stale: run ./sluice config-reference > docs/configuration.md",
                generated, Files.readString(docs));
    }

    @Test
    public void theEmbeddedProviderStartsAWorkerAsATaskExecutorConfigurationAndStopsIt() throws Exception {
        ResourceProvider provider = registry.require(StrategyKind.RESOURCE_PROVIDER, "embedded").service();
        WorkerId worker = provider.startWorker(new WorkerSpec(4, ResourceProfile.of(1, 1024))).get(10, TimeUnit.SECONDS);
        String filter = "(" + ResourceProvider.WORKER_ID_PROPERTY + "=" + worker.value() + ")";
        Configuration[] started = configurationAdmin.listConfigurations(filter);
        assertEquals(1, started.length);
        assertEquals(ResourceProvider.TASK_EXECUTOR_FACTORY_PID, started[0].getFactoryPid());
        assertEquals("4", started[0].getProperties().get(ResourceProvider.SLOTS_PROPERTY));

        provider.stopWorker(worker).get(10, TimeUnit.SECONDS);
        assertNull(configurationAdmin.listConfigurations(filter));
    }
}
