package io.sluice.rpc;

/**
 * A call failed in the remote process with an exception this process does not rebuild: its type, message and
 * stack trace travel as text, since classes of the remote side need not exist here.
 */
public class RemoteException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String remoteType;
    private final String remoteStackTrace;

    public RemoteException(String remoteType, String message, String remoteStackTrace) {
        super(remoteType + ": " + message);
        this.remoteType = remoteType;
        this.remoteStackTrace = remoteStackTrace;
    }

    /** The class name of the exception in the remote process. */
    public String remoteType() {
        return remoteType;
    }

    /** The remote stack trace as the remote process printed it. */
    public String remoteStackTrace() {
        return remoteStackTrace;
    }
}
