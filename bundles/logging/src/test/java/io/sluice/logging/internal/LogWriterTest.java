package io.sluice.logging.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.LogReaderService;

class LogWriterTest {

    @Test
    void consoleLevelIsParsedCaseInsensitivelyAndFallsBackWhenInvalid() {
        assertThat(LogWriter.parseLevel("info", LogLevel.WARN)).isEqualTo(LogLevel.INFO);
        assertThat(LogWriter.parseLevel(null, LogLevel.WARN)).isEqualTo(LogLevel.WARN);
        assertThat(LogWriter.parseLevel("loud", LogLevel.WARN)).isEqualTo(LogLevel.WARN);
    }

    @Test
    void anEntryDeliveredAfterTheWriterClosedIsDroppedWithoutAnError(@TempDir Path logs) throws Exception {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        System.setErr(new PrintStream(console, true, StandardCharsets.UTF_8));
        try {
            LogWriter writer = new LogWriter(proxy(LogReaderService.class, (method, args) ->
                    method.equals("getLog") ? Collections.emptyEnumeration() : null),
                    proxy(BundleContext.class, (method, args) -> LogWriter.DIR_PROPERTY.equals(args[0])
                            ? logs.toString() : "ERROR"));
            writer.logged(entry("before"));
            writer.deactivate();
            writer.logged(entry("after")); // the log service's thread was still delivering it
        } finally {
            System.setErr(stderr);
        }
        assertThat(console.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(Files.readString(logs.resolve(LogWriter.FILE_NAME))).contains("before").doesNotContain("after");
    }

    private static LogEntry entry(String message) {
        return proxy(LogEntry.class, (method, args) -> switch (method) {
            case "getLoggerName" -> "test";
            case "getMessage" -> message;
            case "getLogLevel" -> LogLevel.INFO;
            case "getTime" -> 0L;
            default -> null;
        });
    }

    interface Answer {
        Object answer(String method, Object[] args);
    }

    private static <T> T proxy(Class<T> type, Answer answer) {
        return type.cast(Proxy.newProxyInstance(LogWriterTest.class.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> answer.answer(method.getName(), args)));
    }
}
