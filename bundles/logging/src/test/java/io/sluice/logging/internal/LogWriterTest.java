package io.sluice.logging.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.osgi.service.log.LogLevel;

class LogWriterTest {

    @Test
    void consoleLevelIsParsedCaseInsensitivelyAndFallsBackWhenInvalid() {
        assertThat(LogWriter.parseLevel("info", LogLevel.WARN)).isEqualTo(LogLevel.INFO);
        assertThat(LogWriter.parseLevel(null, LogLevel.WARN)).isEqualTo(LogLevel.WARN);
        assertThat(LogWriter.parseLevel("loud", LogLevel.WARN)).isEqualTo(LogLevel.WARN);
    }
}
