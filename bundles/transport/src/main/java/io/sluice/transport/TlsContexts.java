package io.sluice.transport;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/** The JDK's SSLEngine through Netty, both directions requiring the peer's certificate. */
final class TlsContexts {
    private TlsContexts() {
    }

    static SslContext server(TlsSettings tls) {
        try {
            return SslContextBuilder.forServer(keys(tls)).trustManager(trust(tls)).clientAuth(ClientAuth.REQUIRE)
                    .sslProvider(SslProvider.JDK).protocols("TLSv1.3", "TLSv1.2").build();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("TLS settings " + tls + " unusable: " + e.getMessage(), e);
        }
    }

    static SslContext client(TlsSettings tls) {
        try {
            return SslContextBuilder.forClient().keyManager(keys(tls)).trustManager(trust(tls))
                    .sslProvider(SslProvider.JDK).protocols("TLSv1.3", "TLSv1.2").build();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("TLS settings " + tls + " unusable: " + e.getMessage(), e);
        }
    }

    private static KeyManagerFactory keys(TlsSettings tls) throws IOException, GeneralSecurityException {
        KeyStore store = load(tls.keystore(), tls.keystorePassword());
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, tls.keyPassword().toCharArray());
        return factory;
    }

    private static TrustManagerFactory trust(TlsSettings tls) throws IOException, GeneralSecurityException {
        KeyStore store = load(tls.truststore(), tls.truststorePassword());
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return factory;
    }

    private static KeyStore load(java.nio.file.Path file, String password) throws IOException,
            GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance(file.toString().endsWith(".jks") ? "JKS" : "PKCS12");
            store.load(in, password.toCharArray());
            return store;
        }
    }
}
