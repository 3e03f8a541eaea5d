package io.sluice.benchmarks.cluster;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the master did during one measuring window: its CPU and I/O from {@code /proc}, the CPU of each of its
 * thread kinds (where the time goes), and the heartbeats each simulated worker was asked for in the window.
 *
 * @param master the master's counters over the window
 * @param threads CPU ticks per thread kind of the master over the window
 * @param wakeups voluntary context switches of the master's threads over the window
 * @param simulator this JVM's counters over the window (the simulated workers' side, for context)
 */
record Window(double seconds, ProcStats master, Map<String, Long> threads, long wakeups, ProcStats simulator,
        int workers, long heartbeats, long minHeartbeats, long maxHeartbeats) {

    /** Sleeps for {@code length} between two readings of every counter. */
    static Window measure(long pid, List<SimulatedWorker> workers, Duration length) throws Exception {
        long self = ProcessHandle.current().pid();
        long[] before = workers.stream().mapToLong(w -> w.heartbeats.get()).toArray();
        ProcStats masterBefore = ProcStats.of(pid);
        Map<String, Long> threadsBefore = ProcStats.threadTicks(pid);
        long wakeupsBefore = ProcStats.wakeups(pid);
        ProcStats selfBefore = ProcStats.of(self);
        long start = System.nanoTime();
        Thread.sleep(length.toMillis());
        ProcStats master = ProcStats.of(pid).minus(masterBefore);
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Long> threads = ProcStats.threadTicks(pid);
        threads.replaceAll((name, ticks) -> ticks - threadsBefore.getOrDefault(name, 0L));
        long wakeups = ProcStats.wakeups(pid) - wakeupsBefore;
        ProcStats simulator = ProcStats.of(self).minus(selfBefore);
        long sum = 0;
        long min = workers.isEmpty() ? 0 : Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < before.length; i++) {
            long delta = workers.get(i).heartbeats.get() - before[i];
            sum += delta;
            min = Math.min(min, delta);
            max = Math.max(max, delta);
        }
        return new Window(seconds, master, threads, wakeups, simulator, workers.size(), sum, min, max);
    }

    double cpuMicrosPerSecond() {
        return master.cpuSeconds() * 1e6 / seconds;
    }

    /**
     * CPU per second of the master's threads whose names start with one of {@code prefixes} (the comm names the
     * kernel keeps, at most 15 characters).
     */
    double cpuMicrosPerSecond(String... prefixes) {
        long ticks = threads.entrySet().stream().filter(e -> java.util.Arrays.stream(prefixes).anyMatch(
                e.getKey()::startsWith)).mapToLong(Map.Entry::getValue).sum();
        return ticks * 1e6 / ProcStats.TICKS_PER_SECOND / seconds;
    }

    double syscallsPerSecond() {
        return master.syscalls() / seconds;
    }

    double wakeupsPerSecond() {
        return wakeups / seconds;
    }

    double readPerSecond() {
        return master.readBytes() / seconds;
    }

    double writtenPerSecond() {
        return master.writtenBytes() / seconds;
    }

    double heartbeatsPerWorkerPerSecond() {
        return workers == 0 ? 0 : heartbeats / seconds / workers;
    }

    double minHeartbeatsPerSecond() {
        return minHeartbeats / seconds;
    }

    double maxHeartbeatsPerSecond() {
        return maxHeartbeats / seconds;
    }

    String describe() {
        String top = threads.entrySet().stream().filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())).limit(6)
                .map(e -> e.getKey() + " " + e.getValue() * 1000 / ProcStats.TICKS_PER_SECOND + " ms").collect(Collectors.joining(", "));
        return String.format("%.1f s, master CPU %.0f ms (%.1f %%), read %,d B, written %,d B, heartbeats %,d;"
                + " simulator CPU %.1f %%; master threads: %s", seconds, master.cpuSeconds() * 1000,
                cpuMicrosPerSecond() / 1e4, master.readBytes(), master.writtenBytes(), heartbeats,
                simulator.cpuSeconds() * 100 / seconds, top);
    }
}
