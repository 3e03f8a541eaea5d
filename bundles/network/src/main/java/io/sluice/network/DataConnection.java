package io.sluice.network;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.sluice.transport.ClusterSecret;
import io.sluice.transport.Handshake;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One data connection's handshake and framing, shared by both ends: the connecting side proves it knows the
 * cluster secret and checks that the accepting side does (HMAC over two fresh nonces, as the RPC port does), and
 * until then any other frame closes the connection and nothing is served. Runs on the channel's event loop.
 */
abstract class DataConnection extends ChannelInboundHandlerAdapter {
    private enum State { AWAIT_HELLO, AWAIT_CHALLENGE, AWAIT_PROOF, AWAIT_READY, READY, CLOSED }

    private final ClusterSecret secret;
    private final boolean connecting;
    private final Duration handshakeTimeout;
    protected final Consumer<String> warnings;
    protected final String remote;
    private State state;
    private byte[] clientNonce;
    private byte[] serverNonce;
    private ScheduledFuture<?> handshakeTimer;
    protected volatile Channel channel;
    protected volatile String closeReason;

    DataConnection(ClusterSecret secret, boolean connecting, Duration handshakeTimeout, String remote,
            Consumer<String> warnings) {
        this.secret = secret;
        this.connecting = connecting;
        this.handshakeTimeout = handshakeTimeout;
        this.remote = remote;
        this.warnings = warnings;
        this.state = connecting ? State.AWAIT_CHALLENGE : State.AWAIT_HELLO;
    }

    /** The handshake is done: frames may flow. On the event loop. */
    abstract void onReady();

    /** A frame after the handshake; throw {@link DataFrames.ProtocolException} to close the connection. */
    abstract void onFrame(byte kind, ByteBuf frame);

    /** The connection closed, for whatever reason ({@link #closeReason} may say). On the event loop. */
    abstract void onClosed();

    boolean isReady() {
        return state == State.READY;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        long timeout = handshakeTimeout.toMillis();
        handshakeTimer = ctx.executor().schedule(() -> {
            if (state != State.READY && state != State.CLOSED) {
                protocolError(ctx, "no authentication within " + timeout + " ms");
            }
        }, timeout, TimeUnit.MILLISECONDS);
        if (connecting) {
            clientNonce = Handshake.nonce();
            ByteBuf hello = DataFrames.start(ctx.channel(), DataFrames.HELLO, Handshake.NONCE_BYTES);
            hello.writeBytes(clientNonce);
            ctx.writeAndFlush(DataFrames.finish(hello));
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        ByteBuf frame = (ByteBuf) message;
        try {
            if (state == State.CLOSED) {
                return;
            }
            byte kind = DataFrames.kind(frame);
            if (kind == DataFrames.ERROR) {
                throw new DataFrames.ProtocolException("the peer closes the connection: "
                        + frame.toString(StandardCharsets.UTF_8));
            }
            switch (state) {
                case AWAIT_HELLO -> onHello(ctx, kind, frame);
                case AWAIT_CHALLENGE -> onChallenge(ctx, kind, frame);
                case AWAIT_PROOF -> onProof(ctx, kind, frame);
                case AWAIT_READY -> {
                    expect(kind, DataFrames.READY);
                    DataFrames.expectEnd(frame);
                    becomeReady();
                }
                case READY -> onFrame(kind, frame);
                default -> { }
            }
        } catch (DataFrames.ProtocolException e) {
            protocolError(ctx, e.getMessage());
        } catch (IndexOutOfBoundsException e) {
            protocolError(ctx, "frame of kind truncated: " + e.getMessage());
        } finally {
            ReferenceCountUtil.release(frame);
        }
    }

    private static void expect(byte kind, byte expected) {
        if (kind != expected) {
            throw new DataFrames.ProtocolException("frame of kind " + kind + " before the handshake is done");
        }
    }

    private void onHello(ChannelHandlerContext ctx, byte kind, ByteBuf frame) {
        expect(kind, DataFrames.HELLO);
        clientNonce = DataFrames.readBytes(frame, Handshake.NONCE_BYTES);
        DataFrames.expectEnd(frame);
        serverNonce = Handshake.nonce();
        ByteBuf challenge = DataFrames.start(ctx.channel(), DataFrames.CHALLENGE, 2 * Handshake.NONCE_BYTES);
        challenge.writeBytes(serverNonce);
        challenge.writeBytes(Handshake.proof(secret, true, clientNonce, serverNonce));
        ctx.writeAndFlush(DataFrames.finish(challenge));
        state = State.AWAIT_PROOF;
    }

    private void onChallenge(ChannelHandlerContext ctx, byte kind, ByteBuf frame) {
        expect(kind, DataFrames.CHALLENGE);
        serverNonce = DataFrames.readBytes(frame, Handshake.NONCE_BYTES);
        byte[] proof = DataFrames.readBytes(frame, frame.readableBytes());
        if (!Handshake.verify(Handshake.proof(secret, true, clientNonce, serverNonce), proof)) {
            throw new DataFrames.ProtocolException(remote + " does not know the cluster secret");
        }
        ByteBuf answer = DataFrames.start(ctx.channel(), DataFrames.PROOF, Handshake.NONCE_BYTES);
        answer.writeBytes(Handshake.proof(secret, false, clientNonce, serverNonce));
        ctx.writeAndFlush(DataFrames.finish(answer));
        state = State.AWAIT_READY;
    }

    private void onProof(ChannelHandlerContext ctx, byte kind, ByteBuf frame) {
        expect(kind, DataFrames.PROOF);
        byte[] proof = DataFrames.readBytes(frame, frame.readableBytes());
        if (!Handshake.verify(Handshake.proof(secret, false, clientNonce, serverNonce), proof)) {
            warnings.accept("data connection from " + remote + " refused: it does not know the cluster secret");
            throw new DataFrames.ProtocolException("authentication failed");
        }
        ctx.writeAndFlush(DataFrames.finish(DataFrames.start(ctx.channel(), DataFrames.READY, 0)));
        becomeReady();
    }

    private void becomeReady() {
        state = State.READY;
        handshakeTimer.cancel(false);
        onReady();
    }

    /** Tells the peer why and closes; the peer's frames after this are ignored. */
    void protocolError(ChannelHandlerContext ctx, String reason) {
        if (state == State.CLOSED) {
            return;
        }
        warnings.accept("data connection " + (connecting ? "to " : "from ") + remote + " closed: " + reason);
        closeReason = reason;
        state = State.CLOSED;
        ByteBuf frame = DataFrames.start(ctx.channel(), DataFrames.ERROR, reason.length());
        frame.writeCharSequence(reason, StandardCharsets.UTF_8);
        ctx.writeAndFlush(DataFrames.finish(frame)).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable root = cause instanceof io.netty.handler.codec.DecoderException && cause.getCause() != null
                ? cause.getCause() : cause;
        if (root instanceof TooLongFrameException) {
            protocolError(ctx, "frame longer than a network buffer allows");
        } else {
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
        onClosed();
        ctx.fireChannelInactive();
    }
}
