package io.sluice.jobmaster.internal;

/** A slot request the cluster could not serve; the message says what was asked and what the cluster has. */
public class NoSlotAvailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NoSlotAvailableException(String message) {
        super(message);
    }
}
