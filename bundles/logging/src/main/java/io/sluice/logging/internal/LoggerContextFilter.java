package io.sluice.logging.internal;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * Gives the events of Felix Logback the {@link LoggerContext} that Logback 1.3 and later expect. Felix Logback 1.0.6,
 * its last release (built against Logback 1.2), creates a {@link LoggingEvent} without one, and every file or
 * console appender then fails on it with a NullPointerException in {@code LoggingEvent.getMDCPropertyMap}. As the
 * first filter of an appender it repairs the event and decides nothing; the events of SLF4J loggers have this
 * context already.
 */
public class LoggerContextFilter extends Filter<ILoggingEvent> {
    @Override
    public FilterReply decide(ILoggingEvent event) {
        if (event instanceof LoggingEvent logged && getContext() instanceof LoggerContext context) {
            logged.setLoggerContext(context);
        }
        return FilterReply.NEUTRAL;
    }
}
