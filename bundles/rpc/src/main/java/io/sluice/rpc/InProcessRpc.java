package io.sluice.rpc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.CompletableFuture;

/**
 * The in-process transport: a gateway whose every call becomes a task on the target component's main
 * thread. The returned future completes on that thread; callers continue on their own main thread with
 * {@code thenAcceptAsync(..., mainThread)}. Gateway methods must return {@code CompletableFuture} (or
 * {@code void}, for one-way messages).
 */
public final class InProcessRpc {
    private InProcessRpc() {
    }

    public static <G> G gateway(Class<G> type, G target, MainThreadExecutor targetThread) {
        for (Method method : type.getMethods()) {
            if (method.getReturnType() != CompletableFuture.class && method.getReturnType() != void.class) {
                throw new IllegalArgumentException(type.getName() + "." + method.getName()
                        + " must return CompletableFuture or void to be a gateway method");
            }
        }
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "toString" -> type.getSimpleName() + "@" + targetThread;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                };
            }
            CompletableFuture<Object> result = new CompletableFuture<>();
            targetThread.execute(() -> invoke(method, target, args, result));
            return method.getReturnType() == void.class ? null : result;
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }

    @SuppressWarnings("unchecked")
    private static void invoke(Method method, Object target, Object[] args, CompletableFuture<Object> result) {
        try {
            Object value = method.invoke(target, args);
            if (value instanceof CompletableFuture<?> future) {
                ((CompletableFuture<Object>) future).whenComplete((v, e) -> {
                    if (e != null) {
                        result.completeExceptionally(e);
                    } else {
                        result.complete(v);
                    }
                });
            } else {
                result.complete(value);
            }
        } catch (InvocationTargetException e) {
            result.completeExceptionally(e.getCause());
        } catch (IllegalAccessException | RuntimeException e) {
            result.completeExceptionally(e);
        }
    }
}
