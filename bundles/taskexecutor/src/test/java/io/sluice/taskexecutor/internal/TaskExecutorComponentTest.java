package io.sluice.taskexecutor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.sluice.api.job.ResourceProfile;
import io.sluice.api.slot.WorkerId;
import io.sluice.registry.OperatorCatalog;
import io.sluice.rpc.HeartbeatSettings;
import io.sluice.rpc.gateway.ResourceManagerGateway;
import io.sluice.rpc.gateway.SlotReport;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.log.Logger;

class TaskExecutorComponentTest {
    private static final Duration BOUND = Duration.ofSeconds(10);

    @TempDir
    Path data;

    /** What the ResourceManager heard, in order: "register w3 2" (worker, slots) or "disconnect w3". */
    private final List<String> resourceManagerCalls = new CopyOnWriteArrayList<>();
    /** Every log call: "error <message with the arguments filled in>". */
    private final List<String> logged = new CopyOnWriteArrayList<>();
    private LocalShuffle shuffle;
    private TaskExecutorComponent component;

    @AfterEach
    void stop() throws Exception {
        if (component != null) {
            component.deactivate();
        }
        if (shuffle != null) {
            shuffle.deactivate();
        }
    }

    @Test
    void theWorkerIdComesFromTheConfigurationOrItsName() {
        assertThat(TaskExecutorComponent.workerId(Map.of("taskexecutor.id", "w7", "service.pid", "x~y"))).isEqualTo("w7");
        assertThat(TaskExecutorComponent.workerId(Map.of("service.pid", "io.sluice.taskexecutor~embedded-1a2b")))
                .isEqualTo("embedded-1a2b");
    }

    @Test
    void heartbeatsAreConfigurationAndTheTimeoutMustExceedTheInterval() {
        assertThat(TaskExecutorComponent.parse(Map.of()).heartbeat()).isEqualTo(HeartbeatSettings.DEFAULT);
        assertThat(TaskExecutorComponent.parse(Map.of("heartbeat.interval", "2s", "heartbeat.timeout", "7s"))
                .heartbeat()).isEqualTo(new HeartbeatSettings(Duration.ofSeconds(2), Duration.ofSeconds(7)));
        assertThatThrownBy(() -> TaskExecutorComponent.parse(
                Map.of("heartbeat.interval", "10s", "heartbeat.timeout", "10s")))
                .hasMessageStartingWith("heartbeat.timeout (10000 ms) must be longer than heartbeat.interval");
        assertThatThrownBy(() -> TaskExecutorComponent.parse(Map.of("heartbeat.interval", "0s")))
                .hasMessage("heartbeat.interval must be positive, got 0s");
    }

    @Test
    void everySettingIsReadWithTheFrameworksKeysIgnored() {
        TaskExecutorComponent.Settings settings = TaskExecutorComponent.parse(Map.of("service.pid",
                "io.sluice.taskexecutor~w3", "service.factoryPid", "io.sluice.taskexecutor", "component.id", 12L,
                "felix.fileinstall.filename", "file:/sluice/conf/io.sluice.taskexecutor-w3.cfg",
                "taskexecutor.slots", "4", "taskexecutor.slot.cpu", "0.5", "taskexecutor.slot.heap-mb", 256,
                "taskexecutor.slot.managed-mb", "64", "resourceManager.target", "(x=y)"));
        assertThat(settings).isEqualTo(new TaskExecutorComponent.Settings(new WorkerId("w3"), 4,
                new ResourceProfile(500, 256, 64), HeartbeatSettings.DEFAULT));
        assertThat(TaskExecutorComponent.parse(Map.of("taskexecutor.id", "named", "service.pid", "x~y")).id())
                .isEqualTo(new WorkerId("named"));
    }

    @Test
    void eachBadValueIsNamedWithItsKey() {
        assertBad(Map.of("taskexecutor.slots", "-4"), "taskexecutor.slots must be >= 1, got -4");
        assertBad(Map.of("taskexecutor.slots", "0"), "taskexecutor.slots must be >= 1, got 0");
        assertBad(Map.of("taskexecutor.slots", "abc"), "taskexecutor.slots: expected an integer, got 'abc'");
        assertBad(Map.of("taskexecutor.slot.cpu", "-1"), "taskexecutor.slot.cpu must be >= 0, got -1.0");
        assertBad(Map.of("taskexecutor.slot.cpu", "NaN"), "taskexecutor.slot.cpu must be >= 0, got NaN");
        assertBad(Map.of("taskexecutor.slot.cpu", "1e12"), "taskexecutor.slot.cpu must be at most 2147483, got 1.0E12");
        assertBad(Map.of("taskexecutor.slot.heap-mb", "-1"), "taskexecutor.slot.heap-mb must be >= 0, got -1");
        assertBad(Map.of("taskexecutor.slot.managed-mb", "-2"), "taskexecutor.slot.managed-mb must be >= 0, got -2");
    }

