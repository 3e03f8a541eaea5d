package io.sluice.transport;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.sluice.rpc.Gateways;
import io.sluice.rpc.RpcException;
import io.sluice.transport.internal.WireSchema;
import io.sluice.transport.internal.WireSchema.MessageType;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One authenticated, ordered connection between two processes; both ends send calls over it. It is the last
 * handler of the channel's pipeline (after TLS and the length-field framing) and runs on the channel's event loop:
 * the handshake state is touched only there. Until the handshake is done, any other frame closes the connection
 * and nothing is dispatched; a frame this process cannot read (unknown kind, message id or version, malformed
 * content) does the same, after telling the peer why.
 */
final class Connection extends ChannelInboundHandlerAdapter {
    /** What a connection needs of its service. */
    interface Host {
        WireSchema schema();

        ClusterSecret secret();

        /** The address this process serves RPC on, sent in HELLO so the peer can call back over this connection. */
        String advertisedHost();

        int advertisedPort();

        Duration handshakeTimeout();

        /** Runs an incoming call; the future answers it. {@code null} for one-way messages. */
        CompletableFuture<Object> dispatch(MessageType type, String endpoint, String token, Object[] args);

        /** The handshake succeeded; {@code peerProcess} is {@code host:port} of the peer's RPC port, or null. */
        void ready(Connection connection, String peerProcess);

        void closed(Connection connection);

        /**
         * Runs {@code onGone} once when this process's endpoint {@code endpoint} is no longer served with
         * {@code token}, at once if it is not now; the returned handle withdraws the watch.
         */
        Runnable watchEndpoint(String endpoint, String token, Runnable onGone);

        void warn(String message);
    }

    private enum State { AWAIT_HELLO, AWAIT_CHALLENGE, AWAIT_PROOF, AWAIT_READY, READY, CLOSED }

    private final Host host;
    private final boolean connecting;
    private final String remote;
    private final CompletableFuture<Connection> ready = new CompletableFuture<>();
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicLong nextCall = new AtomicLong();
    private volatile State state;
    private volatile Channel channel;
    private volatile String closeReason;
    /** {@code host:port} of the peer's RPC port, as its HELLO says; {@code null} for a peer that serves none. */
    private String peerProcess;
    private byte[] clientNonce;
    private byte[] serverNonce;
    private ScheduledFuture<?> handshakeTimer;
    private int maxFrameBytes = TransportSettings.DEFAULT_MAX_FRAME_BYTES;
    /** The peer's endpoints watched from here, with who is told when one is gone. Guarded by itself. */
    private final Map<Frames.EndpointRef, java.util.List<Runnable>> watching = new java.util.HashMap<>();
    /** This process's endpoints the peer watches, each with the handle that withdraws the watch. */
    private final Map<Frames.EndpointRef, Runnable> watchedByPeer = new ConcurrentHashMap<>();

    /** More endpoint watches than any peer needs (one per job and the ResourceManager): a misbehaving peer. */
    static final int MAX_WATCHES = 65_536;

    private record Pending(MessageType type, CompletableFuture<Object> result) {
    }

    /** @param connecting whether this side opened the connection (it sends HELLO) */
    Connection(Host host, boolean connecting, String remote) {
        this.host = host;
        this.connecting = connecting;
        this.remote = remote;
        this.state = connecting ? State.AWAIT_CHALLENGE : State.AWAIT_HELLO;
    }

    /** Completes once the handshake is done; fails when the connection closes before. */
    CompletableFuture<Connection> ready() {
        return ready;
    }

    String remote() {
        return remote;
    }

    boolean isOpen() {
        Channel current = channel;
        return current != null && current.isActive() && state != State.CLOSED;
    }

    Channel channel() {
        return channel;
    }

    void close(String reason) {
        closeReason = reason;
        Channel current = channel;
        if (current != null) {
            current.close();
        }
    }

