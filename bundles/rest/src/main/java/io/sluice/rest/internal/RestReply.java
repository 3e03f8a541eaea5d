package io.sluice.rest.internal;

import java.util.List;

/** An answer: its HTTP status and a body Jackson writes as JSON, or {@link Raw} bytes of another type. */
record RestReply(int status, Object body) {

    /** A body written as it is. */
    record Raw(String contentType, byte[] bytes) {
    }

    static RestReply ok(Object body) {
        return new RestReply(200, body);
    }

    static RestReply accepted(Object body) {
        return new RestReply(202, body);
    }

    /** Flink's error body: {@code {"errors": ["..."]}}. */
    static RestReply error(int status, String message) {
        return new RestReply(status, java.util.Map.of("errors", List.of(message)));
    }
}
