package io.sluice.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.rpc.RpcAddress;
import io.sluice.rpc.RpcMessage;
import io.sluice.rpc.ThreadMainThreadExecutor;
import io.sluice.transport.internal.WireSchema;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectOutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bad input on the RPC port, byte by byte as an attacker or a confused client would send it: the connection is
 * closed, nothing is dispatched, and the process keeps serving its real peers.
 */
class RpcPortFuzzTest {
    private static final ClusterSecret SECRET = NettyRpcServiceTest.SECRET;

    public interface Counter {
        @RpcMessage(id = 61001)
        void add(int amount);

        @RpcMessage(id = 61002)
        CompletableFuture<Integer> total();
    }

    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final AtomicInteger dispatched = new AtomicInteger();
    private ThreadMainThreadExecutor thread;
    private NettyRpcService server;
    private NettyRpcService client;
    private RpcAddress address;
    private WireSchema schema;

    @BeforeEach
    void start() {
        thread = new ThreadMainThreadExecutor("counter");
        server = new NettyRpcService(TransportSettings.loopback(SECRET).withMaxFrameBytes(64 * 1024)
                .withHandshakeTimeout(Duration.ofSeconds(2)), warnings::add); // idle peers go well within the 5 s waited
        client = new NettyRpcService(TransportSettings.loopback(SECRET), warnings::add);
        int[] total = {0};
        address = server.serve("counter", Counter.class, new Counter() {
            @Override
            public void add(int amount) {
                dispatched.incrementAndGet();
                total[0] += amount;
            }

            @Override
            public CompletableFuture<Integer> total() {
                dispatched.incrementAndGet();
                return CompletableFuture.completedFuture(total[0]);
            }
        }, thread, () -> "token-1").address();
        schema = new WireSchema(64 * 1024);
        schema.register(Counter.class);
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
        thread.close();
    }

    /** The real client still gets answers. */
    private void serverStillServes() throws Exception {
        int before = dispatched.get();
        assertThat(client.connect(address, Counter.class).total().get(10, TimeUnit.SECONDS)).isNotNull();
        assertThat(dispatched.get()).isEqualTo(before + 1);
    }

    private Socket socket() throws IOException {
        Socket socket = new Socket("127.0.0.1", server.port());
        socket.setSoTimeout(5_000);
        return socket;
    }

    /** Whether the server closes the connection within 5 s (everything it sends before is read and dropped). */
    private static boolean closedByServer(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[8192];
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        try {
            while (System.nanoTime() < deadline) {
                if (in.read(buffer) < 0) {
                    return true;
                }
            }
        } catch (SocketException reset) {
            return true;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        }
        return false;
    }

    private static byte[] frame(byte kind, byte[] body) {
        ByteBuffer frame = ByteBuffer.allocate(8 + body.length);
        frame.putInt(4 + body.length).putShort(Frames.MAGIC).put(Frames.PROTOCOL_VERSION).put(kind).put(body);
        return frame.array();
    }

