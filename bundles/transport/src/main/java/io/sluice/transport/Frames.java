package io.sluice.transport;

/**
 * The frame layout. Every frame is length-prefixed (4 bytes, at most {@code rpc.framesize}) and starts with
 * {@link #MAGIC}, {@link #PROTOCOL_VERSION} and a kind byte; a frame that does not is a protocol error that
 * closes the connection.
 *
 * <pre>
 * HELLO     CBOR Hello          (connecting side: protocol version, nonce, the address it serves RPC on)
 * CHALLENGE CBOR Challenge      (accepting side: its nonce and its proof)
 * PROOF     CBOR Proof          (connecting side: its proof)
 * READY     -                   (accepting side: the connection may carry calls)
 * REQUEST   i64 call id, u16 message id, u8 message version, CBOR [endpoint, token, arguments...]
 * TELL      u16 message id, u8 message version, CBOR [endpoint, token, arguments...]  (one-way)
 * ANSWER    i64 call id, CBOR result
 * FAILURE   i64 call id, CBOR Failure   (type, message, stack text)
 * ERROR     CBOR Failure        (a protocol error; the sender closes the connection)
 * WATCH     CBOR EndpointRef    (tell me once this endpoint is no longer served with this token)
 * GONE      CBOR EndpointRef    (an endpoint named by a WATCH is no longer served with its token)
 * </pre>
 */
final class Frames {
    static final short MAGIC = (short) 0x5C1C;
    static final byte PROTOCOL_VERSION = 2;
    static final int HEADER_BYTES = 4;

    static final byte HELLO = 1;
    static final byte CHALLENGE = 2;
    static final byte PROOF = 3;
    static final byte READY = 4;
    static final byte REQUEST = 10;
    static final byte TELL = 11;
    static final byte ANSWER = 12;
    static final byte FAILURE = 13;
    static final byte ERROR = 14;
    static final byte WATCH = 15;
    static final byte GONE = 16;

    private Frames() {
    }

    record Hello(int protocol, byte[] nonce, String host, int port) {
    }

    record Challenge(byte[] nonce, byte[] proof) {
    }

    record Proof(byte[] proof) {
    }

    /** An endpoint of the receiving process as one incarnation: its id and fencing token ({@code null}: unfenced). */
    record EndpointRef(String endpoint, String token) {
    }

    /** An exception as text: it crosses the wire without Java serialization and outlives the remote's classes. */
    record Failure(String type, String message, String stackTrace) {
    }
}
