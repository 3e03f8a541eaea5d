package io.sluice.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.registry.PluginInfo;
import io.sluice.registry.StrategyKind;
import java.nio.charset.StandardCharsets;
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
    void argumentsArriveUnchangedNewlinesAndEmptyOnesIncluded() {
        byte[] args = "a b.json\0--set\0scheduler=eager\n--workers=0\0\0\u00e9\0".getBytes(StandardCharsets.UTF_8);
        assertThat(CommandLauncher.argv("run", args))
                .containsExactly("run", "a b.json", "--set", "scheduler=eager\n--workers=0", "", "\u00e9");
        assertThat(CommandLauncher.argv("plugins", new byte[0])).containsExactly("plugins");
    }
}
