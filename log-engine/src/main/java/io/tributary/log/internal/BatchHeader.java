package io.tributary.log.internal;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The fixed 61-byte header of a Kafka magic-v2 record batch, read in place from a buffer.
 *
 * <p>Byte layout (big-endian), as on the wire and in the segment file:
 * <pre>
 *  0 baseOffset int64        | 12 partitionLeaderEpoch int32 | 16 magic int8 | 17 crc uint32 (CRC-32C)
 *  8 batchLength int32       | 21 attributes int16 | 23 lastOffsetDelta int32 | 27 baseTimestamp int64
 *    (bytes after this field)| 35 maxTimestamp int64 | 43 producerId int64 | 51 producerEpoch int16
 *                            | 53 baseSequence int32 | 57 recordCount int32 | 61 records...
 * </pre>
 * The CRC covers bytes 21 to the end, so the broker may rewrite baseOffset and
 * partitionLeaderEpoch in place without recomputing it. Stateless; thread-safe.
 */
public final class BatchHeader {

    public static final int BASE_OFFSET_OFFSET = 0;
    public static final int LENGTH_OFFSET = 8;
    /** Bytes before and including the length field: the minimum needed to know a batch's size. */
    public static final int LOG_OVERHEAD = 12;
    public static final int PARTITION_LEADER_EPOCH_OFFSET = 12;
    public static final int MAGIC_OFFSET = 16;
    public static final int CRC_OFFSET = 17;
    public static final int ATTRIBUTES_OFFSET = 21;
    public static final int LAST_OFFSET_DELTA_OFFSET = 23;
    public static final int BASE_TIMESTAMP_OFFSET = 27;
    public static final int MAX_TIMESTAMP_OFFSET = 35;
    public static final int PRODUCER_ID_OFFSET = 43;
    public static final int PRODUCER_EPOCH_OFFSET = 51;
    public static final int BASE_SEQUENCE_OFFSET = 53;
    public static final int RECORDS_COUNT_OFFSET = 57;
    /** Size of a batch header (a batch with no records). */
    public static final int HEADER_SIZE = 61;
    public static final byte MAGIC_V2 = 2;

    private BatchHeader() {
    }

    public static long baseOffset(ByteBuffer b, int pos) {
        return b.getLong(pos + BASE_OFFSET_OFFSET);
    }

    /** Whole batch size in bytes (length field + 12), possibly bogus if the batch is corrupt. */
    public static int totalSize(ByteBuffer b, int pos) {
        return b.getInt(pos + LENGTH_OFFSET) + LOG_OVERHEAD;
    }

    public static int leaderEpoch(ByteBuffer b, int pos) {
        return b.getInt(pos + PARTITION_LEADER_EPOCH_OFFSET);
    }

    public static byte magic(ByteBuffer b, int pos) {
        return b.get(pos + MAGIC_OFFSET);
    }

    public static int lastOffsetDelta(ByteBuffer b, int pos) {
        return b.getInt(pos + LAST_OFFSET_DELTA_OFFSET);
    }

    public static long lastOffset(ByteBuffer b, int pos) {
        return baseOffset(b, pos) + lastOffsetDelta(b, pos);
    }

    public static long maxTimestamp(ByteBuffer b, int pos) {
        return b.getLong(pos + MAX_TIMESTAMP_OFFSET);
    }

    public static long baseTimestamp(ByteBuffer b, int pos) {
        return b.getLong(pos + BASE_TIMESTAMP_OFFSET);
    }

    /** The idempotent producer's id, or -1 for a batch from a producer without idempotence. */
    public static long producerId(ByteBuffer b, int pos) {
        return b.getLong(pos + PRODUCER_ID_OFFSET);
    }

    public static short producerEpoch(ByteBuffer b, int pos) {
        return b.getShort(pos + PRODUCER_EPOCH_OFFSET);
    }

    public static int baseSequence(ByteBuffer b, int pos) {
        return b.getInt(pos + BASE_SEQUENCE_OFFSET);
    }

    /** The last sequence number of the batch (sequences wrap after Integer.MAX_VALUE). */
    public static int lastSequence(ByteBuffer b, int pos) {
        long last = (long) baseSequence(b, pos) + lastOffsetDelta(b, pos);
        return (int) (last > Integer.MAX_VALUE ? last - Integer.MAX_VALUE - 1 : last);
    }

    public static int recordCount(ByteBuffer b, int pos) {
        return b.getInt(pos + RECORDS_COUNT_OFFSET);
    }

    public static void setBaseOffset(ByteBuffer b, int pos, long baseOffset) {
        b.putLong(pos + BASE_OFFSET_OFFSET, baseOffset);
    }

    public static void setLeaderEpoch(ByteBuffer b, int pos, int epoch) {
        b.putInt(pos + PARTITION_LEADER_EPOCH_OFFSET, epoch);
    }

    /** Whether the stored CRC matches the bytes; {@code size} is the batch's total size. */
    public static boolean crcMatches(ByteBuffer b, int pos, int size) {
        long stored = Integer.toUnsignedLong(b.getInt(pos + CRC_OFFSET));
        CRC32C crc = new CRC32C();
        ByteBuffer view = b.duplicate();
        view.limit(pos + size).position(pos + ATTRIBUTES_OFFSET);
        crc.update(view);
        return crc.getValue() == stored;
    }
}
