package io.sluice.network;

import io.sluice.shuffle.RecordCodec;

/**
 * A batch of records in one network buffer: magic ({@code 0x5CB7}), format version, the length of what follows,
 * then a record count and the records in the {@link RecordCodec} encoding. A sender fills a segment with as many
 * whole records as fit; a record larger than a whole segment cannot be sent (the task fails, naming
 * {@code taskexecutor.network.segment-size}). A receiver checks all of it before it trusts a byte.
 */
public final class BatchFormat {
    static final short MAGIC = (short) 0x5CB7;
    static final byte VERSION = 1;
    /** magic, version, length */
    static final int HEADER_BYTES = 7;

    private BatchFormat() {
    }

    /**
     * Fills one segment with whole records from as many batches as fit, so that small batches do not each cost a
     * buffer, a frame and a credit.
     */
    public static final class Writer {
        private final byte[] segment;
        private int position = HEADER_BYTES + 4;
        private int count;

        public Writer(byte[] segment) {
            this.segment = segment;
        }

        /**
         * Appends {@code records[from..]}, as many as fit: how many it took, 0 when the segment is full.
         *
         * @throws IllegalArgumentException when the segment is empty and the next record alone does not fit, or a
         *         record is of a type that cannot cross an exchange
         */
        public int add(Object[] records, int from) {
            int taken = 0;
            for (int i = from; i < records.length; i++) {
                int next = RecordCodec.write(records[i], segment, position, segment.length);
                if (next < 0) {
                    break;
                }
                position = next;
                taken++;
            }
            if (taken == 0 && count == 0 && from < records.length) {
                throw new IllegalArgumentException("a record of type " + records[from].getClass().getSimpleName()
                        + " is larger than one network buffer (taskexecutor.network.segment-size, " + segment.length
                        + " bytes)");
            }
            count += taken;
            return taken;
        }

        public boolean isEmpty() {
            return count == 0;
        }

        /** Writes the header: the segment holds a batch of {@link #size()} bytes. */
        public int finish() {
            segment[0] = (byte) (MAGIC >>> 8);
            segment[1] = (byte) MAGIC;
            segment[2] = VERSION;
            RecordCodec.putInt(segment, 3, position - HEADER_BYTES);
            RecordCodec.putInt(segment, HEADER_BYTES, count);
            return position;
        }
    }

    /**
     * Encodes {@code records[from..]} into {@code segment}, as many as fit: how many it took (at least one).
     *
     * @throws IllegalArgumentException when the first record alone does not fit, or a record is of a type that
     *         cannot cross an exchange
     */
    public static int encode(Object[] records, int from, byte[] segment) {
        Writer writer = new Writer(segment);
        int count = writer.add(records, from);
        writer.finish();
        return count;
    }

    /** The bytes {@link #encode} filled. */
    public static int size(byte[] segment) {
        return HEADER_BYTES + ((segment[3] & 0xff) << 24 | (segment[4] & 0xff) << 16 | (segment[5] & 0xff) << 8
                | segment[6] & 0xff);
    }

    /**
     * The records of the batch in {@code segment[0..size)}.
     *
     * @throws RecordCodec.CorruptBatchException when the bytes are not such a batch, or not all of one
     */
    public static Object[] decode(byte[] segment, int size) {
        if (size < HEADER_BYTES + 4 || size > segment.length) {
            throw new RecordCodec.CorruptBatchException("a batch of " + size + " bytes cannot be one (at least "
                    + (HEADER_BYTES + 4) + ", at most " + segment.length + ")");
        }
        short magic = (short) ((segment[0] & 0xff) << 8 | segment[1] & 0xff);
        if (magic != MAGIC) {
            throw new RecordCodec.CorruptBatchException(String.format("not a record batch (magic 0x%04x)", magic));
        }
        if (segment[2] != VERSION) {
            throw new RecordCodec.CorruptBatchException("record batch format " + segment[2] + " is not read here"
                    + " (format " + VERSION + ")");
        }
        if (size(segment) != size) {
            throw new RecordCodec.CorruptBatchException("record batch says " + (size(segment) - HEADER_BYTES)
                    + " bytes follow its header, " + (size - HEADER_BYTES) + " arrived");
        }
        RecordCodec.Reader reader = new RecordCodec.Reader(segment, HEADER_BYTES, size);
        Object[] records = reader.readBatch(reader.readCount());
        reader.expectEnd();
        return records;
    }
}
