package io.sluice.rpc.gateway;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Why a task failed, as text: it crosses the wire without Java serialisation and outlives the user's classes. */
public record TaskFailure(String exceptionClass, String message, String stackTrace) {

    public static TaskFailure of(Throwable error) {
        StringWriter trace = new StringWriter();
        error.printStackTrace(new PrintWriter(trace));
        return new TaskFailure(error.getClass().getName(), String.valueOf(error.getMessage()), trace.toString());
    }

    /** {@code class: message}, the line users read first. */
    public String summary() {
        return exceptionClass + ": " + message;
    }
}
