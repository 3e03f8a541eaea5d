package io.sluice.rpc;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The wire identity of a gateway method: a network transport sends {@code id} and {@code version} instead of the
 * method's name and refuses a message whose id it does not know or whose version differs from its own. An id is
 * never reused for another method; a change of a method's parameters or result raises its version.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface RpcMessage {
    /** Unique across every gateway, from 1 to 65535. */
    int id();

    int version() default 1;
}
