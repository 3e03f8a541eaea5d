package io.sluice.logging.internal;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;

/**
 * {@code %bundle} in {@code conf/logback.xml}: the symbolic name of the bundle a log event comes from (see
 * {@link BundleNames}), which says more to a user than the logger, usually an internal class name. Logback
 * instantiates it by class name from its own class loader, which is why this bundle is a fragment of
 * logback-classic.
 */
public class BundleConverter extends ClassicConverter {
    private static final BundleNames NAMES = new BundleNames(BundleConverter::bundles);

    /** The system bundle's context: it lists every bundle for as long as the framework runs. */
    private static volatile BundleContext framework;

    @Override
    public String convert(ILoggingEvent event) {
        return NAMES.of(event.getLoggerName(), event.getMessage());
    }

    private static Bundle[] bundles() {
        BundleContext context = framework;
        if (context == null) {
            Bundle host = FrameworkUtil.getBundle(BundleConverter.class); // logback-classic
            BundleContext hostContext = host == null ? null : host.getBundleContext(); // null unless it is active
            if (hostContext == null) {
                return null;
            }
            context = hostContext.getBundle(0).getBundleContext();
            framework = context;
        }
        try {
            return context.getBundles();
        } catch (IllegalStateException stopped) { // the framework has stopped; logging goes on until the JVM ends
            return null;
        }
    }
}
