package io.sluice.rest.internal;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

/**
 * The API's one servlet: checks what can be checked before a body is read — the route, the bearer token of a
 * state-changing request, a free submission permit, the declared length — then reads at most
 * {@code rest.max-content-length} bytes and answers asynchronously, so that a request waiting for a job holds no
 * server thread. Answers are JSON, also every error; no stack trace ever reaches a client.
 */
final class RestServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    /** More query parameters than any route reads is a malformed request, not a bigger map to build. */
    private static final int MAX_QUERY_PARAMETERS = 16;

    private final transient RestApi api;
    private final transient RestSettings settings;
    private final transient Semaphore bodies;
    private final transient BiConsumer<String, Throwable> internalError;

    RestServlet(RestApi api, RestSettings settings, BiConsumer<String, Throwable> internalError) {
        this.api = api;
        this.settings = settings;
        this.bodies = new Semaphore(settings.maxConcurrentSubmissions());
        this.internalError = internalError;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getDispatcherType() == jakarta.servlet.DispatcherType.ERROR) {
            // the server refused the request before any route saw it (an ambiguous or malformed URI, say)
            Object status = request.getAttribute(jakarta.servlet.RequestDispatcher.ERROR_STATUS_CODE);
            Object message = request.getAttribute(jakarta.servlet.RequestDispatcher.ERROR_MESSAGE);
            int code = status instanceof Integer value ? value : 400;
            write(response, RestReply.error(code, code >= 500 ? "internal error of the master; its log has the details"
                    : "the request was refused: " + (message == null ? "HTTP " + code : message)));
            return;
        }
        String method = request.getMethod();
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        Map<String, String> query;
        try {
            query = query(request.getQueryString());
        } catch (IllegalArgumentException e) {
            write(response, RestReply.error(400, e.getMessage()));
            return;
        }
        Route route = api.find(method, path);
        if (route != null && route.changesState() && !authorized(request.getHeader("Authorization"))) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"sluice\"");
            write(response, RestReply.error(401, method + " " + path + " needs the header 'Authorization: Bearer "
                    + "<rest.auth.token>'" + (request.getHeader("Authorization") == null ? "" : "; the one sent is wrong")));
            return;
        }
        boolean readsBody = route != null && route.request() != null;
        if (readsBody && !bodies.tryAcquire()) {
            response.setHeader("Retry-After", "1");
            write(response, RestReply.error(429, "more than " + settings.maxConcurrentSubmissions() + " submissions are"
                    + " in progress (rest.submissions.max-concurrent); try again shortly"));
            return;
        }
        AtomicBoolean released = new AtomicBoolean(!readsBody);
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                bodies.release();
            }
        };
        byte[] body;
        try {
            body = readsBody ? body(request) : new byte[0];
        } catch (RestException tooLong) {
            release.run();
            if (!discardRest(request)) {
                response.setHeader("Connection", "close");
            }
            write(response, RestReply.error(tooLong.status(), tooLong.getMessage()));
            return;
        } catch (IOException | RuntimeException broken) {
            release.run();
            response.setHeader("Connection", "close");
            write(response, RestReply.error(400, "the request body could not be read: " + broken.getMessage()));
            return;
        }
        AsyncContext async = request.startAsync();
        async.setTimeout(settings.maxResultWait().toMillis() + 30_000);
        AtomicBoolean answered = new AtomicBoolean();
        async.addListener(new AsyncListener() {
            @Override
            public void onTimeout(AsyncEvent event) throws IOException {
                if (answered.compareAndSet(false, true)) {
                    release.run();
                    write(response, RestReply.error(503, "the master did not answer in time; try again"));
                    async.complete();
                }
            }

            @Override
            public void onComplete(AsyncEvent event) {
                release.run();
            }

            @Override
            public void onError(AsyncEvent event) {
                release.run();
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
            }
        });
        api.handle(method, path, query, request.getContentType(), body).whenComplete((reply, error) -> {
            release.run();
            if (!answered.compareAndSet(false, true)) {
                return;
            }
            // written on a server thread: the future may complete on a component's main thread, which never blocks
            async.start(() -> {
                try {
                    write(response, reply);
                } catch (IOException gone) {
                    // the client went away; nothing to answer
                } catch (RuntimeException e) {
                    internalError.accept("writing the answer to " + method + " " + path + " failed", e);
                } finally {
                    async.complete();
                }
            });
        });
    }

    private boolean authorized(String header) {
        if (settings.authToken().isEmpty()) {
            return true;
        }
        String expected = "Bearer " + settings.authToken();
        return header != null && MessageDigest.isEqual(header.getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8));
    }

    private byte[] body(HttpServletRequest request) throws IOException {
        long limit = settings.maxContentLength();
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            throw tooLarge(declared + " bytes");
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream((int) Math.max(0, Math.min(declared, 64 * 1024)));
        byte[] chunk = new byte[8192];
        InputStream in = request.getInputStream(); // left open: a refused body's rest is discarded from it
        int read;
        while ((read = in.read(chunk)) != -1) {
            if (body.size() + (long) read > limit) {
                throw tooLarge("more than " + limit + " bytes");
            }
            body.write(chunk, 0, read);
        }
        return body.toByteArray();
    }

    /**
     * Reads and drops what is left of a refused body, up to {@value #DISCARDED_AT_MOST} bytes, so that a client that
     * sends it whole before it reads (most do; 100-continue is rare) gets the answer instead of a broken pipe.
     * Nothing of it is kept. False when more was left: the connection is then closed.
     */
    private static boolean discardRest(HttpServletRequest request) {
        byte[] sink = new byte[8192];
        long discarded = 0;
        try {
            InputStream in = request.getInputStream();
            int read;
            while ((read = in.read(sink)) != -1) {
                discarded += read;
                if (discarded > DISCARDED_AT_MOST) {
                    return false;
                }
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static final long DISCARDED_AT_MOST = 64L << 20;

    private RestException tooLarge(String size) {
        return new RestException(413, "the request body has " + size + ", more than rest.max-content-length ("
                + settings.maxContentLength() + " bytes)");
    }

    /** The query's parameters, the first value of each; throws on a malformed or oversized query. */
    static Map<String, String> query(String queryString) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (queryString == null || queryString.isEmpty()) {
            return parameters;
        }
        String[] pairs = queryString.split("&", MAX_QUERY_PARAMETERS + 1);
        if (pairs.length > MAX_QUERY_PARAMETERS) {
            throw new IllegalArgumentException("the query has more than " + MAX_QUERY_PARAMETERS + " parameters");
        }
        for (String pair : pairs) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            parameters.putIfAbsent(name, value);
        }
        return parameters;
    }

    static void write(HttpServletResponse response, RestReply reply) throws IOException {
        boolean raw = reply.body() instanceof RestReply.Raw;
        byte[] json = raw ? ((RestReply.Raw) reply.body()).bytes() : Json.MAPPER.writeValueAsBytes(reply.body());
        response.setStatus(reply.status());
        if (reply.status() == 503) {
            response.setHeader("Retry-After", "1"); // busy or a component restarting: both pass in moments
        }
        response.setContentType(raw ? ((RestReply.Raw) reply.body()).contentType() : "application/json;charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setContentLength(json.length);
        response.getOutputStream().write(json);
    }
}