    @Test
    void anUnknownKeyIsAnErrorWithTheKeyItMostLikelyMeant() {
        assertThatThrownBy(() -> TaskExecutorComponent.parse(Map.of("service.pid", "io.sluice.taskexecutor~w3",
                "taskexecutor.slotz", "3")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown option 'taskexecutor.slotz' (did you mean 'taskexecutor.slots'?); known: ")
                .hasMessageContaining("taskexecutor.slot.cpu");
    }

    @Test
    void anInvalidFirstConfigurationStartsNoWorkerUntilAValidOneArrives() throws Exception {
        Map<String, Object> bad = config("taskexecutor.slots", "-4");
        component = activate(bad);

        assertThat(errors()).containsExactly("error " + file() + " rejected, TaskExecutor w3 does not start until it"
                + " is fixed: taskexecutor.slots must be >= 1, got -4");
        component.modified(config("taskexecutor.slotz", "3"));
        assertThat(errors()).hasSize(2).last().asString().contains(file() + " rejected",
                "'taskexecutor.slotz' (did you mean 'taskexecutor.slots'?)");
        assertThat(resourceManagerCalls).isEmpty();

        component.modified(config("taskexecutor.slots", "2"));
        await().atMost(BOUND).until(() -> resourceManagerCalls.equals(List.of("register w3 2")));
    }

    @Test
    void anInvalidChangeLeavesTheRunningWorkerAsItIs() throws Exception {
        component = activate(config("taskexecutor.slots", "2"));
        await().atMost(BOUND).until(() -> resourceManagerCalls.equals(List.of("register w3 2")));

        component.modified(config("taskexecutor.slots", "-4"));
        component.modified(config("taskexecutor.slotz", "3"));
        component.modified(config("taskexecutor.slots", "2", "taskexecutor.slot.cpu", "-1"));

        assertThat(errors()).containsExactly(
                "error " + file() + " rejected, the running settings stay: taskexecutor.slots must be >= 1, got -4",
                "error " + file() + " rejected, the running settings stay: unknown option 'taskexecutor.slotz'"
                        + " (did you mean 'taskexecutor.slots'?); known: heartbeat.interval, heartbeat.timeout,"
                        + " taskexecutor.id, taskexecutor.slot.cpu, taskexecutor.slot.heap-mb,"
                        + " taskexecutor.slot.managed-mb, taskexecutor.slots",
                "error " + file() + " rejected, the running settings stay: taskexecutor.slot.cpu must be >= 0, got -1.0");
        assertThat(resourceManagerCalls).containsExactly("register w3 2");
        assertThat(logged).noneMatch(line -> line.contains("stopped"));
    }

    @Test
    void theSameSettingsChangeNothingAndNewOnesRestartTheWorker() throws Exception {
        component = activate(config("taskexecutor.slots", "2"));
        await().atMost(BOUND).until(() -> resourceManagerCalls.equals(List.of("register w3 2")));

        component.modified(config("taskexecutor.slots", "2"));
        assertThat(resourceManagerCalls).containsExactly("register w3 2");

        component.modified(config("taskexecutor.slots", "3"));
        await().atMost(BOUND).until(() -> resourceManagerCalls.equals(
                List.of("register w3 2", "disconnect w3", "register w3 3")));
        assertThat(logged).anyMatch(line -> line.startsWith("info TaskExecutor w3 restarts with the new settings of "
                + file() + ": 3 slots of"));
        assertThat(errors()).isEmpty();

        component.deactivate();
        component = null;
        assertThat(resourceManagerCalls).containsExactly("register w3 2", "disconnect w3", "register w3 3",
                "disconnect w3");
    }

    private void assertBad(Map<String, ?> properties, String message) {
        assertThatThrownBy(() -> TaskExecutorComponent.parse(properties))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    private String file() {
        return data.resolve("conf").resolve("io.sluice.taskexecutor-w3.cfg").toString();
    }

    private Map<String, Object> config(String... keysAndValues) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("service.pid", "io.sluice.taskexecutor~w3");
        properties.put("service.factoryPid", "io.sluice.taskexecutor");
        properties.put("felix.fileinstall.filename", Path.of(file()).toUri().toString());
        properties.put("component.name", TaskExecutorComponent.class.getName());
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return properties;
    }

    private TaskExecutorComponent activate(Map<String, Object> properties) throws Exception {
        shuffle = new LocalShuffle(logger(), data);
        return new TaskExecutorComponent(new io.sluice.rpc.LocalRpcService(warning -> { }),
                () -> io.sluice.rpc.ProcessRole.EMBEDDED, resourceManager(), shuffle, OperatorCatalog.of(Map.of()), logger(), null,
                properties);
    }

    private List<String> errors() {
        return logged.stream().filter(line -> line.startsWith("error ")).toList();
    }

    private ResourceManagerGateway resourceManager() {
        return (ResourceManagerGateway) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ResourceManagerGateway.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "registerTaskExecutor" -> {
                            resourceManagerCalls.add("register " + args[0] + " " + ((SlotReport) args[2]).slots().size());
                            return CompletableFuture.completedFuture(null);
                        }
                        case "disconnectTaskExecutor" -> resourceManagerCalls.add("disconnect " + args[0]);
                        case "heartbeatFromTaskExecutor", "notifySlotAvailable" -> { }
                        default -> throw new UnsupportedOperationException(method.getName());
                    }
                    return null;
                });
    }

    /** Records each call with its {} placeholders filled in; a Throwable argument would add "+trace". */
    private Logger logger() {
        return (Logger) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Logger.class},
                (proxy, method, args) -> {
                    if (method.getReturnType() == boolean.class) {
                        return Boolean.TRUE;
                    }
                    if (args != null && args.length > 0 && args[0] instanceof String format) {
                        StringBuilder line = new StringBuilder(method.getName()).append(' ');
                        Object[] values = args.length == 2 && args[1] instanceof Object[] array ? array
                                : java.util.Arrays.copyOfRange(args, 1, args.length);
                        int next = 0;
                        int at = 0;
                        for (int brace = format.indexOf("{}"); brace >= 0; brace = format.indexOf("{}", at)) {
                            line.append(format, at, brace).append(next < values.length ? values[next++] : "{}");
                            at = brace + 2;
                        }
                        line.append(format.substring(at));
                        for (; next < values.length; next++) {
                            if (values[next] instanceof Throwable) {
                                line.append(" +trace");
                            }
                        }
                        logged.add(line.toString());
                    }
                    return null;
                });
    }
}
