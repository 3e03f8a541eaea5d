package io.sluice.client;

/** A job file that is not valid JSON or not shaped like a job; the message says where. */
public class JobFileException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public JobFileException(String message) {
        super(message);
    }
}
