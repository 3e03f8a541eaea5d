package io.sluice.shuffle;

/** A partition cannot be written or read: it was released (its producer or consumer was cancelled) or lost. */
public class PartitionException extends RuntimeException {
    public PartitionException(String message) {
        super(message);
    }

    public PartitionException(String message, Throwable cause) {
        super(message, cause);
    }
}
