package io.sluice.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.sluice.api.job.IntermediateDataSet;
import io.sluice.api.job.IntermediateDataSetId;
import io.sluice.api.job.IntermediateResultPartitionId;
import io.sluice.api.job.JobGraph;
import io.sluice.api.job.JobVertex;
import io.sluice.api.job.ResourceProfile;
import io.sluice.executiongraph.ExecutionGraph;
import io.sluice.executiongraph.ExecutionJobVertex;
import io.sluice.executiongraph.PartitionGroup;
import io.sluice.jobmaster.JobChecks;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzes the path a job file takes through {@code sluice run} and {@code sluice plan} ({@link JobInput#load}: read,
 * relative paths, {@code --set}, compile, {@link JobChecks}): 10,000 job files made from the examples and hand-written
 * jobs by truncation, bit flips, deleted and duplicated characters, swapped JSON types, huge, negative and fractional
 * numbers, unknown names, random graphs, deep nesting, long strings, control characters and bytes that are not UTF-8.
 * Each must either pass or be refused with an {@link IllegalArgumentException} whose message a user can read; anything
 * else is a defect of the validation, and every one found is reported with the seed, the case and the file text.
 * A refusal must also name the job, the file or the {@code --set} option (the contract of {@link JobInput#load} and
 * docs/job-files.md), and an accepted job must be the job of its file: unique data set ids, every task reading from
 * the producers its edges name, and resources kept exactly as written (not rounded, clamped or wrapped around).
 *
 * <p>The defects this test found when it was written (issue 11 item 9), left for the main code to fix: a NUL
 * character in a {@code path} parameter escapes {@code JobFiles.withPathsRelativeTo} as a raw InvalidPathException;
 * out-of-range resources escape {@code ResourceProfile}'s constructor (from {@code JobFiles.Reader.resources} and from
 * {@code JobCompiler.resources} adding a chain up) without the job's name and as "must not be negative"; resources
 * are silently rounded ({@code heapMb 0.5}, {@code cpu 0.0001}), clamped ({@code heapMb 1e10}) or wrapped
 * ({@code cpu 4294967.296} becomes 0); and operator ids like {@code a}, {@code a->b}, {@code b->c}, {@code c} (or
 * {@code b}, {@code b@1}) give two data sets one id, so the ExecutionGraph connects a consumer to the wrong producer.
 *
 * <p>Reproduce a run with {@code -Dsluice.fuzz.seed=<seed>}; {@code -Dsluice.fuzz.cases=<n>} changes the number of cases.
 */
class JobFileFuzzTest {
    private static final long SEED = Long.getLong("sluice.fuzz.seed", 0x5EED_11_09L);
    private static final int CASES = Integer.getInteger("sluice.fuzz.cases", 10_000);
    private static final int REPORTED = 20;
    private static final boolean VERBOSE = Boolean.getBoolean("sluice.fuzz.verbose");

    /** Reads what JobFiles reads (comments, trailing commas), but keeps duplicate keys so they can be mutated. */
    private static final ObjectMapper LENIENT = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS, JsonReadFeature.ALLOW_TRAILING_COMMA)
            .disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final List<String> TYPES = List.of("sequence-source", "text-source", "identity", "discard-sink",
            "file-sink", "to-pair", "sum", "count", "tokenize", "rolling-sum", "fail", "print-sink");
    private static final List<String> TRANSFORMS = List.of("identity", "to-pair", "sum", "count", "tokenize",
            "rolling-sum", "fail");
    private static final List<String> SINKS = List.of("discard-sink", "file-sink", "print-sink");
    private static final List<String> PARTITIONERS = List.of("forward", "rescale", "rebalance", "random", "hash",
            "broadcast");
    /** Ids that may collide once joined into data set ids ({@code from->to}, {@code @n}) or task ids ({@code id#n}). */
    private static final List<String> TRICKY_IDS = List.of("a", "b", "c", "a->b", "b->c", "b@1", "a->b@1", "x#0", "x",
            "#", "@", "->", "\u00e9t\u00e9", "\ud83d\ude00", " a", "a ", "A", "src", "out", "default");
    private static final List<String> UNKNOWN_NAMES = List.of("parallelsim", "typo", "", " ", "Parallelism", "id ",
            "\u0000", "\u202e", "params.from", "restart", "a.b", "__proto__", "constructor", "null");

    /** One generated job file: its bytes, the --set overrides and how it was made. */
    private record Case(byte[] bytes, List<String> overrides, String how) {
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a hang fails instead of blocking the build
    void everyGeneratedJobFileIsAcceptedOrRefusedWithAMessage(@TempDir Path dir) throws Exception {
        prepareFiles(dir);
        List<String> seeds = seeds();
        TestPlugins plugins = new TestPlugins();
        JobChecks checks = plugins.checks();
        Random random = new Random(SEED);
        int valid = 0;
        int refused = 0;
        int defects = 0;
        Map<String, Integer> signatures = new LinkedHashMap<>(); // distinct defects, in the order found
        List<String> reported = new ArrayList<>(); // the first case of each distinct defect, then later ones
        List<String> later = new ArrayList<>();
        Map<String, Integer> shapes = new java.util.TreeMap<>();
        long slowest = 0;
        long loading = 0;
        long began = System.nanoTime();
        String slowestCase = "";
        for (int i = 0; i < CASES; i++) {
            long caseSeed = random.nextLong();
            Case generated = generate(new Random(caseSeed), seeds);
            // a new file each time: rewriting one file makes ext4 flush it to disk (auto_da_alloc), 10,000 times
            Path file = dir.resolve("job-" + i + ".json");
            Files.write(file, generated.bytes());
            JobInput input = new JobInput();
            input.file = file;
            input.overrides = new ArrayList<>(generated.overrides());
            long started = System.nanoTime();
            String problem = null;
            Throwable thrown = null;
            JobInput.Job job = null;
            try {
                job = input.load(TestPlugins.OPERATORS, checks);
                if (job == null || job.checked() == null || job.spec() == null) {
                    problem = "load returned " + job;
                }
            } catch (IllegalArgumentException e) {
                problem = badRefusal(e, file);
                thrown = problem == null ? null : e;
                if (problem == null && VERBOSE) {
                    String shape = e.getMessage().replaceAll("'[^']*'", "'_'").replaceAll("[0-9]+", "N");
                    shapes.merge(shape.substring(0, Math.min(90, shape.length())), 1, Integer::sum);
                }
            } catch (Throwable t) { // StackOverflowError and OutOfMemoryError included: each is a defect
                problem = "uncaught " + t.getClass().getName();
                thrown = t;
            }
            long micros = (System.nanoTime() - started) / 1000;
            loading += micros;
            if (micros > slowest) {
                slowest = micros;
                slowestCase = "case " + i + " (" + shorten(generated.how(), 200) + ")";
            }
            if (problem == null && job != null) {
                String wrong = graphProblem(job);
                wrong = wrong != null ? wrong : resourceProblem(job, generated);
                problem = wrong == null ? null : "accepted, but " + wrong;
            }
            if (problem == null && micros > 2_000_000) {
                problem = "took " + micros / 1000 + " ms";
            }
            Files.delete(file);
            if (problem == null) {
                if (job != null) {
                    valid++;
                } else {
                    refused++;
                }
                continue;
            }
            defects++;
            String signature = shorten(problem.replaceAll("'[^']*'", "'_'").replaceAll("[0-9][0-9.E+-]*", "N"), 150)
                    + (thrown == null ? "" : " at " + topFrame(thrown));
            boolean first = !signatures.containsKey(signature);
            signatures.merge(signature, 1, Integer::sum);
            if (first && reported.size() < REPORTED) {
                reported.add(describe(i, caseSeed, generated, problem, thrown));
            } else if (later.size() < REPORTED) {
                later.add(describe(i, caseSeed, generated, problem, thrown));
            }
        }
        reported.addAll(later.subList(0, Math.min(later.size(), REPORTED - reported.size())));
        StringBuilder summary = new StringBuilder().append("job file fuzz, seed ").append(SEED).append(": ")
                .append(CASES).append(" cases, ").append(valid).append(" valid, ").append(refused).append(" refused, ")
                .append(defects).append(" defects (").append(signatures.size()).append(" distinct); ")
                .append((System.nanoTime() - began) / 1_000_000).append(" ms in all, ").append(loading / 1000)
                .append(" ms in JobInput.load, slowest ")
                .append(slowest / 1000).append(" ms, ").append(slowestCase);
        signatures.forEach((signature, count) -> summary.append("\n  ").append(count).append(" x ").append(signature));
        System.out.println(summary);
        reported.forEach(System.out::println);
        shapes.forEach((shape, count) -> System.out.println(count + "\t" + printable(shape)));

        assertThat(reported).as("%s%n%nthe first case of each defect:%n%s", summary, String.join("\n", reported))
                .isEmpty();
        assertThat(valid).as("valid cases (a fuzzer that only makes broken files tests nothing)").isGreaterThan(300);
        assertThat(refused).as("refused cases (a checker that accepts everything checks nothing)").isGreaterThan(3000);
    }

    /**
     * Why a refusal is not one a user can act on, or null if it is. Besides the rules of the issue (a message, not a
     * raw exception) it holds JobInput.load to its contract, which docs/job-files.md states as "every problem is
     * reported with the job, the element and the rule": the message starts with the job ({@code job 'name': }), the
     * file, or the {@code --set} option, and the exception is not one the JDK threw (InvalidPathException,
     * NumberFormatException... are subclasses of IllegalArgumentException that got through unwrapped).
     */
    private static String badRefusal(IllegalArgumentException e, Path file) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return "IllegalArgumentException without a message";
        }
        if (e.getClass() != IllegalArgumentException.class && e.getClass().getName().startsWith("java.")) {
            return "uncaught " + e.getClass().getName();
        }
        if (!message.startsWith("job '") && !message.contains(file.toString()) && !message.startsWith("--set ")) {
            return "message names neither the job, the file nor the option";
        }
        if (message.startsWith("java.") || message.startsWith("javax.") || message.startsWith("com.fasterxml.")) {
            return "message is a raw Java exception";
        }
        if (namesAThrowable(message, "Exception") || namesAThrowable(message, "Error")) {
            return "message names an exception class";
        }
        return null;
    }

    /**
     * Why the graph of an accepted job is not the job of the file, or null: every data set has its own id, and every
     * task reads, input by input, from the producers its job vertex has edges from (ids such as {@code a->b} and
     * {@code b@1} can make {@code from->to} data set ids collide, and the ExecutionGraph then wires the wrong producer).
     */
    private static String graphProblem(JobInput.Job job) {
        JobGraph graph = job.graph();
        Set<IntermediateDataSetId> dataSets = new HashSet<>();
        for (JobVertex vertex : graph.vertices()) {
            for (IntermediateDataSet dataSet : vertex.producedDataSets()) {
                if (!dataSets.add(dataSet.id())) {
                    return "two data sets have the id '" + dataSet.id() + "'";
                }
            }
        }
        ExecutionGraph tasks = job.checked().graph();
        for (ExecutionJobVertex vertex : tasks.jobVertices()) {
            List<String> expected = new ArrayList<>();
            vertex.jobVertex().inputs().forEach(edge -> expected.add(edge.source().producer().id().toString()));
            List<String> actual = new ArrayList<>();
            for (PartitionGroup group : vertex.vertices().get(0).getConsumedPartitionGroups()) {
                IntermediateResultPartitionId first = group.iterator().next();
                actual.add(tasks.getResultPartition(first).getProducer().getId().jobVertexId().toString());
            }
            expected.sort(null);
            actual.sort(null);
            if (!expected.equals(actual)) {
                return "task " + vertex.vertices().get(0).getId() + " has edges from " + expected + " but reads from "
                        + actual;
            }
        }
        return null;
    }

    /**
     * Why the resources of an accepted job are not those of its file, or null: a value the profile cannot hold
     * exactly (heapMb 1e10, heapMb 0.5, cpu 0.0001) must be refused, not rounded or clamped into another job.
     */
    private static String resourceProblem(JobInput.Job job, Case generated) {
        JsonNode operators;
        try {
            operators = LENIENT.readTree(generated.bytes()).get("operators");
        } catch (IOException e) {
            return "the file does not parse again: " + e.getMessage();
        }
        for (int i = 0; i < operators.size(); i++) {
            JsonNode resources = operators.get(i).get("resources");
            if (resources == null || !resources.isObject()) {
                continue;
            }
            ResourceProfile profile = job.spec().operators().get(i).resources();
            int[] actual = {profile.cpuMilliCores(), profile.heapMb(), profile.managedMb()};
            String[] fields = {"cpu", "heapMb", "managedMb"};
            for (int f = 0; f < fields.length; f++) {
                JsonNode value = resources.get(fields[f]);
                boolean infinite = value != null && value.isFloatingPointNumber() && !Double.isFinite(value.doubleValue());
                BigDecimal expected = value == null || value.isNull() || infinite ? BigDecimal.ZERO
                        : f == 0 ? value.decimalValue().movePointRight(3) : value.decimalValue();
                if (infinite || expected.compareTo(BigDecimal.valueOf(actual[f])) != 0) {
                    return "operator #" + (i + 1) + " asked for " + fields[f] + " " + value + " and got "
                            + (f == 0 ? actual[f] + " milli-cores" : actual[f] + " MB");
                }
            }
        }
        return null;
    }

    /** Whether {@code suffix} ends a word of at least one more letter, as in a class name (linear: messages may be long). */
    private static boolean namesAThrowable(String message, String suffix) {
        for (int at = message.indexOf(suffix, 1); at >= 0; at = message.indexOf(suffix, at + 1)) {
            int end = at + suffix.length();
            if (Character.isLetter(message.charAt(at - 1))
                    && (end == message.length() || !Character.isLetterOrDigit(message.charAt(end)))) {
                return true;
            }
        }
        return false;
    }

    /** Where it was thrown, and the first frame of Sluice below that: the code that let it through. */
    private static String topFrame(Throwable t) {
        StackTraceElement[] frames = t.getStackTrace();
        if (frames.length == 0) {
            return "?";
        }
        String where = frame(frames[0]);
        for (int f = 1; f < frames.length; f++) {
            if (frames[f].getClassName().startsWith("io.sluice.")) {
                return where + " from " + frame(frames[f]);
            }
        }
        return where;
    }

    private static String frame(StackTraceElement frame) {
        String name = frame.getClassName();
        return name.substring(name.lastIndexOf('.') + 1) + "." + frame.getMethodName() + ":" + frame.getLineNumber();
    }

    private static String describe(int index, long caseSeed, Case generated, String problem, Throwable thrown) {
        StringBuilder text = new StringBuilder().append("--- seed ").append(SEED).append(" case ").append(index)
                .append(" (case seed ").append(caseSeed).append("L), made by: ").append(generated.how())
                .append("\n    problem: ").append(problem);
        if (thrown != null) {
            text.append("\n    thrown: ").append(shorten(String.valueOf(thrown), 300));
            StackTraceElement[] frames = thrown.getStackTrace();
            for (int f = 0; f < Math.min(8, frames.length); f++) {
                text.append("\n      at ").append(frames[f]);
            }
        }
        if (!generated.overrides().isEmpty()) {
            text.append("\n    --set ").append(printable(String.join(" --set ", generated.overrides())));
        }
        String file = new String(generated.bytes(), StandardCharsets.UTF_8);
        text.append("\n    file (").append(generated.bytes().length).append(" bytes): ")
                .append(shorten(printable(file), 3000));
        return text.toString();
    }

    private static String shorten(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max / 2) + " [... " + (text.length() - max)
                + " chars ...] " + text.substring(text.length() - max / 2);
    }

    /** Control characters as \\uXXXX, so that the report shows the file as it was. */
    private static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\n' || c == 0x7f || c == '\ufffd' || Character.isSurrogate(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    // ---- files next to the job file and seeds ---------------------------------------------------------------------

    /** What the jobs' relative paths may refer to: an input file, the examples' data, a folder, no output yet. */
    private static void prepareFiles(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/hamlet.txt"), "To be, or not to be, that is the question:\n"
                + "Whether 'tis nobler in the mind to suffer\n");
        Files.writeString(dir.resolve("input.txt"), "a b c\nb c\n");
        Files.write(dir.resolve("latin1.txt"), new byte[] {'c', 'a', 'f', (byte) 0xe9, '\n'});
        Files.createDirectories(dir.resolve("a-folder"));
    }

    private static List<String> seeds() throws IOException {
        Path examples = Path.of("../../examples");
        assertThat(examples.resolve("wordcount.json")).as("the examples, read from the module's folder").exists();
        List<String> seeds = new ArrayList<>();
        try (Stream<Path> files = Files.list(examples)) {
            for (Path example : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                seeds.add(Files.readString(example));
            }
        }
        assertThat(seeds).as("job files in %s", examples.toAbsolutePath().normalize()).hasSizeGreaterThanOrEqualTo(5);
        seeds.addAll(HAND_WRITTEN);
        return seeds;
    }

    /** Valid jobs that use what the examples leave out. */
    private static final List<String> HAND_WRITTEN = List.of("""
            {"name": "every-operator",
             // comments and trailing commas are allowed
             "config": {"scheduler": "pipelined-region", "failover": "restart-all", "chaining": "false",
                        "restart": {"strategy": "fixed-delay", "attempts": 0, "delay": "2min"},},
             "operators": [
               {"id": "text", "type": "text-source", "parallelism": 3, "params": {"path": "input.txt"}},
               {"id": "words", "type": "tokenize", "parallelism": 3},
               {"id": "counts", "type": "count", "parallelism": 2},
               {"id": "print", "type": "print-sink", "parallelism": 1},
               {"id": "numbers", "type": "sequence-source", "parallelism": 2, "params": {"from": -5, "to": 5}},
               {"id": "pairs", "type": "to-pair", "parallelism": 2, "params": {"keys": 3}},
               {"id": "boom", "type": "fail", "parallelism": 2, "params": {"subtask": 1, "atRecord": 4}},
               {"id": "sums", "type": "sum", "parallelism": 4},
               {"id": "rolling", "type": "rolling-sum", "parallelism": 4},
               {"id": "files", "type": "file-sink", "parallelism": 4, "params": {"path": "out/every"}},
               {"id": "nothing", "type": "discard-sink", "parallelism": 1}
             ],
             "edges": [
               {"from": "text", "to": "words", "partitioner": "forward", "exchange": "pipelined"},
               {"from": "words", "to": "counts", "partitioner": "hash", "exchange": "blocking"},
               {"from": "counts", "to": "print", "partitioner": "rebalance"},
               {"from": "numbers", "to": "pairs"},
               {"from": "pairs", "to": "boom", "partitioner": "rescale", "exchange": "pipelined"},
               {"from": "boom", "to": "sums", "partitioner": "hash", "exchange": "blocking"},
               {"from": "sums", "to": "rolling", "partitioner": "forward", "exchange": "blocking"},
               {"from": "rolling", "to": "files", "partitioner": "random"},
               {"from": "counts", "to": "nothing", "partitioner": "broadcast", "exchange": "BLOCKING"},
             ]}
            """, """
            {"name": "co-located",
             "config": {"failover": "region", "restart": {"attempts": 5, "delay": 250}},
             "operators": [
               {"id": "left", "type": "sequence-source", "parallelism": 2, "params": {"from": 1, "to": 1e3},
                "slotSharingGroup": "pair", "coLocationGroup": "together", "resources": {"cpu": 0.25, "heapMb": 64}},
               {"id": "right", "type": "sequence-source", "parallelism": 2, "params": {"from": "1", "to": "10"},
                "slotSharingGroup": "pair", "coLocationGroup": "together",
                "resources": {"cpu": 1, "heapMb": 32, "managedMb": 16}},
               {"id": "merge", "type": "identity", "parallelism": 2, "slotSharingGroup": "pair",
                "resources": {"cpu": 0.5, "heapMb": 128, "managedMb": 0}},
               {"id": "sink", "type": "discard-sink", "parallelism": 1, "slotSharingGroup": "other"}
             ],
             "edges": [
               {"from": "left", "to": "merge", "partitioner": "forward", "exchange": "pipelined"},
               {"from": "right", "to": "merge", "partitioner": "hash", "exchange": "blocking"},
               {"from": "merge", "to": "sink", "partitioner": "rebalance", "exchange": "pipelined"}
             ]}
            """, """
            {"name": "chained", "config": {"chaining": true, "restart.strategy": "fixed-delay", "restart.attempts": "2"},
             "operators": [
               {"id": "src", "type": "sequence-source", "params": {"from": 0, "to": 0}},
               {"id": "m1", "type": "identity"}, {"id": "m2", "type": "to-pair", "params": {"keys": 9223372036854775807}},
               {"id": "out", "type": "file-sink", "params": {"path": "out/chained"}}
             ],
             "edges": [{"from": "src", "to": "m1"}, {"from": "m1", "to": "m2"}, {"from": "m2", "to": "out"}]}
            """, """
            {"name": "arrows in ids", "config": {"chaining": false},
             "operators": [
               {"id": "a", "type": "sequence-source", "params": {"from": 1, "to": 2}},
               {"id": "a->b", "type": "sequence-source", "params": {"from": 1, "to": 2}},
               {"id": "b->c", "type": "identity"},
               {"id": "c", "type": "identity"},
               {"id": "b@1", "type": "discard-sink"}, {"id": "b", "type": "discard-sink"}
             ],
             "edges": [{"from": "a", "to": "b->c"}, {"from": "a->b", "to": "c"}, {"from": "b->c", "to": "b@1"},
                       {"from": "c", "to": "b"}]}
            """, """
            {"name": "one", "operators": [{"id": "only", "type": "sequence-source", "params": {"from": 1, "to": 1}}]}
            """);

    // ---- generation ---------------------------------------------------------------------------------------------

    private static Case generate(Random random, List<String> seeds) {
        List<String> how = new ArrayList<>();
        String base;
        int roll = random.nextInt(100);
        if (roll < 25) {
            base = randomGraph(random, how);
        } else {
            int seed = random.nextInt(seeds.size());
            how.add("seed " + seed);
            base = seeds.get(seed);
        }
        byte[] bytes = base.getBytes(StandardCharsets.UTF_8);
        // a few files unmutated: the seeds and valid random graphs keep the valid count up
        int mutations = roll % 5 == 0 ? 0 : 1 + random.nextInt(random.nextInt(4) + 1);
        for (int m = 0; m < mutations; m++) {
            bytes = mutate(random, bytes, how);
        }
        List<String> overrides = new ArrayList<>();
        if (random.nextInt(12) == 0) {
            int count = 1 + random.nextInt(3);
            for (int o = 0; o < count; o++) {
                overrides.add(pick(random, OVERRIDES));
            }
            how.add("--set " + String.join(",", overrides));
        }
        return new Case(bytes, overrides, printable(String.join(", ", how)));
    }

    private static final List<String> OVERRIDES = List.of("scheduler=pipelined-region", "scheduler=eager",
            "scheduler=", "failover=region", "failover=restart-all", "failover=regoin", "chaining=false",
            "chaining=true", "chaining=maybe", "restart.attempts=3", "restart.attempts=-1",
            "restart.attempts=99999999999", "restart.delay=1s", "restart.delay=99999999999999999999d",
            "restart.delay=-5s", "restart.delay=1x", "restart.strategy=fixed-delay", "restart.strategy=none",
            "restart.=1", "restart.dealy=1", "bogus=1", "slot-matcher=spread", "nothing", "=x", "=", " = ",
            "chaining = false", "restart.attempts=\u0000", "name=x", "operators=[]");

    private static byte[] mutate(Random random, byte[] bytes, List<String> how) {
        int kind = random.nextInt(100);
        if (kind < 30) {
            return textMutation(random, bytes, how);
        }
        JsonNode root;
        try {
            root = LENIENT.readTree(bytes);
        } catch (IOException | RuntimeException e) {
            return textMutation(random, bytes, how);
        }
        if (!(root instanceof ObjectNode job)) {
            return textMutation(random, bytes, how);
        }
        Map<String, String> raw = new LinkedHashMap<>();
        treeMutation(random, job, raw, how);
        String text;
        try {
            text = random.nextBoolean() ? LENIENT.writeValueAsString(job)
                    : LENIENT.writerWithDefaultPrettyPrinter().writeValueAsString(job);
        } catch (IOException | RuntimeException e) { // e.g. nested deeper than the writer allows
            return textMutation(random, bytes, how);
        }
        for (Map.Entry<String, String> literal : raw.entrySet()) {
            text = text.replace("\"" + literal.getKey() + "\"", literal.getValue());
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    // ---- mutations of the bytes ---------------------------------------------------------------------------------

    private static final byte[][] NOT_UTF8 = {{(byte) 0xff}, {(byte) 0xc3}, {(byte) 0xc0, (byte) 0xaf},
        {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
        {(byte) 0x80}, {(byte) 0xe2, (byte) 0x82}, {(byte) 0xfe, (byte) 0xff}};
    private static final List<String> WHOLE_FILES = List.of("", " ", "\n", "null", "[]", "{}", "\"job\"", "1", "{",
            "}", "[", "{\"name\": \"j\"}", "{\"name\": \"\"}", "{\"name\": null, \"operators\": []}",
            "{\"name\": \"j\", \"operators\": []}", "{\"name\": \"j\", \"operators\": {}}", "\ufeff{}", "/* */",
            "{\"name\": \"j\", \"operators\": [null]}", "{\"name\": \"j\", \"operators\": [[]]}", "true", "{}{}",
            "{\"name\": \"j\", \"name\": \"k\", \"operators\": []}", "{\"name\": \"j\", \"operators\": [{}]}",
            "{\"name\": \"j\", \"operators\": [{\"id\": \"a\"}]}");

    private static byte[] textMutation(Random random, byte[] bytes, List<String> how) {
        int length = bytes.length;
        int at = length == 0 ? 0 : random.nextInt(length);
        switch (random.nextInt(13)) {
            case 0 -> {
                int cut = length == 0 ? 0 : random.nextInt(length);
                how.add("truncate at " + cut);
                return java.util.Arrays.copyOf(bytes, cut);
            }
            case 1 -> {
                if (length == 0) {
                    break;
                }
                int flips = 1 + random.nextInt(4);
                byte[] copy = bytes.clone();
                for (int f = 0; f < flips; f++) {
                    int position = random.nextInt(length);
                    copy[position] ^= (byte) (1 << random.nextInt(8));
                }
                how.add(flips + " bit flips");
                return copy;
            }
            case 2 -> {
                if (length == 0) {
                    break;
                }
                byte[] copy = bytes.clone();
                copy[at] = (byte) (random.nextInt(4) == 0 ? random.nextInt(256) : 0x20 + random.nextInt(0x5f));
                how.add("byte " + at + " := 0x" + Integer.toHexString(copy[at] & 0xff));
                return copy;
            }
            case 3 -> {
                if (length == 0) {
                    break;
                }
                int count = 1 + random.nextInt(Math.min(8, length - at));
                how.add("delete " + count + " at " + at);
                return splice(bytes, at, count, new byte[0]);
            }
            case 4 -> {
                if (length == 0) {
                    break;
                }
                int count = 1 + random.nextInt(Math.min(20, length - at));
                how.add("duplicate " + count + " at " + at);
                return splice(bytes, at, 0, java.util.Arrays.copyOfRange(bytes, at, at + count));
            }
            case 5 -> {
                int c = random.nextInt(4) == 0 ? 0x7f : random.nextInt(0x20);
                how.add("insert control 0x" + Integer.toHexString(c) + " at " + at);
                return splice(bytes, at, 0, new byte[] {(byte) c});
            }
            case 6 -> {
                if (random.nextBoolean()) {
                    how.add("utf-16");
                    return new String(bytes, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_16);
                }
                byte[] invalid = NOT_UTF8[random.nextInt(NOT_UTF8.length)];
                how.add("insert non-UTF-8 at " + at);
                return splice(bytes, at, 0, invalid);
            }
            case 7 -> {
                String whole = pick(random, WHOLE_FILES);
                how.add("whole file " + whole);
                return whole.getBytes(StandardCharsets.UTF_8);
            }
            case 8 -> {
                String insert = pick(random, List.of("/* c */", "// c\n", ",", ",,", ":", "\"", "\\", "{", "}", "[",
                        "]", "\"x\": 1,", "null", "NaN", "'", "\ufeff", "\u2028", "\ud83d\ude00", "0", "-", "e",
                        "\"name\": \"dup\","));
                how.add("insert " + insert + " at " + at);
                return splice(bytes, at, 0, insert.getBytes(StandardCharsets.UTF_8));
            }
            case 9 -> {
                int depth = pick(random, List.of(100, 999, 1000, 1001, 2000, 20_000));
                String open = random.nextBoolean() ? "[" : "{\"k\":";
                String close = open.equals("[") ? "]" : "}";
                how.add("insert " + depth + " nested " + open + " at " + at);
                return splice(bytes, at, 0, (open.repeat(depth) + close.repeat(random.nextInt(3) == 0 ? 0 : depth))
                        .getBytes(StandardCharsets.UTF_8));
            }
            case 10 -> {
                int cut = length == 0 ? 0 : random.nextInt(length);
                how.add("truncate at " + cut);
                return java.util.Arrays.copyOf(bytes, cut);
            }
            case 11 -> {
                how.add("shuffle a region");
                if (length < 2) {
                    break;
                }
                byte[] copy = bytes.clone();
                int end = Math.min(length, at + 1 + random.nextInt(30));
                for (int i = end - 1; i > at; i--) {
                    int j = at + random.nextInt(i - at + 1);
                    byte t = copy[i];
                    copy[i] = copy[j];
                    copy[j] = t;
                }
                return copy;
            }
            default -> {
                if (length == 0) {
                    break;
                }
                int from = random.nextInt(length);
                int count = 1 + random.nextInt(Math.min(200, length - from));
                how.add("copy " + count + " from " + from + " to " + at);
                return splice(bytes, at, 0, java.util.Arrays.copyOfRange(bytes, from, from + count));
            }
        }
        how.add("empty file");
        return new byte[0];
    }

    private static byte[] splice(byte[] bytes, int at, int remove, byte[] insert) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + insert.length);
        out.write(bytes, 0, at);
        out.write(insert, 0, insert.length);
        out.write(bytes, at + remove, bytes.length - at - remove);
        return out.toByteArray();
    }

    // ---- mutations of the JSON tree -----------------------------------------------------------------------------

    /** A place in the tree: the container holding a value and its key or index. */
    private record Slot(ContainerNode<?> parent, String key, int index, JsonNode value) {
        void set(JsonNode replacement) {
            if (parent instanceof ObjectNode object) {
                object.set(key, replacement);
            } else {
                ((ArrayNode) parent).set(index, replacement);
            }
        }

        String path() {
            return key != null ? key : "[" + index + "]";
        }
    }

    private static List<Slot> slots(JsonNode root) {
        List<Slot> slots = new ArrayList<>();
        collect(root, slots);
        return slots;
    }

    private static void collect(JsonNode node, List<Slot> slots) {
        if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                slots.add(new Slot(object, field.getKey(), -1, field.getValue()));
                collect(field.getValue(), slots);
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                slots.add(new Slot(array, null, i, array.get(i)));
                collect(array.get(i), slots);
            }
        }
    }

    /** The operators and edges arrays, made if missing or of another type. */
    private static ArrayNode array(ObjectNode job, String field) {
        JsonNode node = job.get(field);
        if (node instanceof ArrayNode array) {
            return array;
        }
        return job.putArray(field);
    }

    private static ObjectNode randomObjectIn(Random random, ArrayNode array) {
        List<ObjectNode> objects = new ArrayList<>();
        array.forEach(node -> {
            if (node instanceof ObjectNode object) {
                objects.add(object);
            }
        });
        return objects.isEmpty() ? array.addObject() : objects.get(random.nextInt(objects.size()));
    }

    private static List<String> ids(ObjectNode job) {
        List<String> ids = new ArrayList<>();
        array(job, "operators").forEach(node -> {
            if (node.path("id").isTextual()) {
                ids.add(node.get("id").asText());
            }
        });
        return ids;
    }

    private static void treeMutation(Random random, ObjectNode job, Map<String, String> raw, List<String> how) {
        List<Slot> slots = slots(job);
        Slot slot = slots.isEmpty() ? null : slots.get(random.nextInt(slots.size()));
        switch (random.nextInt(14)) {
            case 0, 1 -> { // another JSON type in a random place
                if (slot == null) {
                    break;
                }
                JsonNode replacement = valueOfAnotherType(random, slot.value());
                how.add("type swap at " + slot.path() + " -> " + shorten(replacement.toString(), 40));
                slot.set(replacement);
            }
            case 2, 3 -> { // numbers at the edges, in the fields that take numbers
                ObjectNode operator = randomObjectIn(random, array(job, "operators"));
                String where;
                ObjectNode target;
                String field;
                switch (random.nextInt(4)) {
                    case 0 -> {
                        target = operator;
                        field = "parallelism";
                    }
                    case 1 -> {
                        target = operator.has("params") && operator.get("params") instanceof ObjectNode p ? p
                                : operator.putObject("params");
                        field = pick(random, List.of("from", "to", "keys", "subtask", "atRecord", "attempts", "path"));
                    }
                    case 2 -> {
                        target = operator.get("resources") instanceof ObjectNode r ? r : operator.putObject("resources");
                        field = pick(random, List.of("cpu", "heapMb", "managedMb"));
                    }
                    default -> {
                        JsonNode config = job.get("config");
                        target = config instanceof ObjectNode c ? c : job.putObject("config");
                        JsonNode restart = target.get("restart");
                        target = restart instanceof ObjectNode r ? r : target.putObject("restart");
                        field = pick(random, List.of("attempts", "delay"));
                    }
                }
                where = field;
                String literal = pick(random, NUMBERS);
                String token = "@@RAW" + raw.size() + "@@";
                raw.put(token, random.nextInt(4) == 0 ? "\"" + literal + "\"" : literal);
                target.put(field, token);
                if (target != operator && target.has("heapMb") == field.equals("heapMb") && random.nextInt(3) == 0
                        && List.of("cpu", "heapMb", "managedMb").contains(field)) {
                    // the same on every operator: chains and slots add them up
                    array(job, "operators").forEach(node -> {
                        if (node instanceof ObjectNode other) {
                            (other.get("resources") instanceof ObjectNode r ? r : other.putObject("resources"))
                                    .put(field, token);
                        }
                    });
                    where = "every operator's " + field;
                }
                how.add(where + " := " + shorten(raw.get(token), 40));
            }
            case 4 -> { // an unknown field
                if (slot == null || !(slot.value() instanceof ObjectNode) && random.nextBoolean()) {
                    job.put(pick(random, UNKNOWN_NAMES), 1);
                    how.add("unknown job field");
                    break;
                }
                ObjectNode object = slot.value() instanceof ObjectNode o ? o : randomObjectIn(random, array(job, "operators"));
                String name = pick(random, UNKNOWN_NAMES);
                object.put(name, pick(random, List.of("x", "1", "")));
                how.add("unknown field '" + name + "'");
            }
            case 5 -> { // unknown or odd names where names are looked up
                unknownName(random, job, how);
            }
            case 6 -> { // deep nesting in a value
                if (slot == null) {
                    break;
                }
                int depth = pick(random, List.of(10, 500, 998, 999, 1000, 1001, 2000));
                boolean arrays = random.nextBoolean();
                String token = "@@RAW" + raw.size() + "@@";
                raw.put(token, arrays ? "[".repeat(depth) + "]".repeat(depth)
                        : "{\"k\":".repeat(depth) + "1" + "}".repeat(depth));
                slot.set(TextNode.valueOf(token));
                how.add(depth + " nested " + (arrays ? "arrays" : "objects") + " at " + slot.path());
            }
            case 7 -> { // a long string
                if (slot == null) {
                    break;
                }
                int length = pick(random, List.of(1_000, 10_000, 65_536, 100_000));
                String unit = pick(random, List.of("a", "\u00e9", "\ud83d\ude00", "-", "\u0000", "restart."));
                slot.set(TextNode.valueOf(unit.repeat(length / unit.length())));
                how.add("string of " + length + " '" + unit + "' at " + slot.path());
            }
            case 8 -> { // control characters, lone surrogates and odd text in a string
                List<Slot> texts = slots.stream().filter(s -> s.value().isTextual()).toList();
                if (texts.isEmpty()) {
                    break;
                }
                Slot text = texts.get(random.nextInt(texts.size()));
                String odd = pick(random, List.of("\u0000", "\u0001", "\n", "\t", "\u007f", "\ud800", "\udc00",
                        "\u202e", "\ufeff", "/", "..", "../../..", "\\", "*", "?", "%s", "'", "\"", " "));
                String value = text.value().asText();
                int at = random.nextInt(value.length() + 1);
                text.set(TextNode.valueOf(value.substring(0, at) + odd + value.substring(at)));
                how.add("insert " + printable(odd) + " in " + text.path());
            }
            case 9, 10 -> { // the graph: operators and edges removed, duplicated, rewired
                graphMutation(random, job, how);
            }
            case 11 -> { // placement
                ObjectNode operator = randomObjectIn(random, array(job, "operators"));
                String field = random.nextBoolean() ? "coLocationGroup" : "slotSharingGroup";
                String value = pick(random, List.of("g", "default", "", " ", "other"));
                if (random.nextInt(5) == 0) {
                    operator.putNull(field);
                } else {
                    operator.put(field, value);
                }
                how.add(field + " of " + operator.path("id") + " := " + value);
            }
            case 12 -> { // paths
                ObjectNode operator = randomObjectIn(random, array(job, "operators"));
                ObjectNode params = operator.get("params") instanceof ObjectNode p ? p : operator.putObject("params");
                String path = pick(random, List.of("input.txt", "missing.txt", "data/hamlet.txt", "a-folder",
                        "latin1.txt", "/", ".", "", " ", "out/x", "input.txt/out", "/nonexistent/dir/x", "a-folder/",
                        "\u0000", "in\u0000put.txt", "~", "C:\\x", "//", "data/../input.txt", "\ud800"));
                params.put("path", path);
                if (random.nextBoolean()) {
                    operator.put("type", pick(random, List.of("text-source", "file-sink")));
                }
                how.add("path of " + operator.path("id") + " := " + printable(path));
            }
            default -> { // drop a field
                if (slot == null) {
                    break;
                }
                if (slot.parent() instanceof ObjectNode object) {
                    object.remove(slot.key());
                } else {
                    ((ArrayNode) slot.parent()).remove(slot.index());
                }
                how.add("remove " + slot.path());
            }
        }
    }

    private static final List<String> NUMBERS = List.of("2147483647", "2147483648", "-2147483648", "-1", "0", "1",
            "1e308", "-1e308", "1e309", "99999999999999999999", "0.5", "-0.0", "1e-300", "9223372036854775807",
            "9223372036854775808", "-9223372036854775808", "-9223372036854775809", "32768", "32769", "1.0", "2e0",
            "1e3", "4", "NaN", "Infinity", "-Infinity", "0x10", "01", "+1", ".5", "1.", "1e", "--1",
            "1".repeat(999), "1".repeat(1001), "1." + "0".repeat(2000), "2147483.647", "2147484", "1e10", "1e19",
            "0.0001", "100000");

    private static JsonNode valueOfAnotherType(Random random, JsonNode value) {
        while (true) {
            JsonNode replacement = switch (random.nextInt(9)) {
                case 0 -> NODES.numberNode(random.nextInt(7) - 3);
                case 1 -> NODES.numberNode(random.nextDouble() * 10);
                case 2 -> NODES.numberNode(new BigInteger("99999999999999999999"));
                case 3 -> NODES.textNode(value == null ? "x" : value.isValueNode() ? value.asText() : value.toString());
                case 4 -> NODES.booleanNode(random.nextBoolean());
                case 5 -> NODES.nullNode();
                case 6 -> NODES.arrayNode().add(value == null ? NODES.nullNode() : value.deepCopy());
                case 7 -> NODES.objectNode().set(pick(random, List.of("k", "id", "from")), value == null ? null
                        : value.deepCopy());
                default -> NODES.numberNode(new BigDecimal("1e400"));
            };
            if (value == null || replacement.getNodeType() != value.getNodeType() || random.nextInt(4) == 0) {
                return replacement;
            }
        }
    }

    private static void unknownName(Random random, ObjectNode job, List<String> how) {
        switch (random.nextInt(5)) {
            case 0 -> {
                ObjectNode operator = randomObjectIn(random, array(job, "operators"));
                String type = pick(random, List.of("idenity", "IDENTITY", "", " ", "identity ", "source", "sink",
                        "sequence_source", "file-sinks", "print", "fail\u0000", "org.example.Op", "count-window"));
                operator.put("type", type);
                how.add("type of " + operator.path("id") + " := " + printable(type));
            }
            case 1, 2 -> {
                ObjectNode edge = randomObjectIn(random, array(job, "edges"));
                String field = random.nextBoolean() ? "partitioner" : "exchange";
                String name = pick(random, List.of("Hash", "HASH", "hashh", "", " ", "keyBy", "shuffle", "forward ",
                        "blocking", "pipelined", "BLOCKING", "Pipelined", "batch", "pipelined_bounded", "\u0130",
                        "PIPELİNED", "hybrid"));
                edge.put(field, name);
                how.add(field + " := " + name);
            }
            default -> {
                ObjectNode config = job.get("config") instanceof ObjectNode c ? c : job.putObject("config");
                String key = pick(random, List.of("scheduler", "failover", "restart.strategy", "chaining",
                        "shceduler", "slot-matcher", "resource-provider", "restart.foo", "restart.", "restart..x",
                        "", "scheduler.x", "Chaining", "restart.attempts", "restart.delay", "restart.strategy.x"));
                String value = pick(random, List.of("pipelined-region", "eager", "lazy-from-sources", "region",
                        "restart-all", "restart-individual", "fixed-delay", "exponential-delay", "no-restart", "",
                        "true", "false", "TRUE", "maybe", "3", "-3", "1s", "0", "2147483648"));
                if (random.nextInt(4) == 0) {
                    config.putObject(key).put(pick(random, List.of("strategy", "attempts", "x", "")), value);
                } else {
                    config.put(key, value);
                }
                how.add("config " + key + " := " + value);
            }
        }
    }

    private static void graphMutation(Random random, ObjectNode job, List<String> how) {
        ArrayNode operators = array(job, "operators");
        ArrayNode edges = array(job, "edges");
        List<String> ids = ids(job);
        String a = ids.isEmpty() ? "ghost" : pick(random, ids);
        String b = ids.isEmpty() ? "ghost" : pick(random, ids);
        switch (random.nextInt(9)) {
            case 0 -> {
                if (!operators.isEmpty()) {
                    int index = random.nextInt(operators.size());
                    operators.remove(index);
                    how.add("remove operator #" + index);
                }
            }
            case 1 -> {
                if (!operators.isEmpty()) {
                    operators.add(operators.get(random.nextInt(operators.size())).deepCopy());
                    how.add("duplicate an operator");
                }
            }
            case 2 -> {
                edges.addObject().put("from", a).put("to", a);
                how.add("self loop " + a);
            }
            case 3 -> {
                edges.addObject().put("from", a).put("to", b);
                edges.addObject().put("from", b).put("to", a);
                how.add("cycle " + a + " <-> " + b);
            }
            case 4 -> {
                String ghost = pick(random, List.of("ghost", "", a + " ", a.toUpperCase(java.util.Locale.ROOT)));
                edges.addObject().put("from", random.nextBoolean() ? a : ghost).put("to", random.nextBoolean() ? ghost : b);
                how.add("edge to a dangling id");
            }
            case 5 -> {
                if (!edges.isEmpty()) {
                    edges.add(edges.get(random.nextInt(edges.size())).deepCopy());
                    how.add("duplicate an edge");
                }
            }
            case 6 -> {
                ObjectNode edge = edges.addObject().put("from", a).put("to", b);
                if (random.nextBoolean()) {
                    edge.put("partitioner", pick(random, PARTITIONERS));
                }
                if (random.nextBoolean()) {
                    edge.put("exchange", random.nextBoolean() ? "blocking" : "pipelined");
                }
                how.add("edge " + a + " -> " + b);
            }
            case 7 -> {
                if (!edges.isEmpty()) {
                    ObjectNode edge = randomObjectIn(random, edges);
                    JsonNode from = edge.get("from");
                    edge.set("from", edge.get("to"));
                    edge.set("to", from);
                    how.add("reverse an edge");
                }
            }
            default -> {
                ObjectNode operator = randomObjectIn(random, operators);
                String id = pick(random, TRICKY_IDS);
                operator.put("id", id);
                how.add("rename an operator to " + id);
            }
        }
    }

    // ---- random graphs ------------------------------------------------------------------------------------------

    /**
     * A random job of 1 to 30 operators: mostly well formed (sources first, every other operator fed by earlier
     * ones, parameters in range), sometimes random types and random edges with cycles, self loops and dangling ids.
     */
    private static String randomGraph(Random random, List<String> how) {
        int count = 1 + random.nextInt(random.nextBoolean() ? 30 : 6);
        boolean chaos = random.nextInt(4) == 0;
        boolean trickyIds = random.nextInt(5) == 0;
        how.add((chaos ? "chaotic" : "random") + " graph of " + count + (trickyIds ? " with tricky ids" : ""));
        ObjectNode job = NODES.objectNode();
        job.put("name", "random-" + random.nextInt(1000));
        ObjectNode config = NODES.objectNode();
        if (random.nextBoolean()) {
            config.put("scheduler", "pipelined-region");
        }
        if (random.nextBoolean()) {
            config.put("failover", random.nextBoolean() ? "region" : "restart-all");
        }
        if (random.nextBoolean()) {
            config.put("chaining", random.nextBoolean());
        }
        if (random.nextBoolean()) {
            ObjectNode restart = config.putObject("restart");
            restart.put("strategy", "fixed-delay");
            restart.put("attempts", random.nextInt(5));
            restart.put("delay", pick(random, List.of("0", "100ms", "1s", "2min", "1h")));
        }
        if (!config.isEmpty() || random.nextBoolean()) {
            job.set("config", config);
        }
        ArrayNode operators = job.putArray("operators");
        ArrayNode edges = job.putArray("edges");
        List<String> ids = new ArrayList<>();
        List<Integer> parallelisms = new ArrayList<>();
        List<Boolean> feeds = new ArrayList<>(); // whether the operator may feed others (not a sink)
        for (int i = 0; i < count; i++) {
            String id = trickyIds && random.nextBoolean() ? pick(random, TRICKY_IDS) : "op" + i;
            int parallelism = 1 + random.nextInt(4);
            String type;
            if (chaos) {
                type = random.nextInt(10) == 0 ? "mystery" : pick(random, TYPES);
            } else if (i == 0 || !feeds.contains(true) || random.nextInt(7) == 0) {
                type = random.nextInt(3) == 0 ? "text-source" : "sequence-source";
            } else {
                type = random.nextInt(4) == 0 ? pick(random, SINKS) : pick(random, TRANSFORMS);
            }
            ObjectNode operator = operators.addObject().put("id", id).put("type", type);
            if (random.nextInt(5) != 0 || parallelism != 1) {
                operator.put("parallelism", parallelism);
            }
            params(random, operator, type, parallelism);
            if (random.nextInt(6) == 0) {
                ObjectNode resources = operator.putObject("resources");
                resources.put("cpu", random.nextInt(8) / 4.0);
                resources.put("heapMb", random.nextInt(512));
                if (random.nextBoolean()) {
                    resources.put("managedMb", random.nextInt(64));
                }
            }
            if (random.nextInt(8) == 0) {
                operator.put("slotSharingGroup", random.nextBoolean() ? "default" : "g" + random.nextInt(2));
            }
            if (random.nextInt(10) == 0) {
                operator.put("coLocationGroup", "c" + random.nextInt(2));
            }
            boolean source = type.endsWith("-source");
            if (!chaos && !source) {
                List<Integer> producers = new ArrayList<>();
                for (int p = 0; p < i; p++) {
                    if (feeds.get(p)) {
                        producers.add(p);
                    }
                }
                int inputs = Math.min(producers.size(), 1 + (random.nextInt(4) == 0 ? 1 : 0));
                for (int k = 0; k < inputs; k++) {
                    int producer = producers.remove(random.nextInt(producers.size()));
                    edge(random, edges, ids.get(producer), id, parallelisms.get(producer) == parallelism);
                }
            }
            ids.add(id);
            parallelisms.add(parallelism);
            feeds.add(!SINKS.contains(type));
        }
        if (chaos) {
            int edgeCount = random.nextInt(2 * count + 1);
            for (int e = 0; e < edgeCount; e++) {
                String from = random.nextInt(15) == 0 ? "dangling" : pick(random, ids);
                String to = random.nextInt(15) == 0 ? "dangling" : pick(random, ids);
                edge(random, edges, from, to, random.nextBoolean());
            }
        }
        if (edges.isEmpty() && random.nextBoolean()) {
            job.remove("edges");
        }
        return job.toString();
    }

    private static void edge(Random random, ArrayNode edges, String from, String to, boolean equalParallelism) {
        ObjectNode edge = edges.addObject().put("from", from).put("to", to);
        int choice = random.nextInt(4);
        if (choice == 0 && equalParallelism) {
            edge.put("partitioner", "forward");
        } else if (choice == 1) {
            edge.put("partitioner", pick(random, PARTITIONERS.subList(1, PARTITIONERS.size())));
        } // else Flink's default
        if (random.nextBoolean()) {
            edge.put("exchange", random.nextInt(3) == 0 ? "blocking" : "pipelined");
        }
    }

    private static void params(Random random, ObjectNode operator, String type, int parallelism) {
        ObjectNode params = NODES.objectNode();
        switch (type) {
            case "sequence-source" -> {
                long from = random.nextInt(2000) - 1000;
                params.put("from", from).put("to", from + random.nextInt(100_000));
            }
            case "text-source" -> params.put("path", random.nextInt(3) == 0 ? "data/hamlet.txt" : "input.txt");
            case "file-sink" -> params.put("path", "out/" + random.nextInt(10));
            case "to-pair" -> params.put("keys", 1 + random.nextInt(1000));
            case "fail" -> {
                params.put("subtask", random.nextInt(parallelism)).put("atRecord", 1 + random.nextInt(100));
                if (random.nextBoolean()) {
                    params.put("attempts", random.nextInt(3));
                }
            }
            default -> {
            }
        }
        if (!params.isEmpty() || random.nextInt(10) == 0) {
            operator.set("params", params);
        }
    }

    private static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}
