package com.example.sluice.lineardelay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.failover.RestartBackoffStrategy;
import io.sluice.api.plugin.StrategyOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LinearDelayRestartBackoffFactoryTest {

    @Test
    void eachFailureWaitsOneStepLongerUntilTheAttemptsRunOut() {
        RestartBackoffStrategy backoff = new LinearDelayRestartBackoffFactory()
                .create(new StrategyOptions("restart", Map.of("attempts", "2", "initial", "1s", "step", "500ms")));
        backoff.notifyFailure(new RuntimeException(), Instant.EPOCH);
        assertTrue(backoff.canRestart());
        assertEquals(Duration.ofSeconds(1), backoff.getBackoffTime());
        backoff.notifyFailure(new RuntimeException(), Instant.EPOCH);
        assertEquals(Duration.ofMillis(1500), backoff.getBackoffTime());
        backoff.notifyFailure(new RuntimeException(), Instant.EPOCH);
        assertFalse(backoff.canRestart());
    }
}
