package io.sluice.rest.internal;

import java.util.Map;

/**
 * One request as the routes see it.
 *
 * @param pathParameters the values of the route's {@code :name} segments
 * @param query the first value of each query parameter
 * @param body the request body, already bounded by {@code rest.max-content-length}; empty for none
 */
record RestRequest(String method, String path, Map<String, String> pathParameters, Map<String, String> query,
        String contentType, byte[] body) {

    String pathParameter(String name) {
        return pathParameters.get(name);
    }
}
