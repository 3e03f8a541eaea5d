package io.sluice.rpc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.CompletableFuture;

/** Checks gateway interfaces and makes the proxies every transport hands out. */
public final class Gateways {
    private Gateways() {
    }

    /** How a proxy's calls are carried: {@code call} for methods with an answer, {@code tell} for one-way ones. */
    public interface Invoker {
        CompletableFuture<Object> call(Method method, Object[] args);

        void tell(Method method, Object[] args);
    }

    /** The failure a gateway call's future carries, without the {@code CompletionException}s around it. */
    public static Throwable cause(Throwable error) {
        Throwable current = error;
        while (current instanceof java.util.concurrent.CompletionException && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    /** Refuses an interface with a method that neither returns a {@code CompletableFuture} nor nothing. */
    public static void check(Class<?> type) {
        if (!type.isInterface()) {
            throw new IllegalArgumentException(type.getName() + " is not an interface, so it cannot be a gateway");
        }
        for (Method method : type.getMethods()) {
            if (method.getReturnType() != CompletableFuture.class && method.getReturnType() != void.class) {
                throw new IllegalArgumentException(type.getName() + "." + method.getName()
                        + " must return CompletableFuture or void to be a gateway method");
            }
        }
    }

    /** A proxy of {@code type} whose calls go to {@code invoker}; {@code description} is its {@code toString}. */
    public static <G> G proxy(Class<G> type, String description, Invoker invoker) {
        check(type);
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "toString" -> description;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                };
            }
            Object[] arguments = args == null ? new Object[0] : args;
            if (method.getReturnType() == void.class) {
                invoker.tell(method, arguments);
                return null;
            }
            return invoker.call(method, arguments);
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }
}
