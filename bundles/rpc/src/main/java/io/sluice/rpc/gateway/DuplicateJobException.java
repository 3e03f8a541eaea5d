package io.sluice.rpc.gateway;

/** A submission under a job id the Dispatcher knows already: nothing new starts (the REST API answers 409). */
public class DuplicateJobException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public DuplicateJobException(String message) {
        super(message);
    }
}