    // ---- handshake

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        long timeout = host.handshakeTimeout().toMillis();
        handshakeTimer = ctx.executor().schedule(() -> {
            if (state != State.READY && state != State.CLOSED) {
                protocolError(ctx, "no authentication within " + timeout + " ms");
            }
        }, timeout, TimeUnit.MILLISECONDS);
        if (connecting) {
            clientNonce = Handshake.nonce();
            send(ctx, Frames.HELLO, new Frames.Hello(Frames.PROTOCOL_VERSION, clientNonce, host.advertisedHost(),
                    host.advertisedPort()));
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        ByteBuf frame = (ByteBuf) message;
        try {
            read(ctx, frame);
        } catch (ProtocolException e) {
            protocolError(ctx, e.getMessage());
        } catch (IOException | RuntimeException e) {
            protocolError(ctx, "unreadable frame: " + e.getMessage());
        } finally {
            ReferenceCountUtil.release(frame);
        }
    }

    private void read(ChannelHandlerContext ctx, ByteBuf frame) throws IOException {
        if (state == State.CLOSED) {
            return;
        }
        if (frame.readableBytes() < Frames.HEADER_BYTES || frame.readShort() != Frames.MAGIC) {
            throw new ProtocolException("not a Sluice RPC frame");
        }
        byte protocol = frame.readByte();
        if (protocol != Frames.PROTOCOL_VERSION) {
            throw new ProtocolException("protocol version " + protocol + " is not spoken here (version "
                    + Frames.PROTOCOL_VERSION + ")");
        }
        byte kind = frame.readByte();
        switch (state) {
            case AWAIT_HELLO -> onHello(ctx, expect(kind, Frames.HELLO, frame, Frames.Hello.class));
            case AWAIT_CHALLENGE -> {
                if (host.secret() == null) {
                    expectEmpty(kind, Frames.READY, frame); // TLS authenticated both sides
                    becomeReady(null);
                } else {
                    onChallenge(ctx, expect(kind, Frames.CHALLENGE, frame, Frames.Challenge.class));
                }
            }
            case AWAIT_PROOF -> onProof(ctx, expect(kind, Frames.PROOF, frame, Frames.Proof.class));
            case AWAIT_READY -> {
                expectEmpty(kind, Frames.READY, frame);
                becomeReady(null);
            }
            case READY -> onMessage(ctx, kind, frame);
            default -> { }
        }
    }

    private <T> T expect(byte kind, byte expected, ByteBuf frame, Class<T> type) throws IOException {
        if (kind == Frames.ERROR) {
            Frames.Failure failure = decode(frame, Frames.Failure.class);
            throw new ProtocolException("refused by the peer: " + failure.message());
        }
        if (kind != expected) {
            throw new ProtocolException("frame of kind " + kind + " before the handshake is done");
        }
        T value = decode(frame, type);
        if (value == null) {
            throw new ProtocolException("empty handshake frame");
        }
        return value;
    }

    private void expectEmpty(byte kind, byte expected, ByteBuf frame) throws IOException {
        if (kind == Frames.ERROR) {
            throw new ProtocolException("refused by the peer: " + decode(frame, Frames.Failure.class).message());
        }
        if (kind != expected || frame.isReadable()) {
            throw new ProtocolException("frame of kind " + kind + " before the handshake is done");
        }
    }

    private void onHello(ChannelHandlerContext ctx, Frames.Hello hello) {
        if (hello.protocol() != Frames.PROTOCOL_VERSION || hello.nonce() == null
                || hello.nonce().length != Handshake.NONCE_BYTES) {
            throw new ProtocolException("malformed HELLO");
        }
        String peer = hello.host() != null && !hello.host().isBlank() && hello.port() > 0 && hello.port() <= 65535
                ? hello.host() + ":" + hello.port() : null;
        peerProcess = peer;
        if (host.secret() == null) {
            send(ctx, Frames.READY, null); // TLS authenticated the peer already
            becomeReady(peer);
            return;
        }
        clientNonce = hello.nonce();
        serverNonce = Handshake.nonce();
        send(ctx, Frames.CHALLENGE, new Frames.Challenge(serverNonce,
                Handshake.proof(host.secret(), true, clientNonce, serverNonce)));
        state = State.AWAIT_PROOF;
    }

    private void onChallenge(ChannelHandlerContext ctx, Frames.Challenge challenge) {
        if (host.secret() == null || challenge.nonce() == null || challenge.nonce().length != Handshake.NONCE_BYTES) {
            throw new ProtocolException("malformed CHALLENGE");
        }
        serverNonce = challenge.nonce();
        if (!Handshake.verify(Handshake.proof(host.secret(), true, clientNonce, serverNonce), challenge.proof())) {
            throw new ProtocolException(remote + " does not know the cluster secret");
        }
        send(ctx, Frames.PROOF, new Frames.Proof(Handshake.proof(host.secret(), false, clientNonce, serverNonce)));
        state = State.AWAIT_READY;
    }

