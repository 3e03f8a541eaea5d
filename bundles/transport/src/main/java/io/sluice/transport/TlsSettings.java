package io.sluice.transport;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Mutual TLS between the processes of a cluster (Flink's {@code security.ssl.internal.*}): each process shows the
 * key in its keystore and accepts only peers whose certificate its truststore trusts. Both stores are PKCS12 or JKS
 * files.
 */
public record TlsSettings(Path keystore, String keystorePassword, String keyPassword, Path truststore,
        String truststorePassword) {
    public TlsSettings {
        Objects.requireNonNull(keystore, "keystore");
        Objects.requireNonNull(truststore, "truststore");
        keystorePassword = keystorePassword == null ? "" : keystorePassword;
        keyPassword = keyPassword == null ? keystorePassword : keyPassword;
        truststorePassword = truststorePassword == null ? "" : truststorePassword;
    }

    @Override
    public String toString() {
        return "TLS(keystore " + keystore + ", truststore " + truststore + ")";
    }
}
