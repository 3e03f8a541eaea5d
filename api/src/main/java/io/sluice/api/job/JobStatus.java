package io.sluice.api.job;

/** The life cycle of a job. */
public enum JobStatus {
    INITIALIZING,
    CREATED,
    RUNNING,
    FAILING,
    RESTARTING,
    CANCELLING,
    FINISHED,
    FAILED,
    CANCELED,
    SUSPENDED;

    /** Whether the job will never change state again on this cluster. */
    public boolean isGloballyTerminal() {
        return this == FINISHED || this == FAILED || this == CANCELED;
    }
}
