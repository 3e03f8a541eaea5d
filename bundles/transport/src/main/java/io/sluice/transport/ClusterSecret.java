package io.sluice.transport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;

/**
 * The shared secret every process of a cluster proves it knows when it connects (challenge and response, the
 * secret itself never crosses the wire). Kept in a file only its owner may read, like an ssh key.
 */
public final class ClusterSecret {
    /** Fewer bytes than this are refused: a short secret can be guessed offline from one recorded handshake. */
    public static final int MIN_BYTES = 16;
    private final byte[] key;

    private ClusterSecret(byte[] key) {
        if (key.length < MIN_BYTES) {
            throw new IllegalArgumentException("a cluster secret needs at least " + MIN_BYTES + " bytes, got "
                    + key.length);
        }
        this.key = key.clone();
    }

    public static ClusterSecret of(byte[] key) {
        return new ClusterSecret(key);
    }

    /** 32 random bytes. */
    public static ClusterSecret generate() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new ClusterSecret(key);
    }

    /**
     * Reads the secret (hex or any text, trimmed) from {@code file}; refuses a file that others than its owner may
     * read or write, naming the file and its permissions.
     */
    public static ClusterSecret read(Path file) throws IOException {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            Set<PosixFilePermission> others = EnumSet.copyOf(permissions);
            others.removeAll(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
            if (!others.isEmpty()) {
                throw new IOException("cluster secret " + file + " has permissions "
                        + PosixFilePermissions.toString(permissions) + "; only its owner may read it (chmod 600 "
                        + file + ")");
            }
        } catch (UnsupportedOperationException notPosix) {
            // no POSIX permissions on this file system: nothing to check
        }
        String text = Files.readString(file, StandardCharsets.UTF_8).trim();
        if (text.isEmpty()) {
            throw new IOException("cluster secret " + file + " is empty");
        }
        try {
            return new ClusterSecret(text.getBytes(StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IOException("cluster secret " + file + ": " + e.getMessage());
        }
    }

    /** Writes a new random secret to {@code file}, readable by its owner only. */
    public static ClusterSecret generateInto(Path file) throws IOException {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String text = HexFormat.of().formatHex(random);
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        }
        Files.writeString(file, text + "\n", StandardCharsets.UTF_8);
        return new ClusterSecret(text.getBytes(StandardCharsets.UTF_8));
    }

    byte[] key() {
        return key.clone();
    }

    @Override
    public String toString() {
        return "ClusterSecret(" + key.length + " bytes)";
    }
}
