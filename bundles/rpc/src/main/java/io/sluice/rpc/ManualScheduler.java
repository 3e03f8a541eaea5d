package io.sluice.rpc;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.PriorityQueue;

/**
 * A deterministic stand-in for every component's main thread and clock: tasks queue up until
 * {@link #runAll()}, and time moves only with {@link #advance(Duration)}, which runs timers as they fall due.
 * One scheduler can host a whole cluster (each component gets its own {@link #executor(String)}), so a test
 * replays the same interleaving every time. An executor is on its main thread only while one of its own tasks
 * runs, so a component touching another's state fails its {@code assertMainThread} as it would on real threads.
 * Not thread-safe: drive it from the test thread.
 */
public final class ManualScheduler {
    private final Deque<Queued> ready = new ArrayDeque<>();
    private final java.util.Map<String, MainThreadExecutor> executors = new java.util.HashMap<>();
    private final PriorityQueue<Timer> timers =
            new PriorityQueue<>(Comparator.comparing(Timer::due).thenComparingLong(Timer::sequence));
    private Instant now;
    private long sequence;
    /** The executor whose task runs now, or {@code null}: only it is on its main thread. */
    private MainThreadExecutor current;

    private record Queued(MainThreadExecutor executor, Runnable task) {
    }

    public ManualScheduler(Instant start) {
        this.now = start;
    }

    public ManualScheduler() {
        this(Instant.parse("2026-01-01T00:00:00Z"));
    }

    public Instant now() {
        return now;
    }

    /** A main-thread executor named {@code name} on this scheduler. */
    public MainThreadExecutor executor(String name) {
        return executors.computeIfAbsent(name, this::newExecutor);
    }

    private MainThreadExecutor newExecutor(String name) {
        return new MainThreadExecutor() {
            @Override
            public void execute(Runnable task) {
                ready.add(new Queued(this, task));
            }

            @Override
            public ScheduledTask schedule(Runnable task, Duration delay) {
                Timer timer = new Timer(now.plus(delay), sequence++, new Queued(this, task));
                timers.add(timer);
                return () -> timer.cancelled = true;
            }

            @Override
            public Instant now() {
                return now;
            }

            /** Only while one of this executor's own tasks runs: touching another component's state is caught. */
            @Override
            public boolean isMainThread() {
                return current == this;
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    /** Runs queued tasks, and the tasks they queue, until none is left; returns how many ran. */
    public int runAll() {
        int count = 0;
        MainThreadExecutor previous = current;
        try {
            for (Queued queued = ready.poll(); queued != null; queued = ready.poll()) {
                current = queued.executor();
                queued.task().run();
                count++;
            }
        } finally {
            current = previous;
        }
        return count;
    }

    /** Moves the clock forward, running each timer (and what it queues) at its due time, in order. */
    public void advance(Duration duration) {
        Instant target = now.plus(duration);
        runAll();
        while (!timers.isEmpty() && !timers.peek().due().isAfter(target)) {
            Timer timer = timers.poll();
            now = timer.due();
            if (!timer.cancelled) {
                ready.add(timer.queued());
            }
            runAll();
        }
        now = target;
    }

    private static final class Timer {
        private final Instant due;
        private final long sequence;
        private final Queued queued;
        private boolean cancelled;

        Timer(Instant due, long sequence, Queued queued) {
            this.due = due;
            this.sequence = sequence;
            this.queued = queued;
        }

        Instant due() {
            return due;
        }

        long sequence() {
            return sequence;
        }

        Queued queued() {
            return queued;
        }
    }
}
