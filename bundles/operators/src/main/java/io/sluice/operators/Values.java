package io.sluice.operators;

/** Reads record values, failing with a message that names the operator and the offending record. */
final class Values {
    private Values() {
    }

    /** An integer record value as a long; doubles are refused rather than silently truncated. */
    static long longValue(Object value, String operatorId) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        throw new IllegalArgumentException("operator '" + operatorId + "' needs integer values (Long or Integer), got "
                + describe(value));
    }

    static String string(Object value, String operatorId) {
        if (value instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException("operator '" + operatorId + "' needs String records, got " + describe(value));
    }

    static String describe(Object value) {
        return value == null ? "null" : value.getClass().getSimpleName() + " '" + value + "'";
    }
}
