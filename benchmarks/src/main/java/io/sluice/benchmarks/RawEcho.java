package io.sluice.benchmarks;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;

/**
 * The ceiling of a gateway call: a plain Netty server that sends every length-prefixed frame straight back, with
 * the framing and socket options of the RPC transport and nothing else (no handshake, no codec, no hop).
 */
final class RawEcho {
    private RawEcho() {
    }

    /** Listens on loopback, port 0; the channel's local address tells the port. */
    static Channel serve(EventLoopGroup group) throws InterruptedException {
        return new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(framing(), new LengthFieldPrepender(4),
                                new SimpleChannelInboundHandler<ByteBuf>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
                                        ctx.writeAndFlush(frame.retain());
                                    }
                                });
                    }
                }).bind("127.0.0.1", 0).sync().channel();
    }

    /** Length-prefixed frames, the prefix stripped: as the RPC transport frames its messages. */
    static LengthFieldBasedFrameDecoder framing() {
        return new LengthFieldBasedFrameDecoder(1 << 20, 0, 4, 0, 4);
    }
}
