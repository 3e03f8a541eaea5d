package io.sluice.registry.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.registry.StrategyKind;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Version;

class StrategyTableTest {

    private static StrategyTable.Entry entry(String name, String version, int ranking, long serviceId) {
        return new StrategyTable.Entry(StrategyKind.FAILOVER, name, new Object(), "io.example." + name,
                Version.parseVersion(version), serviceId, serviceId, ranking);
    }

    @Test
    void theNewestBundleVersionOfANameWinsWhateverTheOrderOfRegistration() {
        StrategyTable table = new StrategyTable();
        StrategyTable.Entry v11 = entry("region", "1.1.0", 0, 2);
        StrategyTable.Entry v10 = entry("region", "1.0.0", 100, 1);
        table.add(v11);
        assertThat(table.add(v10)).contains(v11);
        assertThat(table.best(StrategyKind.FAILOVER, "region")).contains(v11);
    }

    @Test
    void rankingThenServiceAgeBreakTiesBetweenEqualVersions() {
        StrategyTable table = new StrategyTable();
        StrategyTable.Entry older = entry("region", "1.0.0", 0, 1);
        StrategyTable.Entry younger = entry("region", "1.0.0", 0, 2);
        StrategyTable.Entry ranked = entry("region", "1.0.0", 5, 3);
        table.add(older);
        table.add(younger);
        assertThat(table.best(StrategyKind.FAILOVER, "region")).contains(older);
        table.add(ranked);
        assertThat(table.best(StrategyKind.FAILOVER, "region")).contains(ranked);
    }

    @Test
    void removingTheNewestBringsTheOlderVersionBackAndTheLastRemovalForgetsTheName() {
        StrategyTable table = new StrategyTable();
        StrategyTable.Entry v10 = entry("region", "1.0.0", 0, 1);
        StrategyTable.Entry v11 = entry("region", "1.1.0", 0, 2);
        table.add(v10);
        table.add(v11);
        assertThat(table.remove(StrategyKind.FAILOVER, 2)).contains(v11);
        assertThat(table.best(StrategyKind.FAILOVER, "region")).contains(v10);
        table.remove(StrategyKind.FAILOVER, 1);
        assertThat(table.best(StrategyKind.FAILOVER, "region")).isEmpty();
        assertThat(table.names(StrategyKind.FAILOVER)).isEmpty();
        assertThat(table.remove(StrategyKind.FAILOVER, 1)).isEmpty();
    }

    @Test
    void kindsAreSeparateNamespaces() {
        StrategyTable table = new StrategyTable();
        table.add(entry("x", "1.0.0", 0, 1));
        assertThat(table.best(StrategyKind.SCHEDULER, "x")).isEmpty();
        assertThat(table.names(StrategyKind.FAILOVER)).containsExactly("x");
    }

    @Test
    void replacingMovesAServiceToItsNewNameAndReportsBothNamesOnEitherSide() {
        StrategyTable table = new StrategyTable();
        StrategyTable.Entry v10 = entry("region", "1.0.0", 0, 1);
        StrategyTable.Entry v11 = entry("region", "1.1.0", 0, 2);
        table.add(v10);
        table.add(v11);
        StrategyTable.Entry renamed = new StrategyTable.Entry(StrategyKind.FAILOVER, "restart-all", v11.service(),
                v11.bundleSymbolicName(), v11.bundleVersion(), v11.bundleId(), v11.serviceId(), 7);

        StrategyTable.Change change = table.replace(renamed);

        assertThat(change.previous()).contains(v11);
        assertThat(change.bestBefore("region")).contains(v11);
        assertThat(change.bestAfter("region")).contains(v10);
        assertThat(change.bestBefore("restart-all")).isEmpty();
        assertThat(change.bestAfter("restart-all")).contains(renamed);
        assertThat(table.byName(StrategyKind.FAILOVER).values()).extracting(java.util.List::size).containsExactly(1, 1);
    }
}
