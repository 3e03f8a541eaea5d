package io.sluice.logging.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.osgi.framework.Bundle;

/**
 * The symbolic name of the bundle a log event comes from, worked out from what Felix Logback 1.0.6 hands to
 * Logback: it passes the OSGi entry's logger name and message on, but not the entry's bundle (and sets no MDC).
 * <ul>
 * <li>Framework, bundle and service events and legacy {@code LogService} entries: Felix Logback names their
 * logger {@code Events.Framework.BSN}, {@code Events.Bundle.BSN}, {@code Events.Service.BSN} or
 * {@code LogService.BSN}; the bundle is the rest of the name.</li>
 * <li>Felix SCR's messages about a bundle: the root logger, and a message that starts with
 * {@code bundle BSN:VERSION (ID)}.</li>
 * <li>Everything else is named after a class: a DS component's logger after its implementation class, SLF4J and
 * JUL loggers (Netty, Jetty) after the class that logs. The bundle is the one holding that class file; else the
 * bundle whose symbolic name is the longest prefix of the logger name; else the logger name itself.</li>
 * </ul>
 * Lookups by class are remembered per logger name, until the bundle found is uninstalled.
 */
final class BundleNames {
    private static final List<String> NAMED_AFTER_BUNDLE = List.of("Events.Framework.", "Events.Bundle.",
            "Events.Service.", "LogService.");
    /** The name under which Logback (and so Felix Logback) files OSGi's root logger, which SCR logs with. */
    private static final String ROOT = "ROOT";
    private static final String SCR_BUNDLE_MESSAGE = "bundle ";
    /** More logger names than a platform has classes that log: the names are not class names; start over. */
    private static final int MAX_REMEMBERED = 10_000;

    private record Found(String name, Bundle bundle) {
    }

    private final Supplier<Bundle[]> bundles;
    private final Map<String, Found> byLogger = new ConcurrentHashMap<>();

    /** @param bundles the framework's bundles, or null while they cannot be listed (then names are not remembered) */
    BundleNames(Supplier<Bundle[]> bundles) {
        this.bundles = bundles;
    }

    String of(String logger, String message) {
        if (logger == null) {
            return "";
        }
        for (String prefix : NAMED_AFTER_BUNDLE) {
            if (logger.length() > prefix.length() && logger.startsWith(prefix)) {
                return logger.substring(prefix.length());
            }
        }
        if (ROOT.equalsIgnoreCase(logger)) {
            String bundle = scrBundle(message);
            return bundle != null ? bundle : logger;
        }
        Found found = byLogger.get(logger);
        if (found != null && (found.bundle() == null || found.bundle().getState() != Bundle.UNINSTALLED)) {
            return found.name();
        }
        Bundle[] all = bundles.get();
        if (all == null) {
            return logger;
        }
        found = find(logger, all);
        if (byLogger.size() >= MAX_REMEMBERED) {
            byLogger.clear();
        }
        byLogger.put(logger, found);
        return found.name();
    }

    private static Found find(String logger, Bundle[] all) {
        String classFile = logger.replace('.', '/') + ".class";
        for (Bundle bundle : all) {
            // the system bundle answers from the framework's class path, which is not where bundles come from
            if (bundle.getBundleId() != 0 && bundle.getSymbolicName() != null && bundle.getEntry(classFile) != null) {
                return new Found(bundle.getSymbolicName(), bundle);
            }
        }
        Bundle longest = null;
        for (Bundle bundle : all) {
            String name = bundle.getSymbolicName();
            if (name != null && (logger.equals(name) || logger.startsWith(name + "."))
                    && (longest == null || name.length() > longest.getSymbolicName().length())) {
                longest = bundle;
            }
        }
        return longest != null ? new Found(longest.getSymbolicName(), longest) : new Found(logger, null);
    }

    /** {@code bundle org.apache.felix.scr:2.2.18 (53) ...} gives {@code org.apache.felix.scr}. */
    private static String scrBundle(String message) {
        if (message == null || !message.startsWith(SCR_BUNDLE_MESSAGE)) {
            return null;
        }
        int colon = message.indexOf(':', SCR_BUNDLE_MESSAGE.length());
        int space = message.indexOf(' ', SCR_BUNDLE_MESSAGE.length());
        if (colon <= SCR_BUNDLE_MESSAGE.length() || (space >= 0 && space < colon)) {
            return null;
        }
        return message.substring(SCR_BUNDLE_MESSAGE.length(), colon);
    }
}
