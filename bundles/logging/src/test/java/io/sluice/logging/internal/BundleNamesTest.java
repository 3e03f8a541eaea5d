package io.sluice.logging.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.net.URL;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;

class BundleNamesTest {
    private final AtomicInteger state = new AtomicInteger(Bundle.ACTIVE);
    private final AtomicInteger listings = new AtomicInteger();
    private final Bundle framework = bundle(0, "org.apache.felix.framework", Set.of("io/sluice/Everything.class"));
    private final Bundle registry = bundle(5, "io.sluice.registry",
            Set.of("io/sluice/registry/internal/StrategyRegistryComponent.class"));
    private final Bundle netty = bundle(9, "io.netty.common", Set.of("io/netty/util/internal/PlatformDependent.class"));
    private final Bundle jetty = bundle(12, "org.apache.felix.http.jetty12", Set.of());
    private final BundleNames names = new BundleNames(() -> {
        listings.incrementAndGet();
        return new Bundle[] {framework, registry, netty, jetty};
    });

    @Test
    void eventsAndLegacyLogServiceEntriesCarryTheBundleInTheLoggerName() {
        assertThat(names.of("Events.Bundle.io.sluice.registry", "BundleEvent STARTED")).isEqualTo("io.sluice.registry");
        assertThat(names.of("Events.Framework.org.apache.felix.framework", "FrameworkEvent STARTED"))
                .isEqualTo("org.apache.felix.framework");
        assertThat(names.of("LogService.org.apache.felix.fileinstall", "Installing bundle x"))
                .isEqualTo("org.apache.felix.fileinstall");
        assertThat(listings).hasValue(0);
    }

    @Test
    void scrsBundleMessagesNameTheBundleInTheMessage() {
        assertThat(names.of("ROOT", "bundle org.apache.felix.scr:2.2.18 (53) Starting with globalExtender setting: false"))
                .isEqualTo("org.apache.felix.scr");
        assertThat(names.of("ROOT", "something else")).isEqualTo("ROOT");
        assertThat(names.of("ROOT", "bundle of joy")).isEqualTo("ROOT");
    }

    @Test
    void aClassNamedLoggerIsTheBundleHoldingTheClassNotTheFrameworksClassPath() {
        assertThat(names.of("io.sluice.registry.internal.StrategyRegistryComponent", "registered failover 'region'"))
                .isEqualTo("io.sluice.registry");
        assertThat(names.of("io.netty.util.internal.PlatformDependent", "-Dio.netty.noUnsafe: false"))
                .isEqualTo("io.netty.common");
        assertThat(names.of("io.sluice.Everything", "x")).isEqualTo("io.sluice.Everything");
    }

    @Test
    void otherwiseTheLongestBundleNamePrefixOrTheLoggerItself() {
        assertThat(names.of("org.apache.felix.http.jetty12.internal.Embedded", "x"))
                .isEqualTo("org.apache.felix.http.jetty12");
        assertThat(names.of("org.eclipse.jetty.server.Server", "jetty-12.0.32")).isEqualTo("org.eclipse.jetty.server.Server");
    }

    @Test
    void aLookupIsRememberedUntilItsBundleIsUninstalled() {
        String logger = "io.sluice.registry.internal.StrategyRegistryComponent";
        names.of(logger, "a");
        names.of(logger, "b");
        assertThat(listings).hasValue(1);
        state.set(Bundle.UNINSTALLED);
        names.of(logger, "c");
        assertThat(listings).hasValue(2);
    }

    @Test
    void withoutTheFrameworkTheLoggerNameIsShown() {
        BundleNames early = new BundleNames(() -> null);
        assertThat(early.of("io.sluice.registry.internal.StrategyRegistryComponent", "x"))
                .isEqualTo("io.sluice.registry.internal.StrategyRegistryComponent");
        assertThat(early.of(null, "x")).isEmpty();
    }

    private Bundle bundle(long id, String name, Set<String> entries) {
        return (Bundle) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Bundle.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getBundleId" -> id;
                    case "getSymbolicName" -> name;
                    case "getState" -> state.get();
                    case "getEntry" -> entries.contains((String) args[0]) ? new URL("file:/" + args[0]) : null;
                    default -> null;
                });
    }
}
