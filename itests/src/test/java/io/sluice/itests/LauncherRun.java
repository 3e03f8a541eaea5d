package io.sluice.itests;

import static org.junit.Assert.assertFalse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One command of the distribution's {@code bin/sluice}, run to its end (at most 2 minutes) in its own process. */
record LauncherRun(int status, String out, String err) {

    /** Runs {@code launcher args...} with its log folder at {@code logDir}; output files go to {@code tempDir}. */
    static LauncherRun of(Path launcher, Path tempDir, Path logDir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", launcher.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(tempDir, "sluice-out", ".txt");
        Path err = Files.createTempFile(tempDir, "sluice-err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("SLUICE_LOG_DIR", logDir.toString());
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("sluice " + String.join(" ", args) + " did not end within 2 minutes");
        }
        return new LauncherRun(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    String all() {
        return out + err;
    }

    void hasNoStackTrace() {
        assertFalse(all(), all().contains("\tat ") || all().contains("Caused by:"));
    }
}
