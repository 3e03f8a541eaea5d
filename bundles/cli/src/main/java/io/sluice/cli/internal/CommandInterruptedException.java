package io.sluice.cli.internal;

/**
 * The command's thread was interrupted, as when the platform stops under it; exits with
 * {@link ExitCode#LAUNCHER_GONE}, the status of a command that was stopped.
 */
final class CommandInterruptedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CommandInterruptedException(String message) {
        super(message);
    }
}
