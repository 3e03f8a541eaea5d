package io.sluice.rpc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.rpc.RpcTimeouts;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RpcConfigComponentTest {

    @Test
    void theAskTimeoutIsReadAndTheFrameworksKeysAreIgnored() {
        assertThat(RpcConfigComponent.parse(Map.of("service.pid", "io.sluice.rpc", "component.name", "rpc",
                "felix.fileinstall.filename", "file:/sluice/conf/io.sluice.rpc.cfg", "rpc.ask-timeout", "3s")))
                .isEqualTo(Duration.ofSeconds(3));
        assertThat(RpcConfigComponent.parse(Map.of())).isEqualTo(RpcTimeouts.DEFAULT_ASK_TIMEOUT);
    }

    @Test
    void anUnknownKeyIsAnErrorWithTheKeyItMostLikelyMeant() {
        assertThatThrownBy(() -> RpcConfigComponent.parse(Map.of("rpc.ask-timeuot", "3s")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown option 'rpc.ask-timeuot' (did you mean 'rpc.ask-timeout'?); known: rpc.ask-timeout");
    }

    @Test
    void aBadValueIsNamedWithItsKey() {
        assertThatThrownBy(() -> RpcConfigComponent.parse(Map.of("rpc.ask-timeout", "0ms")))
                .hasMessage("rpc.ask-timeout must be positive, got 0ms");
        assertThatThrownBy(() -> RpcConfigComponent.parse(Map.of("rpc.ask-timeout", "later")))
                .hasMessage("rpc.ask-timeout: expected a duration like 500ms, 10s, 2min or 1h, got 'later'");
    }
}
