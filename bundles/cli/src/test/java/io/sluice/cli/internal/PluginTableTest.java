package io.sluice.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.registry.PluginInfo;
import io.sluice.registry.StrategyKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class PluginTableTest {

    @Test
    void rendersOneAlignedRowPerPluginWithStateAndDefaultMarker() {
        String table = PluginTable.render(List.of(
                new PluginInfo(StrategyKind.FAILOVER, "region", "io.sluice.failover.region", "1.1.0", 12, 40,
                        PluginInfo.State.ACTIVE, true),
                new PluginInfo(StrategyKind.FAILOVER, "region", "io.sluice.failover.region", "1.0.0", 11, 39,
                        PluginInfo.State.SHADOWED, true)));
        assertThat(table.lines()).containsExactly(
                "KIND      NAME    VERSION  BUNDLE                          STATE",
                "failover  region  1.1.0    io.sluice.failover.region [12]  active (default)",
                "failover  region  1.0.0    io.sluice.failover.region [11]  shadowed (default)");
    }

    @Test
    void saysSoWhenNothingIsRegistered() {
        assertThat(PluginTable.render(List.of())).startsWith("no strategy plugins are registered");
    }

    @Test
    void argumentsArriveOnePerLine() {
        assertThat(CommandLauncher.argv("run", "a b.json\n--workers\n2"))
                .containsExactly("run", "a b.json", "--workers", "2");
        assertThat(CommandLauncher.argv("plugins", null)).containsExactly("plugins");
    }
}
