package io.sluice.registry;

/** No plugin of the kind is registered under the requested name; the message lists the known names. */
public class UnknownStrategyException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public UnknownStrategyException(String message) {
        super(message);
    }
}
