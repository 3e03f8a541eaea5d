package io.sluice.transport;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mutual challenge and response over the cluster secret: each side sends a fresh nonce and proves it knows the
 * secret with an HMAC over both nonces and its role, so a recorded proof is worth nothing in another handshake
 * and a proof of one side cannot be replayed as the other's. The RPC connections use it, and so do the data
 * connections between workers.
 */
public final class Handshake {
    public static final int NONCE_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Handshake() {
    }

    public static byte[] nonce() {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        return nonce;
    }

    /** The proof of the accepting side ({@code server}) or of the connecting side. */
    public static byte[] proof(ClusterSecret secret, boolean server, byte[] clientNonce, byte[] serverNonce) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.key(), "HmacSHA256"));
            mac.update(server ? (byte) 'S' : (byte) 'C');
            mac.update(clientNonce);
            mac.update(serverNonce);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    /** Constant time, so that a peer cannot learn a proof byte by byte from how fast it is refused. */
    public static boolean verify(byte[] expected, byte[] actual) {
        return actual != null && MessageDigest.isEqual(expected, actual);
    }
}
