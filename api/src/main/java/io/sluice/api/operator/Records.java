package io.sluice.api.operator;

/** How the runtime reads records. */
public final class Records {
    private Records() {
    }

    /** The key of a record: a {@link Pair}'s key, otherwise the record itself. */
    public static Object key(Object record) {
        return record instanceof Pair pair ? pair.key() : record;
    }
}
