package io.sluice.benchmarks.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What the kernel counts for a process (Linux {@code /proc}): CPU time in clock ticks (user + system, all threads)
 * and the bytes it passed to read and write calls, sockets included. Read from outside, so the master needs no
 * agent and the benchmark measures exactly the process it started.
 *
 * @param cpuTicks utime + stime, in {@link #TICKS_PER_SECOND}ths of a second
 * @param readBytes rchar
 * @param writtenBytes wchar
 * @param syscalls syscr + syscw: read and write calls (one per socket read or flush, roughly)
 */
record ProcStats(long cpuTicks, long readBytes, long writtenBytes, long syscalls) {
    /** USER_HZ: 100 on every Linux this runs on (getconf CLK_TCK); /proc reports in it regardless of the kernel's HZ. */
    static final int TICKS_PER_SECOND = 100;

    static ProcStats of(long pid) throws IOException {
        Path proc = Path.of("/proc", Long.toString(pid));
        long read = 0;
        long written = 0;
        long syscalls = 0;
        for (String line : Files.readAllLines(proc.resolve("io"))) {
            if (line.startsWith("rchar:")) {
                read = Long.parseLong(line.substring(6).trim());
            } else if (line.startsWith("wchar:")) {
                written = Long.parseLong(line.substring(6).trim());
            } else if (line.startsWith("syscr:") || line.startsWith("syscw:")) {
                syscalls += Long.parseLong(line.substring(6).trim());
            }
        }
        return new ProcStats(cpuTicks(proc.resolve("stat")), read, written, syscalls);
    }

    ProcStats minus(ProcStats earlier) {
        return new ProcStats(cpuTicks - earlier.cpuTicks, readBytes - earlier.readBytes,
                writtenBytes - earlier.writtenBytes, syscalls - earlier.syscalls);
    }

    double cpuSeconds() {
        return (double) cpuTicks / TICKS_PER_SECOND;
    }

    /**
     * CPU ticks per thread name of the process, numbered names folded together ({@code sluice-rpc-1-2} counts as
     * {@code sluice-rpc-#-#}): where the master's time goes, without a profiler.
     */
    static Map<String, Long> threadTicks(long pid) throws IOException {
        Map<String, Long> ticks = new TreeMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String name = Files.readString(task.resolve("comm")).trim().replaceAll("[0-9]+", "#");
                    ticks.merge(name, cpuTicks(task.resolve("stat")), Long::sum);
                } catch (IOException threadEnded) {
                    // the thread ended between the listing and the read
                }
            }
        }
        return ticks;
    }

    /**
     * Voluntary context switches of all its threads: each is a thread that blocked and later woke up again, so
     * this counts wake-ups (an event loop's selector, a main thread's queue).
     */
    static long wakeups(long pid) throws IOException {
        long total = 0;
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    for (String line : Files.readAllLines(task.resolve("status"))) {
                        if (line.startsWith("voluntary_ctxt_switches:")) {
                            total += Long.parseLong(line.substring(24).trim());
                        }
                    }
                } catch (IOException threadEnded) {
                    // the thread ended between the listing and the read
                }
            }
        }
        return total;
    }

    /** Fields 14 and 15 of a stat line; the name in parentheses may hold spaces, so count from its end. */
    private static long cpuTicks(Path stat) throws IOException {
        String line = Files.readString(stat);
        String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** VmRSS of a live process in KiB, from /proc/PID/status; -1 when it cannot be read. */
    static long residentKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
