package io.sluice.registry.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.plugin.StrategyName;
import io.sluice.api.scheduling.SchedulingStrategyFactory;
import io.sluice.registry.ResolvedStrategy;
import io.sluice.registry.StrategyKind;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;
import org.osgi.service.log.Logger;

/**
 * Drives the component the way DS does (bind, updated, unbind on the same reference) without a framework,
 * with a listener that re-resolves like a running job does, to see every strategy a job would be swapped to.
 */
class StrategyRegistryComponentTest {

    private static final String DEFAULT = RegistryConfig.DEFAULT_SCHEDULER;

    /**
     * What a running job following {@code name} was told and resolved at that moment; {@code otherNameResolves}
     * tells whether {@link #otherName} resolved too, which shows a rename taking effect in one step.
     */
    private record Swap(String name, SchedulingStrategyFactory resolved, boolean fallback, boolean otherNameResolves) {
    }

    private final List<String> logged = new ArrayList<>();
    private final List<Swap> swaps = new ArrayList<>();
    private StrategyRegistryComponent registry;
    private final SchedulingStrategyFactory pipelinedRegion = (operations, topology) -> null;
    private final SchedulingStrategyFactory eager = (operations, topology) -> null;
    private final SchedulingStrategyFactory olderEager = (operations, topology) -> null;
    private String otherName = "none";

    @BeforeEach
    void registerTheDefaultAndFollowEveryChange() {
        registry = new StrategyRegistryComponent(logger(), Map.of());
        registry.addScheduler(registration(10, DEFAULT, "io.sluice.scheduler", "1.0.0", 0).ref, pipelinedRegion);
        registry.addListener((kind, name) -> {
            ResolvedStrategy<SchedulingStrategyFactory> now = registry.resolveOrDefault(StrategyKind.SCHEDULER, name);
            swaps.add(new Swap(name, now.service(), now.fallback(),
                    registry.find(StrategyKind.SCHEDULER, otherName).isPresent()));
        });
    }

    @Test
    void aRejectedFileIsNamedByItsPathWithEveryProblemAndTheDefaultsStay() {
        java.nio.file.Path file = java.nio.file.Path.of("/sluice/conf/io.sluice.registry.cfg").toAbsolutePath();
        logged.clear();
        registry.modified(Map.of("service.pid", "io.sluice.registry", "felix.fileinstall.filename",
                file.toUri().toString(), "scheduler", "eager", "failovr", "restart-all"));

        assertThat(logged).containsExactly("error " + file + " rejected, keeping the previous defaults"
                + " scheduler=pipelined-region, slot-matcher=any-fit, failover=region, restart.strategy=fixed-delay,"
                + " resource-provider=embedded: unknown option 'failovr' (did you mean 'failover'?); known: failover,"
                + " resource-provider, restart.strategy, scheduler, slot-matcher");
        assertThat(registry.defaultName(StrategyKind.SCHEDULER)).isEqualTo(DEFAULT);
        assertThat(swaps).isEmpty();
    }

    @Test
    void aNewRankingOrDescriptionOfTheOnlyProviderIsOneSilentUpdate() {
        Registration plugin = registration(11, "eager", "io.example.eager", "1.0.0", 0);
        registry.addScheduler(plugin.ref, eager);
        swaps.clear();

        registry.updateScheduler(plugin.set(Constants.SERVICE_RANKING, 10), eager);
        registry.updateScheduler(plugin.set(Constants.SERVICE_DESCRIPTION, "eager, now described"), eager);

        assertThat(swaps).as("a running job would be swapped to the default and back").isEmpty();
        ResolvedStrategy<SchedulingStrategyFactory> now = registry.resolveOrDefault(StrategyKind.SCHEDULER, "eager");
        assertThat(now.service()).isSameAs(eager);
        assertThat(now.fallback()).isFalse();
        assertThat(logged).noneMatch(line -> line.contains("unregistered"))
                .filteredOn(line -> line.startsWith("info updated")).hasSize(2);
    }

    @Test
    void aRankingThatChangesThePreferenceSwapsOnceAndNeverThroughTheDefault() {
        Registration first = registration(11, "eager", "io.example.eager", "1.0.0", 0);
        Registration second = registration(12, "eager", "io.example.eager.fork", "1.0.0", 0);
        registry.addScheduler(first.ref, olderEager);
        registry.addScheduler(second.ref, eager);
        swaps.clear();

        registry.updateScheduler(second.set(Constants.SERVICE_DESCRIPTION, "still shadowed"), eager);
        assertThat(swaps).as("a shadowed provider's new properties change no lookup").isEmpty();

        registry.updateScheduler(second.set(Constants.SERVICE_RANKING, 5), eager);
        assertThat(swaps).containsExactly(new Swap("eager", eager, false, false));

        swaps.clear();
        registry.updateScheduler(second.set(Constants.SERVICE_RANKING, -1), eager);
        assertThat(swaps).containsExactly(new Swap("eager", olderEager, false, false));
        assertThat(registry.plugins()).extracting(p -> p.serviceId() + " " + p.state())
                .containsExactly("11 ACTIVE", "12 SHADOWED", "10 ACTIVE");
    }

