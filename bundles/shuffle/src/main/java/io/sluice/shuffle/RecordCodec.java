package io.sluice.shuffle;

import io.sluice.api.operator.Pair;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The encoding of records in spill files and on the wire: each record a one-byte tag and its value, big-endian;
 * a batch is a record count, then its records. Only the record types of the operator API are supported; anything
 * else is refused with the type's name, so a job learns at its first exchange, not by corrupt data. Reading is
 * bounds-checked: bytes that are not a batch fail with a {@link CorruptBatchException} naming the offset, never
 * with an index error or a huge allocation.
 */
public final class RecordCodec {
    private static final byte NULL = 0;
    private static final byte LONG = 1;
    private static final byte INT = 2;
    private static final byte DOUBLE = 3;
    private static final byte TRUE = 4;
    private static final byte FALSE = 5;
    private static final byte STRING = 6;
    private static final byte PAIR = 7;

    private static final int MAX_PAIR_DEPTH = 64;

    private byte[] buffer = new byte[4096];

    /** Serialises {@code records[0..count)}; the returned array is exactly the encoded size. */
    public byte[] encode(Object[] records, int count) {
        int position = putInt(buffer, 0, count);
        for (int i = 0; i < count; i++) {
            int next;
            while ((next = write(records[i], buffer, position, buffer.length)) < 0) {
                buffer = Arrays.copyOf(buffer, buffer.length * 2);
            }
            position = next;
        }
        return Arrays.copyOf(buffer, position);
    }

    /** Reads a batch written by {@link #encode}. */
    public static Object[] decode(byte[] bytes) {
        Reader reader = new Reader(bytes, 0, bytes.length);
        Object[] records = reader.readBatch(reader.readCount());
        reader.expectEnd();
        return records;
    }

    /**
     * Writes one record into {@code target[position..limit)}: the position after it, or -1 when it does not fit
     * (then the bytes after {@code position} are garbage, and nothing at or after {@code limit} was touched).
     */
    public static int write(Object record, byte[] target, int position, int limit) {
        if (record == null) {
            return putTag(target, position, limit, NULL);
        } else if (record instanceof Long value) {
            return position + 9 > limit ? -1 : putLong(target, putTag(target, position, limit, LONG), value);
        } else if (record instanceof Integer value) {
            return position + 5 > limit ? -1 : putInt(target, putTag(target, position, limit, INT), value);
        } else if (record instanceof Double value) {
            return position + 9 > limit ? -1
                    : putLong(target, putTag(target, position, limit, DOUBLE), Double.doubleToRawLongBits(value));
        } else if (record instanceof Boolean value) {
            return putTag(target, position, limit, value ? TRUE : FALSE);
        } else if (record instanceof String value) {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            if (position + 5 + utf8.length > limit) {
                return -1;
            }
            int at = putInt(target, putTag(target, position, limit, STRING), utf8.length);
            System.arraycopy(utf8, 0, target, at, utf8.length);
            return at + utf8.length;
        } else if (record instanceof Pair pair) {
            int at = putTag(target, position, limit, PAIR);
            at = at < 0 ? -1 : write(pair.key(), target, at, limit);
            return at < 0 ? -1 : write(pair.value(), target, at, limit);
        }
        throw new IllegalArgumentException("records of type " + record.getClass().getName()
                + " cannot cross an exchange (supported: Long, Integer, Double, Boolean, String and Pair of them)");
    }

    private static int putTag(byte[] target, int position, int limit, byte tag) {
        if (position + 1 > limit) {
            return -1;
        }
        target[position] = tag;
        return position + 1;
    }

    /** Writes a big-endian int (the caller checked the room); the position after it. */
    public static int putInt(byte[] target, int position, int value) {
        target[position] = (byte) (value >>> 24);
        target[position + 1] = (byte) (value >>> 16);
        target[position + 2] = (byte) (value >>> 8);
        target[position + 3] = (byte) value;
        return position + 4;
    }

    private static int putLong(byte[] target, int position, long value) {
        return putInt(target, putInt(target, position, (int) (value >>> 32)), (int) value);
    }

    /** A record batch that is not one (truncated, or not written by this codec). */
    public static final class CorruptBatchException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        public CorruptBatchException(String message) {
            super(message);
        }
    }

    /** Reads records from {@code bytes[offset..end)}, never past {@code end}. */
    public static final class Reader {
        private final byte[] bytes;
        private final int end;
        private int position;

        public Reader(byte[] bytes, int offset, int end) {
            this.bytes = bytes;
            this.position = offset;
            this.end = end;
        }

        /** A record count: each record takes at least one byte, so a count larger than the rest is corrupt. */
        public int readCount() {
            int count = readInt();
            if (count < 0 || count > end - position) {
                throw corrupt("record count " + count + " with " + (end - position) + " bytes left");
            }
            return count;
        }

        public Object[] readBatch(int count) {
            Object[] records = new Object[count];
            for (int i = 0; i < count; i++) {
                records[i] = read();
            }
            return records;
        }

        /** The batch must end here: trailing bytes are corruption too. */
        public void expectEnd() {
            if (position != end) {
                throw corrupt((end - position) + " bytes after the last record");
            }
        }

        Object read() {
            return read(0);
        }

        /** Pairs nest, but not deeper than any record of the operator API: a corrupt batch cannot blow the stack. */
        private Object read(int depth) {
            if (depth > MAX_PAIR_DEPTH) {
                throw corrupt("pairs nested deeper than " + MAX_PAIR_DEPTH);
            }
            byte tag = readByte();
            return switch (tag) {
                case NULL -> null;
                case LONG -> readLong();
                case INT -> readInt();
                case DOUBLE -> Double.longBitsToDouble(readLong());
                case TRUE -> Boolean.TRUE;
                case FALSE -> Boolean.FALSE;
                case STRING -> {
                    int length = readInt();
                    if (length < 0 || length > end - position) {
                        throw corrupt("string of " + length + " bytes with " + (end - position) + " left");
                    }
                    String value = new String(bytes, position, length, StandardCharsets.UTF_8);
                    position += length;
                    yield value;
                }
                case PAIR -> {
                    Object key = read(depth + 1);
                    yield new Pair(key, read(depth + 1));
                }
                default -> throw corrupt("unknown tag " + tag);
            };
        }

        private byte readByte() {
            need(1);
            return bytes[position++];
        }

        public int readInt() {
            need(4);
            int value = (bytes[position] & 0xff) << 24 | (bytes[position + 1] & 0xff) << 16
                    | (bytes[position + 2] & 0xff) << 8 | bytes[position + 3] & 0xff;
            position += 4;
            return value;
        }

        long readLong() {
            return (long) readInt() << 32 | readInt() & 0xffffffffL;
        }

        private void need(int count) {
            if (end - position < count) {
                throw corrupt("truncated: " + count + " bytes needed, " + (end - position) + " left");
            }
        }

        private CorruptBatchException corrupt(String what) {
            return new CorruptBatchException("corrupt record batch at byte " + position + ": " + what);
        }
    }
}
