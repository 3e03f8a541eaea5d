package io.sluice.cli.internal;

/** The exit status of every {@code sluice} command; README's table lists them. */
final class ExitCode {
    /** The command did what it was asked; for {@code run}, the job FINISHED. */
    static final int OK = 0;
    /** The job ran and FAILED or was CANCELED. */
    static final int JOB_FAILED = 1;
    /** The job file, an option or an argument is wrong; nothing ran. */
    static final int INVALID_INPUT = 2;
    /** The platform did not offer a service the command needs (a component failed to start); see the log. */
    static final int CLUSTER_UNAVAILABLE = 3;
    /** A defect of Sluice: the command failed unexpectedly; the log has the stack trace. */
    static final int INTERNAL_ERROR = 70;
    /** The launcher went away (as by SIGTERM or SIGKILL of {@code bin/sluice}), or the command was interrupted. */
    static final int LAUNCHER_GONE = 143;

    private ExitCode() {
    }
}
