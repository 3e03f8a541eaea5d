package io.sluice.network;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.sluice.api.job.IntermediateDataSetId;
import io.sluice.api.job.IntermediateResultPartitionId;
import io.sluice.api.job.JobId;
import io.sluice.shuffle.ResultPartitionKey;
import java.nio.charset.StandardCharsets;

/**
 * The frames of a data connection. Every frame is length-prefixed (4 bytes) and starts with {@link #MAGIC} (not
 * the RPC port's, so a peer on the wrong port is told at once), {@link #PROTOCOL_VERSION} and a kind byte; a
 * frame that does not parse closes the connection. Integers are big-endian, strings a u16 length and UTF-8.
 *
 * <pre>
 * HELLO     nonce                          (connecting side)
 * CHALLENGE nonce, proof                   (accepting side)
 * PROOF     proof                          (connecting side)
 * READY     -                              (accepting side: the connection carries requests)
 * REQUEST   i32 channel, i32 credit, job, graph, data set, i32 partition index, i32 attempt, i32 subpartition
 * BUFFER    i32 channel, i32 backlog, a record batch ({@link BatchFormat}), against one credit
 * END       i32 channel                    (the subpartition's last batch was sent)
 * CREDIT    i32 channel, i32 credit        (that many more buffers are free for the channel)
 * NOT_FOUND i32 channel, message           (no such partition here, yet or any more)
 * FAILED    i32 channel, message           (reading the subpartition failed)
 * CANCEL    i32 channel                    (the consumer stops reading)
 * ERROR     message                        (a protocol error; the sender closes the connection)
 * </pre>
 */
final class DataFrames {
    static final short MAGIC = (short) 0x5C1D;
    static final byte PROTOCOL_VERSION = 1;
    static final int HEADER_BYTES = 4;
    /** Everything of a frame but its batch: the frame limit is one segment plus this. */
    static final int MAX_OVERHEAD = 1024;

    static final byte HELLO = 1;
    static final byte CHALLENGE = 2;
    static final byte PROOF = 3;
    static final byte READY = 4;
    static final byte REQUEST = 10;
    static final byte BUFFER = 11;
    static final byte END = 12;
    static final byte CREDIT = 13;
    static final byte NOT_FOUND = 14;
    static final byte FAILED = 15;
    static final byte CANCEL = 16;
    static final byte ERROR = 17;

    private DataFrames() {
    }

    /** A frame buffer with room for its length (set by {@link #finish}) and the header. */
    static ByteBuf start(Channel channel, byte kind, int bodyBytes) {
        ByteBuf frame = channel.alloc().buffer(4 + HEADER_BYTES + bodyBytes);
        frame.writeInt(0);
        frame.writeShort(MAGIC);
        frame.writeByte(PROTOCOL_VERSION);
        frame.writeByte(kind);
        return frame;
    }

    static ByteBuf finish(ByteBuf frame) {
        frame.setInt(0, frame.readableBytes() - 4);
        return frame;
    }

    /** Reads and checks the header; the frame's kind. */
    static byte kind(ByteBuf frame) {
        if (frame.readableBytes() < HEADER_BYTES || frame.readShort() != MAGIC) {
            throw new ProtocolException("not a Sluice data frame");
        }
        byte version = frame.readByte();
        if (version != PROTOCOL_VERSION) {
            throw new ProtocolException("data protocol version " + version + " is not spoken here (version "
                    + PROTOCOL_VERSION + ")");
        }
        return frame.readByte();
    }

    static void writeString(ByteBuf frame, String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        if (utf8.length > 0xffff) {
            throw new IllegalArgumentException("a string of " + utf8.length + " bytes does not fit a data frame");
        }
        frame.writeShort(utf8.length);
        frame.writeBytes(utf8);
    }

    static String readString(ByteBuf frame) {
        int length = frame.readUnsignedShort();
        if (length > frame.readableBytes()) {
            throw new ProtocolException("a string of " + length + " bytes in a frame with " + frame.readableBytes()
                    + " left");
        }
        String value = frame.toString(frame.readerIndex(), length, StandardCharsets.UTF_8);
        frame.skipBytes(length);
        return value;
    }

    static byte[] readBytes(ByteBuf frame, int count) {
        if (frame.readableBytes() < count) {
            throw new ProtocolException("frame truncated: " + count + " bytes expected, " + frame.readableBytes()
                    + " left");
        }
        byte[] bytes = new byte[count];
        frame.readBytes(bytes);
        return bytes;
    }

    static void writeKey(ByteBuf frame, ResultPartitionKey key) {
        writeString(frame, key.job().value());
        writeString(frame, key.graph());
        writeString(frame, key.partition().dataSetId().value());
        frame.writeInt(key.partition().partitionIndex());
        frame.writeInt(key.producerAttempt());
    }

    static ResultPartitionKey readKey(ByteBuf frame) {
        String job = readString(frame);
        String graph = readString(frame);
        String dataSet = readString(frame);
        int index = frame.readInt();
        int attempt = frame.readInt();
        try {
            return new ResultPartitionKey(new JobId(job), graph,
                    new IntermediateResultPartitionId(new IntermediateDataSetId(dataSet), index), attempt);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException("bad partition in request: " + e.getMessage());
        }
    }

    /** The frame ends here: trailing bytes are a protocol error. */
    static void expectEnd(ByteBuf frame) {
        if (frame.isReadable()) {
            throw new ProtocolException(frame.readableBytes() + " bytes after the end of a frame");
        }
    }

    /** A frame this process cannot accept: the connection is closed after telling the peer why. */
    static final class ProtocolException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ProtocolException(String message) {
            super(message, null, false, false);
        }
    }
}
