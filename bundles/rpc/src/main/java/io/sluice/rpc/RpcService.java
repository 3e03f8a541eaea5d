package io.sluice.rpc;

import java.util.function.Supplier;

/**
 * The transport of one process: it serves this process's endpoints under addresses and connects to endpoints
 * anywhere by address. Calls have one contract whichever way they travel: they run on the target's main thread,
 * carry the address's fencing token, and always end (answer, error, or {@link RpcException} after
 * {@code rpc.ask-timeout}).
 */
public interface RpcService {

    /**
     * Serves {@code target} as endpoint {@code id} of this process, its calls run on {@code mainThread}.
     *
     * @param fencingToken the token every call must carry, read on the main thread at each call; {@code null} for
     *        an endpoint that is not fenced
     * @throws IllegalArgumentException when {@code id} is served already or {@code type} is not a gateway
     */
    <G> Registration serve(String id, Class<G> type, G target, MainThreadExecutor mainThread,
            Supplier<String> fencingToken);

    /** A gateway to the endpoint at {@code address}; connecting happens on the first call, not here. */
    <G> G connect(RpcAddress address, Class<G> type);

    /**
     * Runs {@code onLost} once, on a transport thread, when the process of {@code address} is unreachable: its
     * connection closed, or no connection could be made. Endpoints of this process are never lost this way.
     */
    Subscription watch(RpcAddress address, Runnable onLost);

    /** An endpoint served by this process. */
    interface Registration extends AutoCloseable {
        /** Where others reach it, with its current fencing token. */
        RpcAddress address();

        /** Stops serving it: calls that arrive later fail with an {@link RpcException}. */
        @Override
        void close();
    }

    /** A watch that is no longer needed. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
