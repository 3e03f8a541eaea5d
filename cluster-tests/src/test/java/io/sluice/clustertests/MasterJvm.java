package io.sluice.clustertests;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a JVM of the cluster holds, read from outside: its threads (/proc) and its heap after a full GC (jcmd). */
final class MasterJvm {
    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    private MasterJvm() {
    }

    /** Threads and heap bytes in use after a full collection. */
    static long[] threadsAndHeap(long pid) throws Exception {
        long threads = Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                .filter(line -> line.startsWith("Threads:")).mapToLong(line -> Long.parseLong(line.substring(8).trim()))
                .findFirst().orElseThrow();
        jcmd(pid, "GC.run");
        String heap = jcmd(pid, "GC.heap_info");
        Matcher used = USED.matcher(heap);
        if (!used.find()) {
            throw new AssertionError("no heap use in: " + heap);
        }
        return new long[] {threads, Long.parseLong(used.group(1)) << 10};
    }

    private static String jcmd(long pid, String command) throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true).start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("jcmd " + command + " did not end within 30 s");
        }
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
