package io.sluice.rpc;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Asks monitored peers for a heartbeat every interval and declares a peer lost when nothing arrived for a
 * whole timeout: each peer has its own timer, restarted by every heartbeat, so "lost" happens exactly one
 * timeout after the last sign of life. Runs on its owner's main thread; settings can change at any time.
 */
public final class HeartbeatMonitor<K> {
    private final MainThreadExecutor mainThread;
    private final Consumer<K> requestHeartbeat;
    private final BiConsumer<K, String> onTimeout;
    private final Map<K, MainThreadExecutor.ScheduledTask> timeouts = new HashMap<>();
    private HeartbeatSettings settings;
    private MainThreadExecutor.ScheduledTask ticker;
    private boolean stopped;

    public HeartbeatMonitor(MainThreadExecutor mainThread, HeartbeatSettings settings, Consumer<K> requestHeartbeat,
            BiConsumer<K, String> onTimeout) {
        this.mainThread = mainThread;
        this.settings = settings;
        this.requestHeartbeat = requestHeartbeat;
        this.onTimeout = onTimeout;
        scheduleTick();
    }

    /** Starts watching {@code peer}; its timeout counts from now. */
    public void monitor(K peer) {
        restartTimeout(peer);
    }

    public void unmonitor(K peer) {
        MainThreadExecutor.ScheduledTask timeout = timeouts.remove(peer);
        if (timeout != null) {
            timeout.cancel();
        }
    }

    public boolean isMonitored(K peer) {
        return timeouts.containsKey(peer);
    }

    /** A heartbeat from {@code peer} arrived; ignored for peers not monitored. */
    public void received(K peer) {
        if (timeouts.containsKey(peer)) {
            restartTimeout(peer);
        }
    }

    /** New interval and timeout; running timeouts restart with the new length. */
    public void reconfigure(HeartbeatSettings newSettings) {
        settings = newSettings;
        if (ticker != null) {
            ticker.cancel();
        }
        scheduleTick();
        for (K peer : List.copyOf(timeouts.keySet())) {
            restartTimeout(peer);
        }
    }

    public HeartbeatSettings settings() {
        return settings;
    }

    public void stop() {
        stopped = true;
        if (ticker != null) {
            ticker.cancel();
        }
        timeouts.values().forEach(MainThreadExecutor.ScheduledTask::cancel);
        timeouts.clear();
    }

    private void scheduleTick() {
        if (stopped) {
            return;
        }
        ticker = mainThread.schedule(() -> {
            for (K peer : List.copyOf(timeouts.keySet())) {
                requestHeartbeat.accept(peer);
            }
            scheduleTick();
        }, settings.interval());
    }

    private void restartTimeout(K peer) {
        MainThreadExecutor.ScheduledTask previous = timeouts.put(peer, mainThread.schedule(() -> {
            timeouts.remove(peer);
            onTimeout.accept(peer, "no heartbeat for " + settings.timeout().toMillis() + " ms");
        }, settings.timeout()));
        if (previous != null) {
            previous.cancel();
        }
    }
}