    private void onProof(ChannelHandlerContext ctx, Frames.Proof proof) {
        if (connecting) {
            throw new ProtocolException("unexpected PROOF");
        }
        if (!Handshake.verify(Handshake.proof(host.secret(), false, clientNonce, serverNonce), proof.proof())) {
            host.warn("RPC connection from " + remote + " refused: it does not know the cluster secret");
            throw new ProtocolException("authentication failed");
        }
        send(ctx, Frames.READY, null);
        becomeReady(peerProcess);
    }

    private void becomeReady(String peer) {
        state = State.READY;
        if (handshakeTimer != null) {
            handshakeTimer.cancel(false);
        }
        host.ready(this, peer);
        ready.complete(this);
    }

    // ---- calls

    private void onMessage(ChannelHandlerContext ctx, byte kind, ByteBuf frame) throws IOException {
        switch (kind) {
            case Frames.REQUEST, Frames.TELL -> onRequest(ctx, kind == Frames.REQUEST, frame);
            case Frames.ANSWER -> onAnswer(frame.readLong(), frame);
            case Frames.FAILURE -> {
                long call = frame.readLong();
                Pending waiting = pending.remove(call);
                Frames.Failure failure = decode(frame, Frames.Failure.class);
                if (waiting != null) {
                    waiting.result().completeExceptionally(RemoteFailures.rebuild(failure));
                }
            }
            case Frames.ERROR -> throw new ProtocolException("the peer closes the connection: "
                    + decode(frame, Frames.Failure.class).message());
            case Frames.WATCH -> onWatch(ctx, endpointRef(frame));
            case Frames.GONE -> onGone(endpointRef(frame));
            default -> throw new ProtocolException("unknown frame kind " + kind);
        }
    }

    // ---- endpoint watches

    /**
     * Runs {@code onGone} once when the peer's endpoint {@code endpoint} is no longer served with {@code token};
     * the peer is asked once per endpoint and token, however many watch it here. The returned handle withdraws
     * this watch (the peer's side lives on until the endpoint is gone or the connection closes).
     */
    Runnable watchEndpoint(String endpoint, String token, Runnable onGone) {
        Frames.EndpointRef ref = new Frames.EndpointRef(endpoint, token);
        boolean ask;
        synchronized (watching) {
            java.util.List<Runnable> watchers = watching.get(ref);
            ask = watchers == null;
            if (ask) {
                watchers = new java.util.ArrayList<>();
                watching.put(ref, watchers);
            }
            watchers.add(onGone);
        }
        Channel current = channel;
        if (ask && current != null) {
            ByteBuf frame = frame(current, Frames.WATCH);
            writeValue(frame, ref);
            finish(frame);
            current.writeAndFlush(frame);
        }
        return () -> {
            synchronized (watching) {
                java.util.List<Runnable> watchers = watching.get(ref);
                if (watchers != null) {
                    watchers.remove(onGone);
                }
            }
        };
    }

    private void onGone(Frames.EndpointRef ref) {
        java.util.List<Runnable> watchers;
        synchronized (watching) {
            watchers = watching.remove(ref);
        }
        if (watchers != null) {
            watchers.forEach(Runnable::run);
        }
    }

    private void onWatch(ChannelHandlerContext ctx, Frames.EndpointRef ref) {
        if (watchedByPeer.size() >= MAX_WATCHES) {
            throw new ProtocolException("more than " + MAX_WATCHES + " endpoint watches");
        }
        Runnable placeholder = () -> { };
        if (watchedByPeer.putIfAbsent(ref, placeholder) != null) {
            return; // watched already
        }
        Runnable withdraw = host.watchEndpoint(ref.endpoint(), ref.token(), () -> {
            if (watchedByPeer.remove(ref) != null && ctx.channel().isActive()) {
                ByteBuf frame = frame(ctx.channel(), Frames.GONE);
                writeValue(frame, ref);
                finish(frame);
                ctx.writeAndFlush(frame);
            }
        });
        watchedByPeer.replace(ref, placeholder, withdraw); // unless it was gone at once
    }

