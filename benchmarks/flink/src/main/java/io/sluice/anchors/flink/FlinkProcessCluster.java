package io.sluice.anchors.flink;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Flink 2.1's standalone session cluster as separate JVMs, started the way flink-dist's jobmanager.sh and
 * taskmanager.sh start them (flink-dist is not on Maven Central): Flink's own entry points on the classpath Maven
 * resolved (target/cluster.classpath), the JVM memory flags and dynamic memory options that flink-dist's
 * BashJavaUtils derives from config.yaml, and the Java 17 flags of flink-dist's config.yaml. Each run has a fresh
 * folder with config.yaml, logs and temp files; {@link #close()} stops exactly the processes it started, by pid.
 */
final class FlinkProcessCluster implements AutoCloseable {
    private static final long GRACE_SECONDS = 15;
    /** env.java.opts.all of flink-dist's config.yaml: what Flink needs on Java 17. */
    private static final List<String> JAVA_17_OPTS = List.of(
            "--add-exports=java.base/sun.net.util=ALL-UNNAMED", "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.api=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.parser=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.tree=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.util=ALL-UNNAMED",
            "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.text=ALL-UNNAMED", "--add-opens=java.base/java.time=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");
    private final Path dir;
    private final String classpath;
    private final int restPort;
    private final Map<String, Process> processes = new LinkedHashMap<>();

    private FlinkProcessCluster(Path dir, String classpath, int restPort) {
        this.dir = dir;
        this.classpath = classpath;
        this.restPort = restPort;
    }

    /**
     * A fresh folder under {@code work} with flink-dist's config.yaml settings (ports on loopback, memory sizes),
     * 2 slots per TaskManager, and {@code extra} options (heartbeats, restart strategy) appended.
     */
    static FlinkProcessCluster create(Path project, Path work, Map<String, String> extra) throws IOException {
        Path dir = Files.createDirectories(work.resolve("flink-" + ProcessHandle.current().pid() + "-" + System.nanoTime()));
        Files.createDirectories(dir.resolve("log"));
        Files.createDirectories(dir.resolve("tmp"));
        String classpath = Files.readString(project.resolve("target/cluster.classpath"), StandardCharsets.UTF_8).trim()
                + ":" + project.resolve("target/classes"); // the job's functions, as a user jar in lib/ would be
        int restPort = freePort();
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("jobmanager.bind-host", "localhost");
        conf.put("jobmanager.rpc.address", "localhost");
        conf.put("jobmanager.rpc.port", Integer.toString(freePort()));
        conf.put("jobmanager.memory.process.size", "1600m");
        conf.put("jobmanager.execution.failover-strategy", "region");
        conf.put("taskmanager.bind-host", "localhost");
        conf.put("taskmanager.host", "localhost");
        conf.put("taskmanager.numberOfTaskSlots", "2");
        conf.put("taskmanager.memory.process.size", "1728m");
        conf.put("parallelism.default", "1");
        conf.put("rest.address", "localhost");
        conf.put("rest.bind-address", "localhost");
        conf.put("rest.port", Integer.toString(restPort));
        conf.put("io.tmp.dirs", dir.resolve("tmp").toString());
        conf.putAll(extra);
        StringBuilder yaml = new StringBuilder("# written by FlinkProcessCluster: flink-dist's config.yaml on loopback\n");
        conf.forEach((key, value) -> yaml.append(key).append(": ").append(value).append('\n'));
        Files.writeString(dir.resolve("config.yaml"), yaml.toString(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("log4j.properties"), """
                rootLogger.level = INFO
                rootLogger.appenderRef.file.ref = MainAppender
                appender.main.name = MainAppender
                appender.main.type = File
                appender.main.fileName = ${sys:log.file}
                appender.main.layout.type = PatternLayout
                appender.main.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n
                """, StandardCharsets.UTF_8);
        return new FlinkProcessCluster(dir, classpath, restPort);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    int restPort() {
        return restPort;
    }

    /**
     * The JVM flags and dynamic options flink-dist's scripts get from BashJavaUtils (GET_JM_RESOURCE_PARAMS or
     * GET_TM_RESOURCE_PARAMS), computed before the process starts, as the scripts do.
     */
    List<List<String>> resourceParams(String command) throws IOException, InterruptedException {
        Process utils = new ProcessBuilder("java", "-cp", classpath, "org.apache.flink.runtime.util.bash.BashJavaUtils",
                command, "--configDir", dir.toString()).redirectErrorStream(true).start();
        String output = new String(utils.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!utils.waitFor(60, TimeUnit.SECONDS) || utils.exitValue() != 0) {
            throw new IllegalStateException("BashJavaUtils " + command + " failed:\n" + output);
        }
        List<List<String>> results = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (line.startsWith("BASH_JAVA_UTILS_EXEC_RESULT:")) {
                String value = line.substring("BASH_JAVA_UTILS_EXEC_RESULT:".length()).trim();
                results.add(value.isEmpty() ? List.of() : Arrays.asList(value.split("\\s+")));
            }
        }
        if (results.size() != 2) {
            throw new IllegalStateException("BashJavaUtils " + command + ": expected 2 results:\n" + output);
        }
        return results;
    }

    /** Starts the JobManager (StandaloneSessionClusterEntrypoint) with params from {@link #resourceParams}. */
    long startJobManager(List<List<String>> params) throws IOException {
        return start("jobmanager", "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint", params,
                List.of());
    }

    /** Starts a TaskManager (TaskManagerRunner) whose resource id is {@code name}, as REST reports it. */
    long startTaskManager(String name, List<List<String>> params) throws IOException {
        return start(name, "org.apache.flink.runtime.taskexecutor.TaskManagerRunner", params,
                List.of("-D", "taskmanager.resource-id=" + name));
    }

    private long start(String name, String mainClass, List<List<String>> params, List<String> extraArgs)
            throws IOException {
        List<String> command = new ArrayList<>(List.of("java"));
        command.addAll(params.get(0));
        command.addAll(JAVA_17_OPTS);
        command.add("-Dlog.file=" + dir.resolve("log/" + name + ".log"));
        command.add("-Dlog4j.configurationFile=file:" + dir.resolve("log4j.properties"));
        command.addAll(List.of("-classpath", classpath, mainClass, "--configDir", dir.toString()));
        command.addAll(params.get(1));
        command.addAll(extraArgs);
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("log/" + name + ".out").toFile()).start();
        processes.put(name, process);
        return process.pid();
    }

    long pid(String name) {
        return processes.get(name).pid();
    }

    /** kill -9 of one started process, by its pid; waits (bounded) until it is gone. */
    void kill(String name) throws InterruptedException {
        Process process = processes.remove(name);
        process.destroyForcibly();
        process.waitFor(GRACE_SECONDS, TimeUnit.SECONDS);
    }

    String jobManagerLog() {
        try {
            return Files.readString(dir.resolve("log/jobmanager.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** SIGTERM to the TaskManagers, then the JobManager; SIGKILL to any still alive after the grace period. */
    @Override
    public void close() throws InterruptedException {
        List<Process> all = new ArrayList<>(processes.values());
        java.util.Collections.reverse(all); // TaskManagers first, the JobManager (started first) last
        for (Process process : all) {
            process.destroy();
        }
        for (Process process : all) {
            if (!process.waitFor(GRACE_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(GRACE_SECONDS, TimeUnit.SECONDS);
            }
        }
        processes.clear();
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
