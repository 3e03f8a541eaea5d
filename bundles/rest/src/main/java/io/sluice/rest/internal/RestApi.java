package io.sluice.rest.internal;

import io.sluice.rpc.Gateways;
import io.sluice.rpc.RpcException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * The route table and its dispatch: finds the route of a request, runs its handler, and turns every failure into
 * an answer — a refusal ({@link RestException}, or a gateway's {@link IllegalArgumentException}) into its 4xx, a
 * component that does not answer into 503, anything else into 500 with the details only in the log.
 */
final class RestApi {
    private final List<Route> routes;
    private final BiConsumer<String, Throwable> internalError;

    RestApi(List<Route> routes, BiConsumer<String, Throwable> internalError) {
        this.routes = List.copyOf(routes);
        this.internalError = internalError;
    }

    /** Every route with the handlers of {@code jobs} and {@code cluster}, in the order docs/rest.md lists them. */
    static List<Route> routes(ClusterHandlers cluster, JobHandlers jobs, MetricsHandler metrics) {
        List<Route> all = new ArrayList<>(cluster.routes());
        all.addAll(jobs.routes());
        all.add(metrics.route());
        return all;
    }

    List<Route> routes() {
        return routes;
    }

    /** The route for a method and path, or {@code null} when no route has the path. */
    Route find(String method, String path) {
        List<String> segments = Route.segments(path);
        for (Route route : routes) {
            if (route.method().equals(method) && route.match(segments) != null) {
                return route;
            }
        }
        return null;
    }

    /** The methods the path has, for 405 answers; empty when no route has it. */
    Set<String> methodsOf(String path) {
        List<String> segments = Route.segments(path);
        Set<String> methods = new LinkedHashSet<>();
        for (Route route : routes) {
            if (route.match(segments) != null) {
                methods.add(route.method());
            }
        }
        return methods;
    }

    /** Answers a request; the future never fails. */
    CompletableFuture<RestReply> handle(String method, String path, Map<String, String> query, String contentType,
            byte[] body) {
        List<String> segments = Route.segments(path);
        for (Route route : routes) {
            Map<String, String> parameters;
            if (route.method().equals(method) && (parameters = route.match(segments)) != null) {
                RestRequest request = new RestRequest(method, path, parameters, query, contentType, body);
                CompletableFuture<RestReply> reply;
                try {
                    reply = route.handler().apply(request);
                } catch (RuntimeException e) {
                    reply = CompletableFuture.failedFuture(e);
                }
                return reply.handle((answer, error) -> error == null ? answer : failure(route, error));
            }
        }
        Set<String> methods = methodsOf(path);
        return CompletableFuture.completedFuture(methods.isEmpty()
                ? RestReply.error(404, "no resource at " + path + " (docs/rest.md lists them)")
                : RestReply.error(405, method + " is not allowed on " + path + "; allowed: " + String.join(", ", methods)));
    }

    private RestReply failure(Route route, Throwable error) {
        Throwable cause = Gateways.cause(error);
        if (cause instanceof RestException refused) {
            return RestReply.error(refused.status(), refused.getMessage());
        }
        if (cause instanceof IllegalArgumentException refused) {
            return RestReply.error(400, String.valueOf(refused.getMessage()));
        }
        if (cause instanceof RpcException unanswered) {
            return RestReply.error(503, "the master did not answer in time (" + unanswered.getMessage() + "); try again");
        }
        internalError.accept(route.method() + " " + route.path() + " failed", cause);
        return RestReply.error(500, "internal error of the master; its log has the details");
    }
}