    private Frames.EndpointRef endpointRef(ByteBuf frame) throws IOException {
        Frames.EndpointRef ref = decode(frame, Frames.EndpointRef.class);
        if (ref == null || ref.endpoint() == null || ref.endpoint().isBlank()) {
            throw new ProtocolException("malformed endpoint watch");
        }
        return ref;
    }

    private void onRequest(ChannelHandlerContext ctx, boolean answer, ByteBuf frame) throws IOException {
        long call = answer ? frame.readLong() : 0;
        int id = frame.readUnsignedShort();
        int version = frame.readUnsignedByte();
        MessageType type = host.schema().byId(id);
        if (type == null) {
            throw new ProtocolException("unknown message id " + id);
        }
        if (type.version() != version) {
            throw new ProtocolException(type.name() + " (message " + id + ") version " + version
                    + " is not spoken here (version " + type.version() + ")");
        }
        if (answer == type.oneWay()) {
            throw new ProtocolException(type.name() + " sent as " + (answer ? "a call" : "one-way"));
        }
        ObjectMapper mapper = host.schema().mapper();
        String endpoint;
        String token;
        Object[] args = new Object[type.parameters().length];
        try (JsonParser parser = mapper.createParser((java.io.InputStream) new ByteBufInputStream(frame))) {
            require(parser.nextToken() == JsonToken.START_ARRAY, type);
            endpoint = parser.nextTextValue();
            require(endpoint != null, type);
            JsonToken tokenValue = parser.nextToken();
            require(tokenValue == JsonToken.VALUE_NULL || tokenValue == JsonToken.VALUE_STRING, type);
            token = tokenValue == JsonToken.VALUE_NULL ? null : parser.getText();
            for (int i = 0; i < args.length; i++) {
                require(parser.nextToken() != JsonToken.END_ARRAY, type);
                args[i] = mapper.readerFor(type.parameters()[i]).readValue(parser);
            }
            require(parser.nextToken() == JsonToken.END_ARRAY && parser.nextToken() == null, type);
        } catch (IOException | RuntimeException e) {
            throw new ProtocolException("malformed " + type.name() + ": " + firstLine(e.getMessage()));
        }
        CompletableFuture<Object> result = host.dispatch(type, endpoint, token, args);
        if (answer) {
            result.whenComplete((value, error) -> reply(call, type, value, error));
        }
    }

    private static void require(boolean condition, MessageType type) {
        if (!condition) {
            throw new ProtocolException("malformed " + type.name());
        }
    }

    private void reply(long call, MessageType type, Object value, Throwable error) {
        Channel current = channel;
        if (current == null || !current.isActive()) {
            return;
        }
        if (error == null) {
            try {
                ByteBuf frame = frame(current, Frames.ANSWER);
                frame.writeLong(call);
                try (ByteBufOutputStream out = new ByteBufOutputStream(frame)) {
                    host.schema().mapper().writerFor(type.result()).writeValue((java.io.OutputStream) out, value);
                } catch (IOException | RuntimeException e) {
                    frame.release();
                    throw e;
                }
                if (!finish(frame)) {
                    frame.release();
                    error = new IllegalStateException("the answer of " + type.name() + " is more than rpc.framesize ("
                            + maxFrameBytes + " bytes)");
                } else {
                    current.writeAndFlush(frame);
                    return;
                }
            } catch (IOException | RuntimeException e) {
                error = new IllegalStateException("the answer of " + type.name() + " could not be encoded: "
                        + e.getMessage(), e);
            }
        }
        ByteBuf frame = frame(current, Frames.FAILURE);
        frame.writeLong(call);
        writeValue(frame, RemoteFailures.describe(Gateways.cause(error)));
        if (!finish(frame)) {
            frame.release();
            frame = frame(current, Frames.FAILURE);
            frame.writeLong(call);
            writeValue(frame, new Frames.Failure(IllegalStateException.class.getName(), type.name()
                    + " failed, and its failure is more than rpc.framesize", ""));
            finish(frame);
        }
        current.writeAndFlush(frame);
    }

