package io.sluice.rpc;

/**
 * A call carried a fencing token that is not the endpoint's current one: it was meant for an earlier incarnation
 * (a ResourceManager before a restart, a JobMaster of an earlier run, a TaskExecutor declared lost). It was not
 * run.
 */
public class FencingTokenException extends RpcException {
    private static final long serialVersionUID = 1L;

    public FencingTokenException(String message) {
        super(message);
    }
}
