package io.sluice.rpc.gateway;

/** A submission the Dispatcher cannot take now: it runs as many jobs as it may. Nothing started; try again later. */
public class DispatcherBusyException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public DispatcherBusyException(String message) {
        super(message);
    }
}
