package io.sluice.cli.internal;

/** A service the command needs is missing from the platform; exits with {@link ExitCode#CLUSTER_UNAVAILABLE}. */
class ClusterUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ClusterUnavailableException(String message) {
        super(message);
    }
}
