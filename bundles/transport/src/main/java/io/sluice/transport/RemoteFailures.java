package io.sluice.transport;

import io.sluice.api.job.JobValidationException;
import io.sluice.rpc.FencingTokenException;
import io.sluice.rpc.RemoteException;
import io.sluice.rpc.RpcException;
import io.sluice.rpc.gateway.DispatcherBusyException;
import io.sluice.rpc.gateway.DuplicateJobException;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * Exceptions across the wire: sent as type, message and stack text; rebuilt on the caller's side as the same type
 * when it is one callers tell apart (bad arguments, wrong state, stale token, no answer), else as a
 * {@link RemoteException}. The remote stack text rides along as a suppressed exception, for the log.
 */
final class RemoteFailures {
    private static final Map<String, Function<String, RuntimeException>> REBUILT = Map.of(
            IllegalArgumentException.class.getName(), IllegalArgumentException::new,
            JobValidationException.class.getName(), IllegalArgumentException::new,
            IllegalStateException.class.getName(), IllegalStateException::new,
            UnsupportedOperationException.class.getName(), UnsupportedOperationException::new,
            NoSuchElementException.class.getName(), NoSuchElementException::new,
            RpcException.class.getName(), RpcException::new,
            FencingTokenException.class.getName(), FencingTokenException::new,
            DuplicateJobException.class.getName(), DuplicateJobException::new,
            DispatcherBusyException.class.getName(), DispatcherBusyException::new);

    private RemoteFailures() {
    }

    static Frames.Failure describe(Throwable error) {
        return new Frames.Failure(error.getClass().getName(), String.valueOf(error.getMessage()),
                Connection.stackText(error));
    }

    static RuntimeException rebuild(Frames.Failure failure) {
        String type = String.valueOf(failure.type());
        String message = String.valueOf(failure.message());
        Function<String, RuntimeException> known = REBUILT.get(type);
        RemoteException remote = new RemoteException(type, message, String.valueOf(failure.stackTrace()));
        if (known == null) {
            return remote;
        }
        RuntimeException rebuilt = known.apply(message);
        rebuilt.addSuppressed(remote);
        return rebuilt;
    }
}
