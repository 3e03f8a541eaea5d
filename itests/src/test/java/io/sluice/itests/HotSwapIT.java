package io.sluice.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.sluice.api.failover.RestartBackoffStrategy;
import io.sluice.api.plugin.StrategyOptions;
import io.sluice.registry.ResolvedStrategy;
import io.sluice.registry.StrategyKind;
import io.sluice.registry.StrategyListener;
import io.sluice.registry.StrategyRegistry;
import io.sluice.api.failover.RestartBackoffStrategyFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.inject.Inject;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

/**
 * A third-party plugin, built from examples/plugin-example with its own pom against the API alone, is
 * copied into deploy/, updated to a new version, shadowed by a newer bundle of the same name, and removed;
 * the registry follows each step while a component holding it keeps answering.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HotSwapIT extends PlatformTestSupport {
    private static final String NAME = "linear-delay";
    private static final String BSN = "com.example.sluice.lineardelay";

    @Inject
    private StrategyRegistry registry;

    @Inject
    private CommandProcessor commandProcessor;

    @Test
    public void aDeployedPluginIsUpdatedReplacedAndRemovedWhileTheRegistryKeepsAnswering() throws Exception {
        Path example = Path.of(System.getProperty("sluice.example.jar"));
        assertTrue("the example plugin was built: " + example, Files.isRegularFile(example));
        long registryServiceId = registryServiceId();
        List<String> changes = new CopyOnWriteArrayList<>();
        StrategyListener listener = (kind, name) -> changes.add(kind.id() + ":" + name);
        registry.addListener(listener);
        Answering answering = new Answering();
        answering.start();
        try {
            // 1. copied into deploy/: it appears, and jobs can resolve it
            Path deployed = deployDir().resolve("linear-delay.jar");
            writeAtomically(deployed, Files.readAllBytes(example));
            awaitProviders(List.of(BSN + " 1.0.0 ACTIVE"));
            ResolvedStrategy<RestartBackoffStrategyFactory> resolved = registry.require(StrategyKind.RESTART, NAME);
            RestartBackoffStrategy backoff = resolved.service().create(
                    new StrategyOptions("restart", Map.of("attempts", "2", "initial", "1s", "step", "1s")));
            backoff.notifyFailure(new RuntimeException("boom"), Instant.EPOCH);
            backoff.notifyFailure(new RuntimeException("boom"), Instant.EPOCH);
            assertEquals(Duration.ofSeconds(2), backoff.getBackoffTime());

            // 2. the jar is replaced by version 1.1.0 of the same bundle: the bundle is updated in place
            writeAtomically(deployed, Jars.withHeaders(example, Map.of("Bundle-Version", "1.1.0")));
            awaitProviders(List.of(BSN + " 1.1.0 ACTIVE"));

            // 3. a second bundle registers the same name in a newer version: it wins, the older one is shadowed
            Path next = deployDir().resolve("linear-delay-next.jar");
            writeAtomically(next, Jars.withHeaders(example, Map.of("Bundle-Version", "1.2.0",
                    "Bundle-SymbolicName", BSN + ".next")));
            awaitProviders(List.of(BSN + ".next 1.2.0 ACTIVE", BSN + " 1.1.0 SHADOWED"));
            assertEquals("1.2.0", registry.require(StrategyKind.RESTART, NAME).plugin().bundleVersion());

            // 4. the newer bundle is removed: the older version takes over again
            Files.delete(next);
            awaitProviders(List.of(BSN + " 1.1.0 ACTIVE"));

            // 5. the last provider is removed: a running job falls back to the cluster default
            Files.delete(deployed);
            awaitProviders(List.of());
            ResolvedStrategy<RestartBackoffStrategyFactory> fallback = registry.resolveOrDefault(StrategyKind.RESTART, NAME);
            assertTrue(fallback.fallback());
            assertEquals("fixed-delay", fallback.name());
            awaitLogged("restart 'linear-delay' is no longer registered; falling back to the default 'fixed-delay'");
        } finally {
            answering.stop();
            registry.removeListener(listener);
        }
        assertTrue("listeners heard of every change of the name: " + changes,
                changes.stream().filter(("restart:" + NAME)::equals).count() >= 5);
        assertTrue("the shell command answered throughout: " + answering.answers, answering.answers.get() > 10);
        assertEquals(List.of(), answering.failures);
        assertEquals("the registry was never re-created", registryServiceId, registryServiceId());
    }

    private void awaitProviders(List<String> expected) {
        awaitValue("providers of '" + NAME + "': " + expected, this::providers, expected::equals);
    }

    private List<String> providers() {
        return registry.plugins().stream()
                .filter(p -> p.kind() == StrategyKind.RESTART && p.name().equals(NAME))
                .map(p -> p.bundleSymbolicName() + " " + p.bundleVersion() + " " + p.state())
                .toList();
    }

    private long registryServiceId() {
        ServiceReference<StrategyRegistry> reference = context.getServiceReference(StrategyRegistry.class);
        return (Long) reference.getProperty(Constants.SERVICE_ID);
    }

    /** Calls the Gogo command, whose component holds the registry, in a loop on its own thread. */
    private final class Answering implements Runnable {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger answers = new AtomicInteger();
        private final List<String> failures = new CopyOnWriteArrayList<>();
        private final Thread thread = new Thread(this, "registry-caller");

        void start() {
            thread.start();
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join(TIMEOUT.toMillis());
        }

        @Override
        public void run() {
            while (running.get()) {
                try {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    CommandSession session = commandProcessor.createSession(new ByteArrayInputStream(new byte[0]), out, out);
                    Object table = session.execute("sluice:plugins");
                    session.close();
                    if (!String.valueOf(table).contains("fixed-delay")) {
                        failures.add("unexpected answer: " + table);
                    }
                    answers.incrementAndGet();
                    Thread.sleep(5); // pace the loop; correctness does not depend on it
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    failures.add(e.toString());
                }
            }
        }
    }
}
