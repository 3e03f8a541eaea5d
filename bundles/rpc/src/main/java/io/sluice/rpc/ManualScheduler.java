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
 * replays the same interleaving every time. Not thread-safe: drive it from the test thread.
 */
public final class ManualScheduler {
    private final Deque<Runnable> ready = new ArrayDeque<>();
    private final PriorityQueue<Timer> timers =
            new PriorityQueue<>(Comparator.comparing(Timer::due).thenComparingLong(Timer::sequence));
    private Instant now;
    private long sequence;
    private boolean running;

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
        return new MainThreadExecutor() {
            @Override
            public void execute(Runnable task) {
                ready.add(task);
            }

            @Override
            public ScheduledTask schedule(Runnable task, Duration delay) {
                Timer timer = new Timer(now.plus(delay), sequence++, task);
                timers.add(timer);
                return () -> timer.cancelled = true;
            }

            @Override
            public Instant now() {
                return now;
            }

            /** Everything runs on the test thread, while the scheduler runs tasks. */
            @Override
            public boolean isMainThread() {
                return running;
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
        running = true;
        try {
            for (Runnable task = ready.poll(); task != null; task = ready.poll()) {
                task.run();
                count++;
            }
        } finally {
            running = false;
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
                ready.add(timer.task());
            }
            runAll();
        }
        now = target;
    }

    private static final class Timer {
        private final Instant due;
        private final long sequence;
        private final Runnable task;
        private boolean cancelled;

        Timer(Instant due, long sequence, Runnable task) {
            this.due = due;
            this.sequence = sequence;
            this.task = task;
        }

        Instant due() {
            return due;
        }

        long sequence() {
            return sequence;
        }

        Runnable task() {
            return task;
        }
    }
}
