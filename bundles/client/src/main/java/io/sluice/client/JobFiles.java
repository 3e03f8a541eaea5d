package io.sluice.client;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.sluice.api.job.JobValidationException;
import io.sluice.api.job.PartitionerKind;
import io.sluice.api.job.ResourceProfile;
import io.sluice.api.job.ResultPartitionType;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Reads JSON job files (the schema is in docs/job-files.md). Comments and trailing commas are allowed;
 * duplicate keys and unknown fields are errors, so a typo never silently changes a job.
 */
public final class JobFiles {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS, JsonReadFeature.ALLOW_TRAILING_COMMA)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private static final Set<String> JOB_FIELDS = Set.of("name", "config", "operators", "edges");
    private static final Set<String> OPERATOR_FIELDS = Set.of("id", "type", "parallelism", "params",
            "slotSharingGroup", "coLocationGroup", "resources");
    private static final Set<String> EDGE_FIELDS = Set.of("from", "to", "partitioner", "exchange");
    private static final Set<String> RESOURCE_FIELDS = Set.of("cpu", "heapMb", "managedMb");
    /** One operator asks for at most this much: a chain's sum must still fit a {@link ResourceProfile}. */
    private static final BigDecimal MAX_CORES = BigDecimal.valueOf(1_000_000);
    private static final BigDecimal MAX_MB = BigDecimal.valueOf(1_000_000_000L);

    private JobFiles() {
    }

    public static JobSpec read(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new JobFileException("job file " + file + " is a directory");
        }
        String json;
        try {
            json = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new JobFileException("job file " + file + " does not exist");
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new JobFileException("job file " + file + " is not UTF-8 text");
        } catch (java.nio.file.AccessDeniedException e) {
            throw new JobFileException("job file " + file + " is not readable (permission denied)");
        }
        return parse(json, file.toString());
    }

    /**
     * The job with every relative {@code path} parameter resolved against {@code directory} — for a job file, its
     * own directory, so that a job reads and writes the same files from any working directory.
     */
    public static JobSpec withPathsRelativeTo(JobSpec spec, Path directory) {
        List<JobSpec.Operator> resolved = new ArrayList<>();
        for (JobSpec.Operator operator : spec.operators()) {
            Object path = operator.params().get("path");
            if (path instanceof String relative && isRelativePath(relative)) {
                Map<String, Object> params = new LinkedHashMap<>(operator.params());
                params.put("path", directory.resolve(relative).normalize().toString());
                operator = new JobSpec.Operator(operator.id(), operator.type(), operator.parallelism(), params,
                        operator.slotSharingGroup(), operator.coLocationGroup(), operator.resources());
            }
            resolved.add(operator);
        }
        return new JobSpec(spec.name(), spec.config(), resolved, spec.edges());
    }

    /** False for a string that is no path at all: the operator's own check names that parameter. */
    private static boolean isRelativePath(String value) {
        try {
            return !Path.of(value).isAbsolute();
        } catch (InvalidPathException e) {
            return false;
        }
    }

    /** Parses a job; {@code source} names the file in errors. */
    public static JobSpec parse(String json, String source) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (StreamConstraintsException e) {
            throw new JobFileException(source + ": the job file exceeds a limit of the JSON reader: "
                    + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? source : source + ":" + at.getLineNr() + ":" + at.getColumnNr();
            throw new JobFileException(where + ": malformed JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new JobFileException(source + ": a job file holds one JSON object with 'name' and 'operators'");
        }
        JsonNode nameNode = root.get("name");
        if (nameNode == null || !nameNode.isTextual() || nameNode.asText().isBlank()) {
            throw new JobFileException(source + ": the job needs a 'name' (a non-empty string)");
        }
        Reader reader = new Reader(nameNode.asText());
        reader.onlyFields(root, JOB_FIELDS, "the job");
        Map<String, String> config = new LinkedHashMap<>();
        JsonNode configNode = root.get("config");
        if (configNode != null && !configNode.isNull()) {
            reader.require(configNode.isObject(), "'config' must be an object");
            flatten("", configNode, config);
        }
        JsonNode operatorsNode = root.get("operators");
        reader.require(operatorsNode != null && operatorsNode.isArray(), "'operators' must be an array of operators");
        List<JobSpec.Operator> operators = new ArrayList<>();
        for (int i = 0; i < operatorsNode.size(); i++) {
            operators.add(reader.operator(operatorsNode.get(i), i + 1));
        }
        List<JobSpec.Edge> edges = new ArrayList<>();
        JsonNode edgesNode = root.get("edges");
        if (edgesNode != null && !edgesNode.isNull()) {
            reader.require(edgesNode.isArray(), "'edges' must be an array of edges");
            for (int i = 0; i < edgesNode.size(); i++) {
                edges.add(reader.edge(edgesNode.get(i), i + 1));
            }
        }
        return new JobSpec(reader.job, config, operators, edges);
    }

    /** Nested objects become dotted keys: {"restart": {"attempts": 3}} is restart.attempts=3. */
    private static void flatten(String prefix, JsonNode node, Map<String, String> into) {
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String key = prefix + field.getKey();
            JsonNode value = field.getValue();
            if (value.isObject()) {
                flatten(key + ".", value, into);
            } else if (!value.isNull()) {
                into.put(key, value.isValueNode() ? value.asText() : value.toString());
            }
        }
    }

    /** Reads the parts of one job, naming the job and the element in every error. */
    private static final class Reader {
        private final String job;

        Reader(String job) {
            this.job = job;
        }

        JobSpec.Operator operator(JsonNode node, int position) {
            require(node.isObject(), "operator #" + position + " must be an object");
            String id = text(node, "id", null, "operator #" + position);
            require(id != null && !id.isBlank(), "operator #" + position + " has no 'id'");
            String where = "operator '" + id + "'";
            onlyFields(node, OPERATOR_FIELDS, where);
            String type = text(node, "type", null, where);
            require(type != null && !type.isBlank(), where + " has no 'type'");
            JsonNode parallelismNode = node.get("parallelism");
            int parallelism = 1;
            if (parallelismNode != null) {
                require(parallelismNode.isIntegralNumber(), () -> where + ": 'parallelism' must be an integer, got "
                        + parallelismNode);
                require(parallelismNode.canConvertToInt(), () -> where + ": 'parallelism' " + parallelismNode
                        + " is out of range (must be from 1 to " + io.sluice.api.job.JobGraph.MAX_PARALLELISM + ")");
                parallelism = parallelismNode.intValue();
            }
            Map<String, Object> params = Map.of();
            JsonNode paramsNode = node.get("params");
            if (paramsNode != null && !paramsNode.isNull()) {
                require(paramsNode.isObject(), where + ": 'params' must be an object");
                params = new LinkedHashMap<>();
                for (Map.Entry<String, JsonNode> param : paramsNode.properties()) {
                    if (!param.getValue().isNull()) {
                        params.put(param.getKey(), MAPPER.convertValue(param.getValue(), Object.class));
                    }
                }
            }
            String slotSharingGroup = text(node, "slotSharingGroup", "default", where);
            String coLocationGroup = text(node, "coLocationGroup", null, where);
            return new JobSpec.Operator(id, type, parallelism, params, slotSharingGroup, coLocationGroup,
                    resources(node.get("resources"), where));
        }

        private ResourceProfile resources(JsonNode node, String where) {
            if (node == null || node.isNull()) {
                return ResourceProfile.UNKNOWN;
            }
            require(node.isObject(), where + ": 'resources' must be an object like {\"cpu\": 0.5, \"heapMb\": 128}");
            onlyFields(node, RESOURCE_FIELDS, where + " resources");
            JsonNode cpu = node.get("cpu");
            int milliCores = 0;
            if (cpu != null && !cpu.isNull()) {
                require(cpu.isNumber(), () -> where + ": resources 'cpu' must be a number of cores, got " + cpu);
                BigDecimal cores = decimal(cpu);
                require(cores != null && cores.signum() >= 0 && cores.compareTo(MAX_CORES) <= 0,
                        () -> where + ": resources 'cpu' " + cpu.asText() + " is out of range (must be from 0 to "
                                + MAX_CORES + ")");
                BigDecimal milli = cores.movePointRight(3);
                require(milli.stripTrailingZeros().scale() <= 0, () -> where + ": resources 'cpu' " + cpu.asText()
                        + " is finer than a milli-core (at most 3 decimals)");
                milliCores = milli.intValueExact();
            }
            return new ResourceProfile(milliCores, megabytes(node, "heapMb", where),
                    megabytes(node, "managedMb", where));
        }

        private int megabytes(JsonNode node, String field, String where) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                return 0;
            }
            require(value.isNumber(),
                    () -> where + ": resources '" + field + "' must be a whole number of MB, got " + value);
            BigDecimal mb = decimal(value);
            require(mb != null && mb.signum() >= 0 && mb.compareTo(MAX_MB) <= 0, () -> where + ": resources '" + field
                    + "' " + value.asText() + " is out of range (must be from 0 to " + MAX_MB + ")");
            require(mb.stripTrailingZeros().scale() <= 0, () -> where + ": resources '" + field + "' " + value.asText()
                    + " must be a whole number of MB");
            return mb.intValueExact();
        }

        /** The exact value of a number, null for one beyond a double's range (which Jackson reads as infinite). */
        private static BigDecimal decimal(JsonNode number) {
            return Double.isFinite(number.doubleValue()) ? number.decimalValue() : null;
        }

        JobSpec.Edge edge(JsonNode node, int position) {
            require(node.isObject(), "edge #" + position + " must be an object");
            String from = text(node, "from", null, "edge #" + position);
            String to = text(node, "to", null, "edge #" + position);
            require(from != null && to != null, "edge #" + position + " needs 'from' and 'to'");
            String where = "edge " + from + " -> " + to;
            onlyFields(node, EDGE_FIELDS, where);
            String partitionerName = text(node, "partitioner", null, where);
            PartitionerKind partitioner = null;
            if (partitionerName != null) {
                try {
                    partitioner = PartitionerKind.fromName(partitionerName);
                } catch (IllegalArgumentException e) {
                    throw new JobValidationException(job, where + ": " + e.getMessage());
                }
            }
            String exchange = text(node, "exchange", "pipelined", where);
            ResultPartitionType type = switch (exchange.toLowerCase(Locale.ROOT)) {
                case "pipelined" -> ResultPartitionType.PIPELINED;
                case "blocking" -> ResultPartitionType.BLOCKING;
                default -> throw new JobValidationException(job,
                        where + ": unknown exchange '" + exchange + "' (known: pipelined, blocking)");
            };
            return new JobSpec.Edge(from, to, partitioner, type);
        }

        private String text(JsonNode node, String field, String defaultValue, String where) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                return defaultValue;
            }
            require(value.isTextual(), () -> where + ": '" + field + "' must be a string, got " + value);
            return value.asText();
        }

        void onlyFields(JsonNode node, Set<String> known, String where) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String name = field.getKey();
                if (!known.contains(name)) {
                    throw new JobValidationException(job, where + " has an unknown field '" + name + "' (known: "
                            + String.join(", ", known.stream().sorted().toList()) + ")");
                }
            }
        }

        void require(boolean condition, String problem) {
            if (!condition) {
                throw new JobValidationException(job, problem);
            }
        }

        /** For a message that prints a JSON value: built only when the check fails, as files can be large. */
        void require(boolean condition, Supplier<String> problem) {
            if (!condition) {
                throw new JobValidationException(job, problem.get());
            }
        }
    }
}