    private void onAnswer(long call, ByteBuf frame) throws IOException {
        Pending waiting = pending.remove(call);
        if (waiting == null) {
            return; // timed out already
        }
        try (JsonParser parser = host.schema().mapper().createParser((java.io.InputStream) new ByteBufInputStream(frame))) {
            parser.nextToken();
            Object value = host.schema().mapper().readerFor(waiting.type().result()).readValue(parser);
            if (parser.nextToken() != null) {
                throw new IOException("trailing bytes after the answer");
            }
            waiting.result().complete(value);
        } catch (IOException | RuntimeException e) {
            waiting.result().completeExceptionally(new RpcException("the answer of " + waiting.type().name()
                    + " from " + remote + " is malformed: " + firstLine(e.getMessage())));
            throw new ProtocolException("malformed answer of " + waiting.type().name());
        }
    }

    /**
     * Sends a call; the future ends with the answer, the remote failure, an {@link RpcException} when the
     * connection closes or after {@code timeout}. Encoding happens on the caller's thread.
     */
    CompletableFuture<Object> call(MessageType type, String endpoint, String token, Object[] args, Duration timeout) {
        CompletableFuture<Object> result = new CompletableFuture<>();
        Channel current = channel;
        if (current == null || state != State.READY) {
            result.completeExceptionally(new RpcException(type.name() + ": connection to " + remote + " is closed"));
            return result;
        }
        long call = nextCall.incrementAndGet();
        ByteBuf frame;
        try {
            frame = encodeRequest(current, Frames.REQUEST, call, type, endpoint, token, args);
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
            return result;
        }
        pending.put(call, new Pending(type, result));
        ScheduledFuture<?> timer = current.eventLoop().schedule(() -> {
            if (pending.remove(call) != null) {
                result.completeExceptionally(new RpcException(type.name() + ": no answer from " + endpoint + "@"
                        + remote + " within " + timeout.toMillis() + " ms (rpc.ask-timeout)"));
            }
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        result.whenComplete((value, error) -> timer.cancel(false));
        current.writeAndFlush(frame).addListener(written -> {
            if (!written.isSuccess() && pending.remove(call) != null) {
                result.completeExceptionally(new RpcException(type.name() + ": "
                        + (written.cause() instanceof java.nio.channels.ClosedChannelException
                                ? "connection to " + remote + " closed before the call was sent"
                                : "could not send to " + remote + ": " + written.cause())));
            }
        });
        if (state == State.CLOSED) {
            failPending(); // closed while this call was being registered
        }
        return result;
    }

    /** Sends a one-way message; dropped (like a message to a stopped process) when it cannot be sent. */
    void tell(MessageType type, String endpoint, String token, Object[] args) {
        Channel current = channel;
        if (current == null || state != State.READY) {
            return;
        }
        try {
            current.writeAndFlush(encodeRequest(current, Frames.TELL, 0, type, endpoint, token, args));
        } catch (RuntimeException e) {
            host.warn(type.name() + " to " + endpoint + "@" + remote + " not sent: " + e.getMessage());
        }
    }

    private ByteBuf encodeRequest(Channel current, byte kind, long call, MessageType type, String endpoint,
            String token, Object[] args) {
        ByteBuf frame = frame(current, kind);
        boolean done = false;
        try {
            if (kind == Frames.REQUEST) {
                frame.writeLong(call);
            }
            frame.writeShort(type.id());
            frame.writeByte(type.version());
            ObjectMapper mapper = host.schema().mapper();
            try (ByteBufOutputStream out = new ByteBufOutputStream(frame);
                    JsonGenerator generator = mapper.createGenerator((java.io.OutputStream) out)) {
                generator.writeStartArray();
                generator.writeString(endpoint);
                if (token == null) {
                    generator.writeNull();
                } else {
                    generator.writeString(token);
                }
                for (int i = 0; i < args.length; i++) {
                    mapper.writerFor(type.parameters()[i]).writeValue(generator, args[i]);
                }
                generator.writeEndArray();
            }
            if (!finish(frame)) {
                throw new IllegalArgumentException(type.name() + " to " + endpoint + " is " + (frame.readableBytes() - 4)
                        + " bytes, more than rpc.framesize (" + maxFrameBytes + " bytes); it was not sent");
            }
            done = true;
            return frame;
        } catch (IOException e) {
            throw new IllegalArgumentException(type.name() + " could not be encoded: " + e.getMessage(), e);
        } finally {
            if (!done) {
                frame.release();
            }
        }
    }

    /** Set before the channel is active. */
    void maxFrameBytes(int bytes) {
        this.maxFrameBytes = bytes;
    }

    // ---- frames

    /** A frame buffer with room for its length prefix (filled in when it is complete) and the header. */
    private static ByteBuf frame(Channel channel, byte kind) {
        ByteBuf frame = channel.alloc().buffer();
        frame.writeInt(0);
        frame.writeShort(Frames.MAGIC);
        frame.writeByte(Frames.PROTOCOL_VERSION);
        frame.writeByte(kind);
        return frame;
    }

    private void send(ChannelHandlerContext ctx, byte kind, Object body) {
        ByteBuf frame = frame(ctx.channel(), kind);
        if (body != null) {
            writeValue(frame, body);
        }
        finish(frame);
        ctx.writeAndFlush(frame);
    }

    private void writeValue(ByteBuf frame, Object body) {
        try (ByteBufOutputStream out = new ByteBufOutputStream(frame)) {
            host.schema().mapper().writeValue((java.io.OutputStream) out, body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Fills in the length prefix; {@code false} (buffer left as it is) when the frame is above the limit. */
    private boolean finish(ByteBuf frame) {
        int size = frame.readableBytes() - 4;
        if (size > maxFrameBytes) {
            return false;
        }
        frame.setInt(0, size);
        return true;
    }

    /** One value that must fill the rest of the frame. */
    private <T> T decode(ByteBuf frame, Class<T> type) throws IOException {
        try (JsonParser parser = host.schema().mapper().createParser((java.io.InputStream) new ByteBufInputStream(frame))) {
            parser.nextToken();
            T value = host.schema().mapper().readerFor(type).readValue(parser);
            if (parser.nextToken() != null) {
                throw new ProtocolException("trailing bytes after a " + type.getSimpleName());
            }
            return value;
        }
    }

    // ---- closing

    private void protocolError(ChannelHandlerContext ctx, String reason) {
        if (state == State.CLOSED) {
            return;
        }
        host.warn("RPC connection " + (connecting ? "to " : "from ") + remote + " closed: " + reason);
        closeReason = reason;
        state = State.CLOSED;
        ByteBuf frame = frame(ctx.channel(), Frames.ERROR);
        writeValue(frame, new Frames.Failure("protocol", reason, ""));
        finish(frame);
        ctx.writeAndFlush(frame).addListener(io.netty.channel.ChannelFutureListener.CLOSE);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable root = cause instanceof io.netty.handler.codec.DecoderException && cause.getCause() != null
                ? cause.getCause() : cause;
        if (root instanceof TooLongFrameException) {
            protocolError(ctx, "frame longer than rpc.framesize (" + maxFrameBytes + " bytes)");
        } else {
            if (state != State.CLOSED) {
                host.warn("RPC connection " + (connecting ? "to " : "from ") + remote + " failed: " + root);
            }
            closeReason = String.valueOf(root.getMessage());
            ctx.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        state = State.CLOSED;
        if (handshakeTimer != null) {
            handshakeTimer.cancel(false);
        }
        ready.completeExceptionally(new RpcException("connection to " + remote + " closed"
                + (closeReason == null ? "" : ": " + closeReason)));
        failPending();
        watchedByPeer.values().forEach(Runnable::run);
        watchedByPeer.clear();
        host.closed(this);
        ctx.fireChannelInactive();
    }

    private void failPending() {
        for (Long call : pending.keySet()) {
            Pending waiting = pending.remove(call);
            if (waiting != null) {
                waiting.result().completeExceptionally(new RpcException(waiting.type().name() + ": connection to "
                        + remote + " closed" + (closeReason == null ? "" : " (" + closeReason + ")")));
            }
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    static String stackText(Throwable error) {
        StringWriter text = new StringWriter();
        error.printStackTrace(new PrintWriter(text));
        return text.toString();
    }

    /** A frame this process cannot accept: the connection is closed after telling the peer why. */
    private static final class ProtocolException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ProtocolException(String message) {
            super(message, null, false, false);
        }
    }

    @Override
    public String toString() {
        return "RPC connection " + (connecting ? "to " : "from ") + remote;
    }
}
