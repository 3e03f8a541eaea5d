package io.sluice.rpc.gateway;

import io.sluice.api.job.IntermediateResultPartitionId;
import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * Why a task failed, as text: it crosses the wire without Java serialisation and outlives the user's classes.
 *
 * @param unavailable the partition the task could not read, when that was the failure: the JobMaster treats it as
 *        lost, so the failover strategy restarts its producer too; {@code null} for any other failure
 */
public record TaskFailure(String exceptionClass, String message, String stackTrace, UnavailablePartition unavailable) {

    /** A partition as one attempt of its producer wrote it. */
    public record UnavailablePartition(IntermediateResultPartitionId partition, int producerAttempt) {
    }

    public TaskFailure(String exceptionClass, String message, String stackTrace) {
        this(exceptionClass, message, stackTrace, null);
    }

    public static TaskFailure of(Throwable error) {
        return of(error, null);
    }

    public static TaskFailure of(Throwable error, UnavailablePartition unavailable) {
        StringWriter trace = new StringWriter();
        error.printStackTrace(new PrintWriter(trace));
        return new TaskFailure(error.getClass().getName(), String.valueOf(error.getMessage()), trace.toString(),
                unavailable);
    }

    /** {@code class: message}, the line users read first. */
    public String summary() {
        return exceptionClass + ": " + message;
    }
}
