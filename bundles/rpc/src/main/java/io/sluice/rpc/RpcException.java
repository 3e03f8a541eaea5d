package io.sluice.rpc;

/**
 * A gateway call that got no answer: its endpoint is closed (the component stopped), or it did not answer within
 * {@code rpc.ask-timeout}. The message names the gateway method and the endpoint.
 */
public class RpcException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RpcException(String message) {
        super(message);
    }
}
