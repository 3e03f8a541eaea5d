package io.sluice.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Text for the REST commands, from the master's JSON: the same lines and tables {@code sluice run} prints. */
final class Views {
    private Views() {
    }

    /** A progress line like {@code run}'s: the job's state, its tasks per state, each vertex's records. */
    static String progress(JsonNode details, long elapsedNanos) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "[%6.1fs] %-9s tasks:", elapsedNanos / 1e9,
                details.path("state").asText()));
        for (Iterator<Map.Entry<String, JsonNode>> states = details.path("status-counts").fields(); states.hasNext();) {
            Map.Entry<String, JsonNode> state = states.next();
            if (state.getValue().asInt() > 0) {
                line.append(' ').append(state.getValue().asInt()).append(' ').append(state.getKey().toLowerCase(Locale.ROOT));
            }
        }
        for (JsonNode vertex : details.path("vertices")) {
            line.append(" | ").append(vertex.path("id").asText()).append(": ");
            long in = vertex.at("/metrics/read-records").asLong();
            if (in > 0) {
                line.append("in ").append(count(in)).append(' ');
            }
            line.append("out ").append(count(vertex.at("/metrics/write-records").asLong()));
        }
        return line.toString();
    }

    /** The end of a followed job: its state and time, the vertex table, the failures and what they restarted. */
    static void summary(PrintWriter out, JsonNode details, JsonNode exceptions, long elapsedNanos) {
        out.printf(Locale.ROOT, "Job '%s' %s in %.2f s, %d restarts%n", details.path("name").asText(),
                details.path("state").asText(), elapsedNanos / 1e9, details.path("restarts").asInt());
        out.print(vertexTable(details));
        JsonNode entries = exceptions.at("/exceptionHistory/entries");
        if (!entries.isEmpty()) {
            out.printf("Failures (%d):%n", entries.size());
            for (JsonNode failure : entries) {
                out.printf(Locale.ROOT, "  %s  %s%s: %s%n", java.time.Instant.ofEpochMilli(failure.path("timestamp").asLong()),
                        failure.path("taskName").asText(), failure.path("location").isTextual()
                                ? " on " + failure.path("location").asText() : "",
                        failure.path("exceptionName").asText() + ": " + failure.path("message").asText());
                JsonNode failover = failure.path("failover");
                List<String> restarted = new ArrayList<>();
                failure.path("restarted").forEach(task -> restarted.add(task.asText()));
                out.println(failover.isObject() ? "      " + failover.path("strategy").asText() + " "
                        + failover.path("version").asText() + " restarted " + restarted.size() + " tasks: "
                        + String.join(", ", restarted) : "      no restart left");
            }
        }
        if (exceptions.path("root-exception").isTextual()) {
            out.println("Cause: " + exceptions.path("root-exception").asText() + " (its stack trace is in the master's log)");
        }
    }

    static String vertexTable(JsonNode details) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"VERTEX", "PARALLELISM", "RECORDS IN", "RECORDS OUT", "TASKS"});
        for (JsonNode vertex : details.path("vertices")) {
            rows.add(new String[] {vertex.path("id").asText(), vertex.path("parallelism").asText(),
                    count(vertex.at("/metrics/read-records").asLong()), count(vertex.at("/metrics/write-records").asLong()),
                    tasks(vertex.path("tasks"))});
        }
        return Tables.render(rows);
    }

    /** {@code 2 running, 1 finished}: the states that have tasks, from a map of state to count. */
    static String tasks(JsonNode perState) {
        StringBuilder tasks = new StringBuilder();
        for (Iterator<Map.Entry<String, JsonNode>> states = perState.fields(); states.hasNext();) {
            Map.Entry<String, JsonNode> state = states.next();
            if (!state.getKey().equals("total") && state.getValue().asInt() > 0) {
                tasks.append(tasks.isEmpty() ? "" : ", ").append(state.getValue().asInt()).append(' ')
                        .append(state.getKey().toLowerCase(Locale.ROOT));
            }
        }
        return tasks.toString();
    }

    static String profile(JsonNode profile) {
        if (!profile.isObject()) {
            return "{unknown}";
        }
        return "{cpu=" + profile.path("cpu-millicores").asInt() / 1000.0 + ", heapMb=" + profile.path("heap-mb").asInt()
                + ", managedMb=" + profile.path("managed-mb").asInt() + "}";
    }

    static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1f s", millis / 1e3);
    }

    /** A user's argument as one path segment: it can never reach another resource of the API. */
    static String pathSegment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }
}
