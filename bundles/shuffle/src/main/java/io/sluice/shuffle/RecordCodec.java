package io.sluice.shuffle;

import io.sluice.api.operator.Pair;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The wire and spill format of a record batch: a record count, then each record as a one-byte tag and its
 * value, big-endian. Only the record types of the operator API are supported; anything else is refused with
 * the type's name, so a job learns at its first exchange, not by corrupt data.
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

    private byte[] buffer = new byte[4096];
    private int position;

    /** Serialises {@code records[0..count)}; the returned array is exactly the encoded size. */
    public byte[] encode(Object[] records, int count) {
        position = 0;
        writeInt(count);
        for (int i = 0; i < count; i++) {
            write(records[i]);
        }
        return Arrays.copyOf(buffer, position);
    }

    private void write(Object record) {
        if (record == null) {
            writeByte(NULL);
        } else if (record instanceof Long value) {
            writeByte(LONG);
            writeLong(value);
        } else if (record instanceof Integer value) {
            writeByte(INT);
            writeInt(value);
        } else if (record instanceof Double value) {
            writeByte(DOUBLE);
            writeLong(Double.doubleToRawLongBits(value));
        } else if (record instanceof Boolean value) {
            writeByte(value ? TRUE : FALSE);
        } else if (record instanceof String value) {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            writeByte(STRING);
            writeInt(utf8.length);
            ensure(utf8.length);
            System.arraycopy(utf8, 0, buffer, position, utf8.length);
            position += utf8.length;
        } else if (record instanceof Pair pair) {
            writeByte(PAIR);
            write(pair.key());
            write(pair.value());
        } else {
            throw new IllegalArgumentException("records of type " + record.getClass().getName()
                    + " cannot cross an exchange (supported: Long, Integer, Double, Boolean, String and Pair of them)");
        }
    }

    /** Reads a batch written by {@link #encode}. */
    public static Object[] decode(byte[] bytes) {
        Reader reader = new Reader(bytes);
        Object[] records = new Object[reader.readInt()];
        for (int i = 0; i < records.length; i++) {
            records[i] = reader.read();
        }
        return records;
    }

    private void ensure(int more) {
        if (position + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, position + more));
        }
    }

    private void writeByte(byte value) {
        ensure(1);
        buffer[position++] = value;
    }

    private void writeInt(int value) {
        ensure(4);
        buffer[position++] = (byte) (value >>> 24);
        buffer[position++] = (byte) (value >>> 16);
        buffer[position++] = (byte) (value >>> 8);
        buffer[position++] = (byte) value;
    }

    private void writeLong(long value) {
        writeInt((int) (value >>> 32));
        writeInt((int) value);
    }

    private static final class Reader {
        private final byte[] bytes;
        private int position;

        Reader(byte[] bytes) {
            this.bytes = bytes;
        }

        Object read() {
            byte tag = bytes[position++];
            return switch (tag) {
                case NULL -> null;
                case LONG -> readLong();
                case INT -> readInt();
                case DOUBLE -> Double.longBitsToDouble(readLong());
                case TRUE -> Boolean.TRUE;
                case FALSE -> Boolean.FALSE;
                case STRING -> {
                    int length = readInt();
                    String value = new String(bytes, position, length, StandardCharsets.UTF_8);
                    position += length;
                    yield value;
                }
                case PAIR -> {
                    Object key = read();
                    yield new Pair(key, read());
                }
                default -> throw new IllegalStateException("corrupt record batch: unknown tag " + tag
                        + " at byte " + (position - 1));
            };
        }

        int readInt() {
            int value = (bytes[position] & 0xff) << 24 | (bytes[position + 1] & 0xff) << 16
                    | (bytes[position + 2] & 0xff) << 8 | bytes[position + 3] & 0xff;
            position += 4;
            return value;
        }

        long readLong() {
            return (long) readInt() << 32 | readInt() & 0xffffffffL;
        }
    }
}
