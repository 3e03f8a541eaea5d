package io.sluice.rest.internal;

/** A request the API refuses: the HTTP status and the message the client gets in {@code {"errors": [...]}}. */
final class RestException extends RuntimeException {
    private final int status;

    RestException(int status, String message) {
        super(message, null, false, false); // a refusal is an answer, not a fault: no stack trace to fill or log
        this.status = status;
    }

    int status() {
        return status;
    }

    static RestException badRequest(String message) {
        return new RestException(400, message);
    }

    static RestException notFound(String message) {
        return new RestException(404, message);
    }
}