    private byte[] request(long call, int id, int version, String endpoint, String token, Object... args)
            throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeLong(call);
        out.writeShort(id);
        out.writeByte(version);
        ObjectMapper mapper = schema.mapper();
        try (JsonGenerator generator = mapper.createGenerator((java.io.OutputStream) out)) {
            generator.writeStartArray();
            generator.writeString(endpoint);
            generator.writeString(token);
            for (Object arg : args) {
                mapper.writeValue(generator, arg);
            }
            generator.writeEndArray();
        }
        return frame(Frames.REQUEST, bytes.toByteArray());
    }

    private static byte[] readFrame(DataInputStream in) throws IOException {
        byte[] frame = new byte[in.readInt()];
        in.readFully(frame);
        return frame;
    }

    /** A socket that went through the handshake as a real peer does. */
    private Socket authenticated() throws IOException {
        Socket socket = socket();
        DataInputStream in = new DataInputStream(socket.getInputStream());
        byte[] clientNonce = Handshake.nonce();
        socket.getOutputStream().write(frame(Frames.HELLO, schema.mapper().writeValueAsBytes(
                new Frames.Hello(Frames.PROTOCOL_VERSION, clientNonce, null, 0))));
        byte[] challengeFrame = readFrame(in);
        Frames.Challenge challenge = schema.mapper().readValue(challengeFrame, 4, challengeFrame.length - 4,
                Frames.Challenge.class);
        socket.getOutputStream().write(frame(Frames.PROOF, schema.mapper().writeValueAsBytes(
                new Frames.Proof(Handshake.proof(SECRET, false, clientNonce, challenge.nonce())))));
        byte[] ready = readFrame(in);
        assertThat(ready[3]).isEqualTo(Frames.READY);
        return socket;
    }

    @Test
    void randomBytesCloseTheConnectionAndNothingIsDispatched() throws Exception {
        Random random = new Random(42);
        for (int i = 0; i < 50; i++) {
            try (Socket socket = socket()) {
                byte[] noise = new byte[1 + random.nextInt(4096)];
                random.nextBytes(noise);
                socket.getOutputStream().write(noise);
                assertThat(closedByServer(socket)).as("connection after %s random bytes", noise.length).isTrue();
            }
        }
        assertThat(dispatched).hasValue(0);
        serverStillServes();
    }

    @Test
    void anOversizedFrameIsRefusedWithoutReadingIt() throws Exception {
        try (Socket socket = authenticated()) {
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeInt(Integer.MAX_VALUE);
            out.write(new byte[1024]);
            assertThat(closedByServer(socket)).isTrue();
        }
        assertThat(warnings).anyMatch(w -> w.contains("longer than rpc.framesize"));
        serverStillServes();
    }

    @Test
    void aValidCallBeforeAuthenticationClosesTheConnectionAndIsNotRun() throws Exception {
        try (Socket socket = socket()) {
            socket.getOutputStream().write(request(1, 61002, 1, "counter", "token-1"));
            assertThat(closedByServer(socket)).isTrue();
        }
        try (Socket socket = socket()) {
            socket.getOutputStream().write(frame(Frames.HELLO, schema.mapper().writeValueAsBytes(
                    new Frames.Hello(Frames.PROTOCOL_VERSION, Handshake.nonce(), null, 0))));
            socket.getOutputStream().write(request(1, 61002, 1, "counter", "token-1")); // instead of the proof
            assertThat(closedByServer(socket)).isTrue();
        }
        assertThat(dispatched).hasValue(0);
        serverStillServes();
    }

    @Test
    void aWrongProofClosesTheConnection() throws Exception {
        try (Socket socket = socket()) {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            socket.getOutputStream().write(frame(Frames.HELLO, schema.mapper().writeValueAsBytes(
                    new Frames.Hello(Frames.PROTOCOL_VERSION, Handshake.nonce(), null, 0))));
            readFrame(in);
            socket.getOutputStream().write(frame(Frames.PROOF, schema.mapper().writeValueAsBytes(
                    new Frames.Proof(new byte[32]))));
            socket.getOutputStream().write(request(1, 61002, 1, "counter", "token-1"));
            assertThat(closedByServer(socket)).isTrue();
        }
        assertThat(dispatched).hasValue(0);
        assertThat(warnings).anyMatch(w -> w.contains("does not know the cluster secret"));
    }

    @Test
    void aJavaSerializedStreamIsRefused() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            HashMap<String, Object> payload = new HashMap<>();
            payload.put("call", List.of(1, 2, 3));
            out.writeObject(payload);
        }
        try (Socket socket = socket()) {
            socket.getOutputStream().write(bytes.toByteArray());
            assertThat(closedByServer(socket)).isTrue();
        }
        try (Socket socket = authenticated()) {
            socket.getOutputStream().write(frame(Frames.REQUEST, bytes.toByteArray()));
            assertThat(closedByServer(socket)).isTrue();
        }
        assertThat(dispatched).hasValue(0);
        serverStillServes();
    }

    @Test
    void unknownMessageIdsAndVersionsCloseTheConnectionAfterAuthentication() throws Exception {
        try (Socket socket = authenticated()) {
            socket.getOutputStream().write(request(1, 59999, 1, "counter", "token-1"));
            assertThat(closedByServer(socket)).isTrue();
        }
        try (Socket socket = authenticated()) {
            socket.getOutputStream().write(request(1, 61002, 2, "counter", "token-1"));
            assertThat(closedByServer(socket)).isTrue();
        }
        assertThat(warnings).anyMatch(w -> w.contains("unknown message id 59999"))
                .anyMatch(w -> w.contains("version 2 is not spoken here"));
        assertThat(dispatched).hasValue(0);
        serverStillServes();
    }

    @Test
    void aStaleTokenIsAnsweredWithAFailureAndNotRun() throws Exception {
        try (Socket socket = authenticated()) {
            socket.getOutputStream().write(request(7, 61002, 1, "counter", "token-0"));
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] answer = readFrame(in);
            assertThat(answer[3]).isEqualTo(Frames.FAILURE);
            assertThat(ByteBuffer.wrap(answer, 4, 8).getLong()).isEqualTo(7);
            Frames.Failure failure = schema.mapper().readValue(answer, 12, answer.length - 12, Frames.Failure.class);
            assertThat(failure.type()).isEqualTo(io.sluice.rpc.FencingTokenException.class.getName());
        }
        assertThat(dispatched).hasValue(0);
    }

    @Test
    void aThousandIdleConnectionsAreClosedAfterTheHandshakeTimeoutWhileRealPeersAreServed() throws Exception {
        List<Socket> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 1_000; i++) {
                idle.add(socket());
            }
            serverStillServes();
            await().atMost(Duration.ofSeconds(20)).until(() -> server.openConnections() <= 1);
            for (Socket socket : idle.subList(0, 10)) {
                assertThat(closedByServer(socket)).isTrue();
            }
            serverStillServes();
        } finally {
            for (Socket socket : idle) {
                socket.close();
            }
        }
        assertThat(dispatched).hasValue(2);
    }

    @Test
    void tenThousandFuzzedFramesCrashNothingAndLeaveThreadsAndHeapAtBaseline() throws Exception {
        serverStillServes();
        int baselineThreads = Thread.activeCount();
        long baselineHeap = usedHeap();
        Random random = new Random(Long.getLong("sluice.fuzz.seed", 7));
        byte[] valid = request(1, 61001, 1, "counter", "token-1", 5);
        int unauthenticatedDispatches = 0;
        for (int i = 0; i < 10_000; i++) {
            boolean afterHandshake = i % 4 == 0;
            byte[] frame = afterHandshake ? mutate(valid, random) : noiseFrame(random);
            int before = dispatched.get();
            try (Socket socket = afterHandshake ? authenticated() : socket()) {
                socket.setSoLinger(true, 0);
                socket.getOutputStream().write(frame);
                if (!afterHandshake) {
                    assertThat(closedByServer(socket)).as("frame %s: %s", i, java.util.HexFormat.of().formatHex(frame))
                            .isTrue();
                    unauthenticatedDispatches += dispatched.get() - before;
                }
            } catch (SocketException | EOFException closedMeanwhile) {
                // the server may close while the frame is still being written
            }
        }
        assertThat(unauthenticatedDispatches).isZero();
        serverStillServes();
        await().atMost(Duration.ofSeconds(20)).until(() -> server.openConnections() <= 1);
        await().atMost(Duration.ofSeconds(20)).until(() -> Thread.activeCount() <= baselineThreads);
        await().atMost(Duration.ofSeconds(20)).until(() -> usedHeap() < baselineHeap + 64L * 1024 * 1024);
    }

    private static long usedHeap() {
        System.gc();
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    /** A frame with a plausible header and random content, or plain noise. */
    private static byte[] noiseFrame(Random random) {
        byte[] body = new byte[random.nextInt(300)];
        random.nextBytes(body);
        return switch (random.nextInt(3)) {
            case 0 -> frame((byte) random.nextInt(20), body);
            case 1 -> {
                byte[] frame = frame(Frames.REQUEST, body);
                ByteBuffer.wrap(frame).putInt(random.nextInt()); // a lying length
                yield frame;
            }
            default -> body.length == 0 ? new byte[] {1} : body;
        };
    }

    /** The valid frame with a few bytes changed, dropped or added. */
    private static byte[] mutate(byte[] valid, Random random) {
        byte[] copy = valid.clone();
        int changes = 1 + random.nextInt(4);
        for (int c = 0; c < changes; c++) {
            int at = 4 + random.nextInt(copy.length - 4);
            copy[at] = (byte) random.nextInt(256);
        }
        if (random.nextInt(5) == 0) {
            int cut = 4 + random.nextInt(copy.length - 4);
            copy = java.util.Arrays.copyOf(copy, cut);
            ByteBuffer.wrap(copy).putInt(cut - 4);
        }
        return copy;
    }
}
