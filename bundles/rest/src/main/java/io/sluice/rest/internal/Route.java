package io.sluice.rest.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * One operation of the API: a method and a path template whose {@code :name} segments are parameters, what it does
 * and answers (docs/rest.md is rendered from these), and its handler.
 *
 * @param query the query parameters it reads, each with what it means
 * @param response what a successful answer holds
 * @param changesState whether it needs the {@code rest.auth.token} when one is set
 */
record Route(String method, String path, String summary, Map<String, String> query, String request, String response,
        boolean changesState, Function<RestRequest, CompletableFuture<RestReply>> handler) {

    Route {
        query = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(query));
    }

    List<String> segments() {
        return segments(path);
    }

    static List<String> segments(String path) {
        return java.util.Arrays.stream(path.split("/")).filter(segment -> !segment.isEmpty()).toList();
    }

    /** The path parameters when {@code requestSegments} match this route's path, else {@code null}. */
    Map<String, String> match(List<String> requestSegments) {
        List<String> template = segments();
        if (template.size() != requestSegments.size()) {
            return null;
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < template.size(); i++) {
            String expected = template.get(i);
            if (expected.startsWith(":")) {
                parameters.put(expected.substring(1), requestSegments.get(i));
            } else if (!expected.equals(requestSegments.get(i))) {
                return null;
            }
        }
        return parameters;
    }
}
