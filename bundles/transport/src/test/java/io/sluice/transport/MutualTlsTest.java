package io.sluice.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.rpc.RpcAddress;
import io.sluice.rpc.RpcException;
import io.sluice.rpc.ThreadMainThreadExecutor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mutual TLS with certificates made by the JDK's keytool, as an operator would make them. */
class MutualTlsTest {
    @TempDir
    static Path dir;
    static TlsSettings cluster;
    static TlsSettings stranger;

    private final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeAll
    static void certificates() throws Exception {
        keytool("-genkeypair", "-alias", "node", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=sluice",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-keystore", "node.p12",
                "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit");
        keytool("-exportcert", "-alias", "node", "-keystore", "node.p12", "-storepass", "changeit", "-file", "node.crt");
        keytool("-importcert", "-noprompt", "-alias", "node", "-file", "node.crt", "-keystore", "trust.p12",
                "-storetype", "PKCS12", "-storepass", "changeit");
        keytool("-genkeypair", "-alias", "other", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=other",
                "-validity", "2", "-keystore", "other.p12", "-storetype", "PKCS12", "-storepass", "changeit",
                "-keypass", "changeit");
        cluster = new TlsSettings(dir.resolve("node.p12"), "changeit", null, dir.resolve("trust.p12"), "changeit");
        // trusts the cluster, but shows a certificate the cluster does not trust
        stranger = new TlsSettings(dir.resolve("other.p12"), "changeit", null, dir.resolve("trust.p12"), "changeit");
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }

    @AfterEach
    void closeAll() throws Exception {
        java.util.Collections.reverse(closeables);
        for (AutoCloseable closeable : closeables) {
            closeable.close();
        }
    }

    private NettyRpcService service(TlsSettings tls, ClusterSecret secret) {
        NettyRpcService service = new NettyRpcService(TransportSettings.loopback(NettyRpcServiceTest.SECRET)
                .withTls(tls, secret), warning -> { });
        closeables.add(service);
        return service;
    }

    private RpcAddress serveCounter(NettyRpcService service, AtomicInteger calls) {
        ThreadMainThreadExecutor thread = new ThreadMainThreadExecutor("counter");
        closeables.add(thread);
        return service.serve("counter", RpcPortFuzzTest.Counter.class, new RpcPortFuzzTest.Counter() {
            @Override
            public void add(int amount) {
                calls.incrementAndGet();
            }

            @Override
            public CompletableFuture<Integer> total() {
                return CompletableFuture.completedFuture(calls.incrementAndGet());
            }
        }, thread, null).address();
    }

    @Test
    void peersWithCertificatesTheClusterTrustsTalkWithoutASecret() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        RpcAddress address = serveCounter(service(cluster, null), calls);
        assertThat(service(cluster, null).connect(address, RpcPortFuzzTest.Counter.class).total()
                .get(10, TimeUnit.SECONDS)).isEqualTo(1);
    }

    @Test
    void tlsAndTheSecretTogetherWork() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        RpcAddress address = serveCounter(service(cluster, NettyRpcServiceTest.SECRET), calls);
        assertThat(service(cluster, NettyRpcServiceTest.SECRET).connect(address, RpcPortFuzzTest.Counter.class)
                .total().get(10, TimeUnit.SECONDS)).isEqualTo(1);
    }

    @Test
    void aPeerWithAnUntrustedCertificateGetsNothingDispatched() {
        AtomicInteger calls = new AtomicInteger();
        RpcAddress address = serveCounter(service(cluster, null), calls);
        RpcPortFuzzTest.Counter counter = service(stranger, null).connect(address, RpcPortFuzzTest.Counter.class);
        counter.add(1);
        assertThatThrownBy(() -> counter.total().get(10, TimeUnit.SECONDS)).cause().isInstanceOf(RpcException.class);
        assertThat(calls).hasValue(0);
    }

    @Test
    void aPeerWithoutTlsGetsNothingDispatched() {
        AtomicInteger calls = new AtomicInteger();
        RpcAddress address = serveCounter(service(cluster, NettyRpcServiceTest.SECRET), calls);
        NettyRpcService plain = new NettyRpcService(TransportSettings.loopback(NettyRpcServiceTest.SECRET), w -> { });
        closeables.add(plain);
        RpcPortFuzzTest.Counter counter = plain.connect(address, RpcPortFuzzTest.Counter.class);
        assertThatThrownBy(() -> counter.total().get(20, TimeUnit.SECONDS)).cause().isInstanceOf(RpcException.class);
        assertThat(calls).hasValue(0);
    }
}
