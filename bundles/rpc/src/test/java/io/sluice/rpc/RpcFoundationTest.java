package io.sluice.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class RpcFoundationTest {
    private final ManualScheduler scheduler = new ManualScheduler();
    private final LocalRpcService rpc = new LocalRpcService(warning -> { });

    /** {@code target} served as the endpoint named like its main thread, and a gateway to it. */
    private <G> G gateway(Class<G> type, G target, MainThreadExecutor thread) {
        return rpc.connect(rpc.serve(thread.toString(), type, target, thread, null).address(), type);
    }

    public interface Greeter {
        CompletableFuture<String> greet(String name);

        void poke();
    }

    public interface NotAGateway {
        String blocking();
    }

    @Test
    void timersRunInDueOrderExactlyWhenTheClockReachesThemAndCancelledOnesNever() {
        MainThreadExecutor executor = scheduler.executor("x");
        List<String> ran = new ArrayList<>();
        executor.schedule(() -> ran.add("late"), Duration.ofSeconds(2));
        executor.schedule(() -> ran.add("early"), Duration.ofSeconds(1));
        executor.schedule(() -> ran.add("cancelled"), Duration.ofSeconds(1)).cancel();
        scheduler.advance(Duration.ofMillis(999));
        assertThat(ran).isEmpty();
        scheduler.advance(Duration.ofMillis(1));
        assertThat(ran).containsExactly("early");
        scheduler.advance(Duration.ofSeconds(5));
        assertThat(ran).containsExactly("early", "late");
        assertThat(scheduler.now()).isEqualTo(java.time.Instant.parse("2026-01-01T00:00:06Z"));
    }

    @Test
    void aGatewayCallRunsOnTheTargetsMainThreadAndCompletesWithItsResult() {
        MainThreadExecutor target = scheduler.executor("target");
        List<Boolean> onMainThread = new ArrayList<>();
        Greeter greeter = gateway(Greeter.class, new Greeter() {
            @Override
            public CompletableFuture<String> greet(String name) {
                onMainThread.add(target.isMainThread());
                return CompletableFuture.completedFuture("hello " + name);
            }

            @Override
            public void poke() {
                throw new IllegalStateException("poked");
            }
        }, target);
        CompletableFuture<String> answer = greeter.greet("sluice");
        assertThat(answer).isNotDone();
        scheduler.runAll();
        assertThat(answer).isCompletedWithValue("hello sluice");
        assertThat(onMainThread).containsExactly(true);
        greeter.poke(); // one-way: the failure stays with the target
        assertThat(scheduler.runAll()).isEqualTo(1);
    }

    @Test
    void onlyFutureOrVoidMethodsMakeAGateway() {
        assertThatThrownBy(() -> gateway(NotAGateway.class, () -> "x", scheduler.executor("t")))
                .hasMessageContaining("blocking must return CompletableFuture or void");
    }

    @Test
    void aPeerIsAskedEveryIntervalAndLostExactlyOneTimeoutAfterItsLastHeartbeat() {
        MainThreadExecutor executor = scheduler.executor("monitor");
        List<String> requests = new ArrayList<>();
        List<String> lost = new ArrayList<>();
        HeartbeatMonitor<String> monitor = new HeartbeatMonitor<>(executor,
                new HeartbeatSettings(Duration.ofSeconds(10), Duration.ofSeconds(30)), requests::add,
                (peer, cause) -> lost.add(peer + ": " + cause));
        monitor.monitor("te");
        scheduler.advance(Duration.ofSeconds(20));
        assertThat(requests).containsExactly("te", "te");
        monitor.received("te"); // at 20 s: lost at 50 s unless another arrives
        scheduler.advance(Duration.ofSeconds(30).minusMillis(1));
        assertThat(lost).isEmpty();
        scheduler.advance(Duration.ofMillis(1));
        assertThat(lost).containsExactly("te: no heartbeat for 30000 ms");
        assertThat(monitor.isMonitored("te")).isFalse();
    }

    @Test
    void heartbeatSettingsRejectATimeoutNotLongerThanTheInterval() {
        assertThatThrownBy(() -> new HeartbeatSettings(Duration.ofSeconds(10), Duration.ofSeconds(5)))
                .hasMessage("heartbeat.timeout (5000 ms) must be longer than heartbeat.interval (10000 ms): a peer"
                        + " gets at least one chance to answer");
        assertThatThrownBy(() -> new HeartbeatSettings(Duration.ofSeconds(10), Duration.ofSeconds(10)))
                .hasMessageStartingWith("heartbeat.timeout (10000 ms) must be longer");
    }

    private static Greeter silent() {
        return new Greeter() {
            @Override
            public CompletableFuture<String> greet(String name) {
                return new CompletableFuture<>(); // never answers
            }

            @Override
            public void poke() {
            }
        };
    }

    @Test
    void aCallWithoutAnswerFailsAfterTheAskTimeoutNamingEndpointAndMethod() {
        Greeter greeter = gateway(Greeter.class, silent(), scheduler.executor("sluice-taskexecutor-w1"));
        CompletableFuture<String> answer = greeter.greet("anyone");
        scheduler.advance(RpcTimeouts.askTimeout().minusMillis(1));
        assertThat(answer).isNotDone();
        scheduler.advance(Duration.ofMillis(1));
        assertThat(answer).failsWithin(Duration.ZERO).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withCauseInstanceOf(RpcException.class)
                .withMessageContaining("Greeter.greet: no answer from endpoint sluice-taskexecutor-w1 within 10000 ms"
                        + " (rpc.ask-timeout)");
    }

    @Test
    void aCallToAClosedEndpointFailsAtOnceNamingEndpointAndMethod() {
        ThreadMainThreadExecutor thread = new ThreadMainThreadExecutor("sluice-resourcemanager");
        Greeter greeter = gateway(Greeter.class, silent(), thread);
        thread.close();
        assertThat(greeter.greet("anyone")).failsWithin(Duration.ZERO)
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withCauseInstanceOf(RpcException.class)
                .withMessageContaining("Greeter.greet: endpoint sluice-resourcemanager is closed");
        greeter.poke(); // one-way: dropped, as a stopped process drops it
    }

    @Test
    void aCallAcceptedByAnEndpointThatThenClosesStillEndsAtTheAskTimeout() throws Exception {
        Duration before = RpcTimeouts.askTimeout();
        RpcTimeouts.setAskTimeout(Duration.ofMillis(200));
        ThreadMainThreadExecutor thread = new ThreadMainThreadExecutor("sluice-jobmaster-closing");
        try {
            java.util.concurrent.CountDownLatch called = new java.util.concurrent.CountDownLatch(1);
            Greeter greeter = gateway(Greeter.class, new Greeter() {
                @Override
                public CompletableFuture<String> greet(String name) {
                    called.countDown();
                    return new CompletableFuture<>(); // the answer was to come later, from a task that never runs
                }

                @Override
                public void poke() {
                }
            }, thread);
            CompletableFuture<String> answer = greeter.greet("anyone");
            assertThat(called.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            thread.close();
            assertThat(answer).failsWithin(Duration.ofSeconds(10))
                    .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .withMessageContaining("no answer from endpoint sluice-jobmaster-closing within 200 ms");
        } finally {
            RpcTimeouts.setAskTimeout(before);
            thread.close();
        }
    }

    @Test
    void anExecutorIsOnItsMainThreadOnlyWhileItsOwnTasksRun() {
        MainThreadExecutor first = scheduler.executor("first");
        MainThreadExecutor second = scheduler.executor("second");
        List<String> seen = new ArrayList<>();
        first.execute(() -> seen.add("first on its own: " + first.isMainThread() + ", on second's: "
                + second.isMainThread()));
        scheduler.runAll();
        assertThat(seen).containsExactly("first on its own: true, on second's: false");
        assertThat(first.isMainThread()).isFalse(); // the test thread is nobody's main thread
        assertThat(scheduler.executor("first")).isSameAs(first);
        assertThatThrownBy(first::assertMainThread).hasMessageStartingWith("called outside the component's main thread");
    }
}
