package io.sluice.logging.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;

/**
 * Appends every log entry to {@code <sluice.log.dir>/sluice.log} and prints entries at or above
 * {@code sluice.log.console} (framework properties; defaults {@code logs} and {@code WARN}) to stderr.
 * {@code bin/sluice} sets the console level from {@code SLUICE_LOG_CONSOLE}, WARN unless set, for every command
 * and for {@code start}: INFO lines would scroll over the shell's prompt.
 * The log service delivers entries on its own single thread, so writes need no further ordering.
 */
@Component(immediate = true)
public class LogWriter implements LogListener {
    static final String DIR_PROPERTY = "sluice.log.dir";
    static final String CONSOLE_PROPERTY = "sluice.log.console";
    static final String FILE_NAME = "sluice.log";
    /** Logger-name prefix of the entries the log service makes from service events (OSGi Log 1.4). */
    private static final String SERVICE_EVENTS = "Events.Service.";

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

    private final LogReaderService reader;
    private final Writer file;
    private final LogLevel consoleLevel;
    private final PrintStream console = System.err;

    @Activate
    public LogWriter(@Reference LogReaderService reader, BundleContext context) throws IOException {
        this.reader = reader;
        this.consoleLevel = parseLevel(context.getProperty(CONSOLE_PROPERTY), LogLevel.WARN);
        String dir = context.getProperty(DIR_PROPERTY);
        Path directory = Path.of(dir == null ? "logs" : dir);
        Files.createDirectories(directory);
        this.file = Files.newBufferedWriter(directory.resolve(FILE_NAME), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        // entries logged before this component started are in the reader's history, newest first
        List<LogEntry> earlier = new ArrayList<>();
        for (Enumeration<LogEntry> history = reader.getLog(); history.hasMoreElements();) {
            earlier.add(history.nextElement());
        }
        Collections.reverse(earlier);
        earlier.forEach(this::logged);
        reader.addLogListener(this);
    }

    @Deactivate
    void deactivate() throws IOException {
        reader.removeLogListener(this);
        synchronized (this) {
            closed = true;
            file.close();
        }
    }

    /** The log service delivers on its own thread: an entry may still arrive after the listener is removed. */
    private boolean closed;

    @Override
    public synchronized void logged(LogEntry entry) {
        if (entry.getLoggerName().startsWith(SERVICE_EVENTS)) {
            return; // one line per service registration drowns everything else; bundle events stay
        }
        String line = format(entry);
        try {
            if (!closed) {
                file.write(line);
                file.flush();
            }
        } catch (IOException e) {
            console.println("sluice: cannot write the log file: " + e);
        }
        if (entry.getLogLevel().ordinal() <= consoleLevel.ordinal()) {
            console.print(line);
        }
    }

    static String format(LogEntry entry) {
        StringBuilder line = new StringBuilder(160)
                .append(TIME.format(Instant.ofEpochMilli(entry.getTime()))).append(' ')
                .append(String.format(Locale.ROOT, "%-5s", entry.getLogLevel())).append(' ')
                .append('[').append(source(entry)).append("] ")
                .append(entry.getMessage()).append(System.lineSeparator());
        Throwable exception = entry.getException();
        if (exception != null) {
            StringWriter trace = new StringWriter();
            exception.printStackTrace(new PrintWriter(trace));
            line.append(trace);
        }
        return line.toString();
    }

    /** The bundle says more to a user than the logger (usually an internal class name). */
    private static String source(LogEntry entry) {
        return entry.getBundle() != null && entry.getBundle().getSymbolicName() != null
                ? entry.getBundle().getSymbolicName() : entry.getLoggerName();
    }

    static LogLevel parseLevel(String text, LogLevel fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return LogLevel.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            System.err.println("sluice: " + CONSOLE_PROPERTY + "=" + text + " (SLUICE_LOG_CONSOLE) is not a log level"
                    + " (AUDIT, ERROR, WARN, INFO, DEBUG, TRACE); using " + fallback);
            return fallback;
        }
    }
}
