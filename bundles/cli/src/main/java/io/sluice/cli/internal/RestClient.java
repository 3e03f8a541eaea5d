package io.sluice.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The CLI's side of the master's REST API (docs/rest.md): JSON requests with the bearer token of
 * {@code SLUICE_REST_TOKEN} when it is set. A master that does not answer is a {@link ClusterUnavailableException};
 * a request it refuses is a {@link Refused} with its status and message.
 */
final class RestClient {
    static final String DEFAULT_MASTER = "http://localhost:8081";
    static final String TOKEN_VARIABLE = "SLUICE_REST_TOKEN";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** The longest the master may take to answer one request; result requests ask for less than this. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(75);

    private final URI master;
    private final String token;
    private final HttpClient http;

    /** A refusal of the master: a 4xx or 5xx answer, with the message of its {@code errors}. */
    static final class Refused extends RuntimeException {
        private final int status;

        Refused(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }

        int status() {
            return status;
        }
    }

    /** A request that may have reached the master, whose answer did not come back. */
    static final class Unanswered extends ClusterUnavailableException {
        private static final long serialVersionUID = 1L;

        Unanswered(String message) {
            super(message);
        }
    }

    RestClient(String master, String token) {
        this.master = parse(master);
        this.token = token == null || token.isBlank() ? null : token.trim();
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** The master's address, checked: {@code http(s)://host[:port]}, without a path. */
    static URI parse(String master) {
        URI uri;
        try {
            uri = new URI(master.endsWith("/") ? master.substring(0, master.length() - 1) : master);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--master '" + master + "' is not a URL (e.g. " + DEFAULT_MASTER + ")");
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
                || (uri.getPath() != null && !uri.getPath().isEmpty()) || uri.getQuery() != null) {
            throw new IllegalArgumentException("--master '" + master + "' is not http(s)://HOST[:PORT] (e.g. "
                    + DEFAULT_MASTER + ")");
        }
        return uri;
    }

    URI master() {
        return master;
    }

    JsonNode get(String path) {
        return send(HttpRequest.newBuilder(master.resolve(path)).GET());
    }

    JsonNode post(String path, byte[] json) {
        return send(HttpRequest.newBuilder(master.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json)));
    }

    JsonNode patch(String path) {
        return send(HttpRequest.newBuilder(master.resolve(path)).method("PATCH", HttpRequest.BodyPublishers.noBody()));
    }

    private JsonNode send(HttpRequest.Builder request) {
        request.timeout(REQUEST_TIMEOUT).header("Accept", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (java.net.ConnectException e) {
            throw new ClusterUnavailableException("no master answers at " + master + " (connection refused); start "
                    + "one with 'sluice start' or 'sluice cluster start', or name it with --master");
        } catch (IOException e) {
            throw new Unanswered("no answer from " + master + " (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "); see the master's log");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandInterruptedException("interrupted while waiting for " + master);
        }
        JsonNode body;
        try {
            body = response.body().length == 0 ? MAPPER.createObjectNode() : MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new Refused(response.statusCode(), master + " answered " + response.statusCode()
                    + " with something that is not JSON: is it a Sluice master?");
        }
        if (response.statusCode() >= 400) {
            JsonNode errors = body.path("errors");
            throw new Refused(response.statusCode(), errors.isArray() && !errors.isEmpty() ? errors.get(0).asText()
                    : "the master answered " + response.statusCode());
        }
        return body;
    }
}