    @Test
    void aRenamedServiceLeavesItsOldNameToTheDefaultAndHasItsNewNameInTheSameStep() {
        Registration plugin = registration(11, "eager", "io.example.eager", "1.0.0", 0);
        registry.addScheduler(plugin.ref, eager);
        swaps.clear();
        otherName = "lazy-from-sources";

        registry.updateScheduler(plugin.set(StrategyName.PROPERTY, "lazy-from-sources"), eager);

        assertThat(swaps).containsExactly(
                new Swap("eager", pipelinedRegion, true, true),
                new Swap("lazy-from-sources", eager, false, true));
        assertThat(registry.find(StrategyKind.SCHEDULER, "eager")).isEmpty();
        assertThat(logged).filteredOn(line -> line.startsWith("info renamed")).singleElement().asString()
                .contains("'eager': no provider of 'eager' is left, lookups fall back to the default '" + DEFAULT + "'");
    }

    @Test
    void aRenamedServiceHandsItsOldNameToTheNextProvider() {
        Registration newer = registration(11, "eager", "io.example.eager", "1.1.0", 0);
        registry.addScheduler(registration(12, "eager", "io.example.eager", "1.0.0", 0).ref, olderEager);
        registry.addScheduler(newer.ref, eager);
        swaps.clear();
        otherName = "lazy-from-sources";

        newer.set(StrategyName.PROPERTY, "lazy-from-sources");
        registry.updateScheduler(newer.set(Constants.SERVICE_RANKING, 3), eager);

        assertThat(swaps).containsExactly(
                new Swap("eager", olderEager, false, true),
                new Swap("lazy-from-sources", eager, false, true));
    }

    @Test
    void propertiesThatNoLongerNameAStrategyUnregisterItAndAGoodNameRegistersItAgain() {
        Registration plugin = registration(11, "eager", "io.example.eager", "1.0.0", 0);
        registry.addScheduler(plugin.ref, eager);
        swaps.clear();

        registry.updateScheduler(plugin.set(StrategyName.PROPERTY, "Eager!"), eager);
        assertThat(swaps).containsExactly(new Swap("eager", pipelinedRegion, true, false));
        assertThat(logged).anyMatch(line -> line.startsWith("error ignoring"));

        swaps.clear();
        registry.updateScheduler(plugin.set(StrategyName.PROPERTY, "eager"), eager);
        assertThat(swaps).containsExactly(new Swap("eager", eager, false, false));

        swaps.clear();
        registry.removeScheduler(plugin.ref);
        assertThat(swaps).containsExactly(new Swap("eager", pipelinedRegion, true, false));
    }

    // ---- fakes -----------------------------------------------------------------------------------------

    /**
     * A registration: DS hands the same reference to bind, updated and unbind, and it reads the registration's
     * current properties, so {@link #set} is {@code ServiceRegistration.setProperties} of one key.
     */
    private static final class Registration {
        final Map<String, Object> properties = new HashMap<>();
        final ServiceReference<SchedulingStrategyFactory> ref;

        @SuppressWarnings("unchecked")
        Registration(Bundle bundle) {
            ref = (ServiceReference<SchedulingStrategyFactory>) Proxy.newProxyInstance(
                    ServiceReference.class.getClassLoader(), new Class<?>[] {ServiceReference.class},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "getProperty" -> properties.get((String) args[0]);
                        case "getBundle" -> bundle;
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }

        ServiceReference<SchedulingStrategyFactory> set(String key, Object value) {
            properties.put(key, value);
            return ref;
        }
    }

    private static Registration registration(long serviceId, String name, String bundle, String version, int ranking) {
        Bundle fake = (Bundle) Proxy.newProxyInstance(Bundle.class.getClassLoader(), new Class<?>[] {Bundle.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getSymbolicName" -> bundle;
                    case "getVersion" -> Version.parseVersion(version);
                    case "getBundleId" -> serviceId;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        Registration registration = new Registration(fake);
        registration.set(Constants.SERVICE_ID, serviceId);
        registration.set(StrategyName.PROPERTY, name);
        registration.set(Constants.SERVICE_RANKING, ranking);
        return registration;
    }

    /** Records "level message" of every log call, the message formatted as the log service would. */
    private Logger logger() {
        return (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(), new Class<?>[] {Logger.class},
                (proxy, method, args) -> {
                    if (method.getReturnType() == boolean.class) {
                        return true;
                    }
                    if (args != null && args.length > 0 && args[0] instanceof String format) {
                        // the varargs overload passes its arguments as one array
                        List<Object> values = args.length == 2 && args[1] instanceof Object[] array
                                ? Arrays.asList(array) : Arrays.asList(args).subList(1, args.length);
                        StringBuilder message = new StringBuilder();
                        int arg = 0;
                        int from = 0;
                        for (int at = format.indexOf("{}"); at >= 0 && arg < values.size(); at = format.indexOf("{}", from)) {
                            message.append(format, from, at).append(values.get(arg++));
                            from = at + 2;
                        }
                        logged.add(method.getName() + " " + message.append(format.substring(from)));
                    }
                    return null;
                });
    }
}
