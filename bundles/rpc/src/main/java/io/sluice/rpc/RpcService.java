package io.sluice.rpc;

import java.util.function.Supplier;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The transport of one process: it serves this process's endpoints under addresses and connects to endpoints
 * anywhere by address. Calls have one contract whichever way they travel: they run on the target's main thread,
 * carry the address's fencing token, and always end (answer, error, or {@link RpcException} after
 * {@code rpc.ask-timeout}). Transports implement it; components only call it.
 */
@ProviderType
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
     * Where endpoint {@code id} of this process is reached, without a fencing token: for an unfenced endpoint with
     * a well-known id (a leader endpoint), whichever component serves it now.
     */
    RpcAddress addressOf(String id);

    /**
     * Runs {@code onLost} once, on a transport thread or the caller's, when the endpoint at {@code address} is
     * gone: its process is unreachable (its connection closed, or no connection could be made), or the endpoint
     * is no longer served there with the address's fencing token (it stopped, or an other incarnation serves
     * its id). This holds for endpoints of this process too.
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
