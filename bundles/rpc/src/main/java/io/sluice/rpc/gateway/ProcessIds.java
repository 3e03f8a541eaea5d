package io.sluice.rpc.gateway;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ids unique across every process of a cluster and across restarts, without a random draw per id: a random
 * 64-bit prefix drawn once per JVM, then a counter. Cheap enough for the slot protocol's hot path.
 */
final class ProcessIds {
    private static final String PREFIX = HexFormat.of().toHexDigits(new SecureRandom().nextLong());
    private static final AtomicLong NEXT = new AtomicLong();

    private ProcessIds() {
    }

    static String next() {
        return PREFIX + "-" + NEXT.incrementAndGet();
    }
}
