package io.tributary.log.testing;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * Builds magic-v2 record batches for tests: N records of S value bytes with chosen timestamps.
 * Values are deterministic (derived from the record index) so a reader can check them.
 */
public final class TestBatches {

    private TestBatches() {
    }

    /** One uncompressed batch of {@code records} records of {@code valueBytes} bytes, all at {@code timestampMs}, base offset 0. */
    public static MemoryRecords batch(int records, int valueBytes, long timestampMs) {
        return batch(0L, RecordBatch.NO_PARTITION_LEADER_EPOCH, records, valueBytes, timestampMs);
    }

    /** One uncompressed batch with the given base offset and leader epoch (as a follower would receive it). */
    public static MemoryRecords batch(long baseOffset, int leaderEpoch, int records, int valueBytes, long timestampMs) {
        long[] timestamps = new long[records];
        java.util.Arrays.fill(timestamps, timestampMs);
        return batchWithTimestamps(baseOffset, leaderEpoch, valueBytes, timestamps);
    }

    /** One batch with one record per timestamp given. */
    public static MemoryRecords batchWithTimestamps(long baseOffset, int leaderEpoch, int valueBytes, long... timestamps) {
        ByteBuffer buffer = ByteBuffer.allocate(256 + timestamps.length * (valueBytes + 32));
        MemoryRecordsBuilder builder = MemoryRecords.builder(buffer, RecordBatch.MAGIC_VALUE_V2, Compression.NONE,
                TimestampType.CREATE_TIME, baseOffset, RecordBatch.NO_TIMESTAMP,
                RecordBatch.NO_PRODUCER_ID, RecordBatch.NO_PRODUCER_EPOCH, RecordBatch.NO_SEQUENCE, false, false,
                leaderEpoch);
        for (int i = 0; i < timestamps.length; i++) {
            builder.append(timestamps[i], key(i), value(i, valueBytes));
        }
        return builder.build();
    }

    /** Several batches concatenated in one buffer, each of {@code recordsPerBatch} records. */
    public static MemoryRecords batches(int batchCount, int recordsPerBatch, int valueBytes, long timestampMs) {
        List<MemoryRecords> parts = new ArrayList<>();
        long offset = 0;
        for (int i = 0; i < batchCount; i++) {
            parts.add(batch(offset, RecordBatch.NO_PARTITION_LEADER_EPOCH, recordsPerBatch, valueBytes, timestampMs));
            offset += recordsPerBatch;
        }
        return concat(parts);
    }

    /** Concatenates the bytes of several record sets. */
    public static MemoryRecords concat(List<MemoryRecords> parts) {
        int size = parts.stream().mapToInt(MemoryRecords::sizeInBytes).sum();
        ByteBuffer out = ByteBuffer.allocate(size);
        for (MemoryRecords part : parts) {
            out.put(part.buffer().duplicate());
        }
        return MemoryRecords.readableRecords(out.flip());
    }

    /** A copy whose bytes can be mutated without touching the original. */
    public static MemoryRecords copy(MemoryRecords records) {
        ByteBuffer out = ByteBuffer.allocate(records.sizeInBytes());
        out.put(records.buffer().duplicate());
        return MemoryRecords.readableRecords(out.flip());
    }

    /** The batches of a record set, as a list. */
    public static List<MutableRecordBatch> batchList(MemoryRecords records) {
        List<MutableRecordBatch> list = new ArrayList<>();
        records.batches().forEach(list::add);
        return list;
    }

    public static byte[] key(int index) {
        return ("k" + index).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A value of {@code size} bytes derived from {@code index}. */
    public static byte[] value(int index, int size) {
        byte[] v = new byte[size];
        for (int i = 0; i < size; i++) {
            v[i] = (byte) (index * 31 + i);
        }
        return v;
    }
}
