package io.tributary.bench;

import java.nio.ByteBuffer;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * Builds what a producer would send: uncompressed magic-v2 batches that fill up to {@code batchBytes}
 * (the producer's {@code batch.size}) with records of {@code recordBytes} value bytes.
 * Values are pseudo-random (seeded) so no layer can take a shortcut on zeros.
 */
final class BenchBatches {

    private BenchBatches() {
    }

    /** One batch with as many records as fit in {@code batchBytes}, at base offset 0. */
    static MemoryRecords filledBatch(int batchBytes, int recordBytes, long timestampMs, long seed) {
        ByteBuffer buffer = ByteBuffer.allocate(batchBytes);
        MemoryRecordsBuilder builder = MemoryRecords.builder(buffer, RecordBatch.MAGIC_VALUE_V2, Compression.NONE,
                TimestampType.CREATE_TIME, 0L);
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        int index = 0;
        while (true) {
            byte[] key = ("key-" + index).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            byte[] value = new byte[recordBytes];
            for (int i = 0; i < value.length; i++) {
                value[i] = (byte) random.nextInt(256);
            }
            if (!builder.hasRoomFor(timestampMs, key, value, Record.EMPTY_HEADERS)) {
                break;
            }
            builder.append(timestampMs, key, value);
            index++;
        }
        if (index == 0) {
            throw new IllegalArgumentException("a " + recordBytes + "-byte record does not fit in " + batchBytes + " bytes");
        }
        return builder.build();
    }

    /** {@code count} independent copies of {@code template}: appends stamp offsets into the bytes in place. */
    static MemoryRecords[] copies(MemoryRecords template, int count) {
        MemoryRecords[] pool = new MemoryRecords[count];
        for (int i = 0; i < count; i++) {
            ByteBuffer copy = ByteBuffer.allocate(template.sizeInBytes());
            copy.put(template.buffer().duplicate()).flip();
            pool[i] = MemoryRecords.readableRecords(copy);
        }
        return pool;
    }

    static int recordCount(MemoryRecords batch) {
        int count = 0;
        for (RecordBatch b : batch.batches()) {
            count += (int) (b.lastOffset() - b.baseOffset() + 1);
        }
        return count;
    }
}
