package io.sluice.logging.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.spi.FilterReply;
import org.junit.jupiter.api.Test;

class LoggerContextFilterTest {

    /** What Felix Logback 1.0.6 hands to the appenders: an event built without a LoggerContext. */
    private static LoggingEvent felixLogbackEvent() {
        LoggingEvent event = new LoggingEvent() {
        };
        event.setLoggerName("io.sluice.registry.internal.StrategyRegistryComponent");
        event.setLevel(Level.INFO);
        event.setMessage("registered failover 'region'");
        event.setThreadName("FelixLogListener");
        event.setTimeStamp(0);
        return event;
    }

    @Test
    void anEventOfFelixLogbackCanBeWrittenOnceTheFilterHasSeenIt() {
        assertThatThrownBy(() -> felixLogbackEvent().prepareForDeferredProcessing())
                .isInstanceOf(NullPointerException.class); // what every appender ran into

        LoggerContextFilter filter = new LoggerContextFilter();
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter()); // as SLF4J's LogbackServiceProvider sets it up
        filter.setContext(context);
        filter.start();
        LoggingEvent event = felixLogbackEvent();
        assertThat(filter.decide(event)).isEqualTo(FilterReply.NEUTRAL);
        event.prepareForDeferredProcessing();
        assertThat(event.getMDCPropertyMap()).isEmpty();
    }
}
