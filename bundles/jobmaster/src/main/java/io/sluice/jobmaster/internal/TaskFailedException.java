package io.sluice.jobmaster.internal;

import io.sluice.rpc.gateway.TaskFailure;

/** A task's failure as the failover and backoff strategies see it: the remote exception's class and message. */
final class TaskFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TaskFailedException(TaskFailure failure) {
        super(failure.summary(), null, false, false);
    }
}
