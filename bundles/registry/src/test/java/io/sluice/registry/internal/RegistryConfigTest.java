package io.sluice.registry.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.registry.StrategyKind;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegistryConfigTest {

    @Test
    void missingKeysKeepTheBuiltInDefaults() {
        RegistryConfig.Parsed parsed = RegistryConfig.parse(Map.of("failover", "region"));
        assertThat(parsed.errors()).isEmpty();
        assertThat(parsed.config().defaultName(StrategyKind.FAILOVER)).isEqualTo("region");
        assertThat(parsed.config().defaultName(StrategyKind.SCHEDULER)).isEqualTo("pipelined-region");
        assertThat(parsed.config().defaultName(StrategyKind.RESTART)).isEqualTo("fixed-delay");
    }

    @Test
    void anInvalidNameRejectsTheWholeConfigurationAndNamesKeyAndValue() {
        RegistryConfig.Parsed parsed = RegistryConfig.parse(Map.of("failover", "Region!", "scheduler", "lazy"));
        assertThat(parsed.config()).isNull();
        assertThat(parsed.errors()).containsExactly("'failover' = 'Region!' is not a strategy name "
                + "(lower-case letters, digits and '-', starting with a letter or digit)");
    }

    @Test
    void anUnknownKeyRejectsTheConfigurationNamingTheKeyItMostLikelyMeantButFrameworkKeysAreNoOptions() {
        RegistryConfig.Parsed parsed = RegistryConfig.parse(Map.of("failovr", "region",
                "service.pid", "io.sluice.registry", "felix.fileinstall.filename", "file:/x.cfg",
                "Failover.target", "(sluice.strategy.name=*)", "osgi.ds.satisfying.condition.target", "(x=y)"));
        assertThat(parsed.config()).isNull();
        assertThat(parsed.errors()).containsExactly("unknown option 'failovr' (did you mean 'failover'?); known: failover,"
                + " resource-provider, restart.strategy, scheduler, slot-matcher");
    }

    @Test
    void everyProblemIsNamedBadValuesFirstThenTheUnknownKeys() {
        RegistryConfig.Parsed parsed = RegistryConfig.parse(Map.of("scheduler", "Eager", "sheduler", "eager",
                "colour", "blue"));
        assertThat(parsed.config()).isNull();
        assertThat(parsed.errors()).containsExactly("'scheduler' = 'Eager' is not a strategy name "
                + "(lower-case letters, digits and '-', starting with a letter or digit)",
                "unknown options 'colour', 'sheduler' (did you mean 'scheduler'?); known: failover, resource-provider,"
                        + " restart.strategy, scheduler, slot-matcher");
    }

    @Test
    void theFrameworksKeysAloneAreAValidConfiguration() {
        RegistryConfig.Parsed parsed = RegistryConfig.parse(Map.of("service.pid", "io.sluice.registry",
                "component.name", "registry", "component.id", 1L));
        assertThat(parsed.errors()).isEmpty();
        assertThat(parsed.config()).isEqualTo(RegistryConfig.DEFAULTS);
    }

    @Test
    void dottedAndDashedKeysMapToTheirKinds() {
        RegistryConfig.Parsed parsed = RegistryConfig.parse(Map.of("restart.strategy", "none",
                "slot-matcher", "spread", "resource-provider", "standalone"));
        assertThat(parsed.config().defaultName(StrategyKind.RESTART)).isEqualTo("none");
        assertThat(parsed.config().defaultName(StrategyKind.SLOT_MATCHER)).isEqualTo("spread");
        assertThat(parsed.config().defaultName(StrategyKind.RESOURCE_PROVIDER)).isEqualTo("standalone");
    }
}
