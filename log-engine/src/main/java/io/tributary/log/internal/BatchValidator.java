package io.tributary.log.internal;

import io.tributary.log.LogAppendException;
import io.tributary.log.LogError;
import java.nio.ByteBuffer;

/**
 * Checks record batches before anything is written: header fields, sizes and CRC only, never the
 * individual records (the broker stores batches opaque; no per-record work in the append path).
 * Pure; thread-safe.
 */
public final class BatchValidator {

    private BatchValidator() {
    }

    /** What a validated input holds, so the writer needs no second pass to find batch boundaries. */
    public record Summary(int batchCount, int sizeInBytes, long firstOffset, long lastOffset, long maxTimestampMs,
                          long recordCount) {
    }

    /**
     * Validates every batch in {@code buffer} (position to limit).
     *
     * @param follower when true, offsets are kept: batches must be contiguous-or-increasing and start at {@code expectedFirstOffset};
     *                 when false (leader), each batch must have {@code lastOffsetDelta == recordCount - 1}
     * @throws LogAppendException with the Kafka error to answer
     */
    public static Summary validate(ByteBuffer buffer, int maxMessageBytes, boolean follower, long expectedFirstOffset) {
        int pos = buffer.position();
        int end = buffer.limit();
        if (pos == end) {
            throw new LogAppendException(LogError.INVALID_RECORD, "empty record set");
        }
        int count = 0;
        long firstOffset = -1;
        long previousLast = -1;
        long maxTimestamp = -1;
        long records = 0;
        while (pos < end) {
            int remaining = end - pos;
            if (remaining < BatchHeader.LOG_OVERHEAD) {
                throw corrupt("truncated batch header at byte " + (pos - buffer.position()));
            }
            int size = BatchHeader.totalSize(buffer, pos);
            if (size < BatchHeader.HEADER_SIZE) {
                throw corrupt("batch size " + size + " is smaller than the v2 header");
            }
            if (size > remaining) {
                throw corrupt("batch size " + size + " exceeds the " + remaining + " bytes left");
            }
            byte magic = BatchHeader.magic(buffer, pos);
            if (magic != BatchHeader.MAGIC_V2) {
                throw corrupt("unsupported magic " + magic + " (only v2 batches are accepted)");
            }
            if (size > maxMessageBytes) {
                throw new LogAppendException(LogError.MESSAGE_TOO_LARGE,
                        "batch of " + size + " bytes exceeds max.message.bytes=" + maxMessageBytes);
            }
            if (!BatchHeader.crcMatches(buffer, pos, size)) {
                throw corrupt("CRC mismatch in batch at byte " + (pos - buffer.position()));
            }
            int recordCount = BatchHeader.recordCount(buffer, pos);
            int lastDelta = BatchHeader.lastOffsetDelta(buffer, pos);
            if (recordCount <= 0) {
                throw new LogAppendException(LogError.INVALID_RECORD, "batch has no records");
            }
            if (lastDelta < 0) {
                throw new LogAppendException(LogError.INVALID_RECORD, "negative lastOffsetDelta " + lastDelta);
            }
            if (!follower && lastDelta != recordCount - 1) {
                throw new LogAppendException(LogError.INVALID_RECORD,
                        "lastOffsetDelta " + lastDelta + " does not match record count " + recordCount);
            }
            if (follower) {
                long base = BatchHeader.baseOffset(buffer, pos);
                if (count == 0 && base != expectedFirstOffset) {
                    throw new LogAppendException(LogError.INVALID_RECORD,
                            "follower batch starts at offset " + base + ", log end offset is " + expectedFirstOffset);
                }
                if (count > 0 && base <= previousLast) {
                    throw new LogAppendException(LogError.INVALID_RECORD,
                            "follower batch offsets go backwards: " + base + " after " + previousLast);
                }
                if (count == 0) {
                    firstOffset = base;
                }
                previousLast = base + lastDelta;
            }
            maxTimestamp = Math.max(maxTimestamp, BatchHeader.maxTimestamp(buffer, pos));
            records += recordCount;
            count++;
            pos += size;
        }
        return new Summary(count, end - buffer.position(), firstOffset, previousLast, maxTimestamp, records);
    }

    private static LogAppendException corrupt(String message) {
        return new LogAppendException(LogError.CORRUPT_MESSAGE, message);
    }
}
