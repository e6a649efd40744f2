package io.tributary.log.internal;

import io.tributary.log.LogSlice;
import io.tributary.log.OffsetAndTimestamp;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * The read side of a partition log over one immutable snapshot of its segments: fetch slices and
 * timestamp lookups. Stateless and lock-free; safe on any thread.
 */
public final class SegmentReads {

    private SegmentReads() {
    }

    /** Index of the last segment whose base offset is at most {@code offset} (0 if none). */
    public static int floorSegment(List<LogSegment> snapshot, long offset) {
        int lo = 0;
        int hi = snapshot.size() - 1;
        int found = 0;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (snapshot.get(mid).baseOffset() <= offset) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /** Whole batches from the one containing {@code startOffset}, crossing into later segments if it holds none. */
    public static LogSlice read(List<LogSegment> snapshot, long startOffset, int maxBytes, long maxOffsetExclusive)
            throws IOException {
        for (int i = floorSegment(snapshot, startOffset); i < snapshot.size(); i++) {
            LogSlice slice = snapshot.get(i).read(startOffset, maxBytes, maxOffsetExclusive);
            if (slice != null) {
                return slice;
            }
        }
        return LogSlice.empty();
    }

    /**
     * The first record at or after {@code logStartOffset} whose timestamp is at least
     * {@code timestampMs}: skips segments whose largest timestamp is lower, finds the first batch
     * whose max timestamp reaches it through the time index, then looks at its records.
     */
    public static Optional<OffsetAndTimestamp> offsetForTimestamp(List<LogSegment> snapshot, long timestampMs,
                                                                  long logStartOffset) throws IOException {
        for (LogSegment segment : snapshot) {
            if (segment.largestTimestampMs() < timestampMs) {
                continue;
            }
            int pos = segment.positionForTimestamp(timestampMs);
            while (pos >= 0 && pos < segment.sizeInBytes()) {
                ByteBuffer batch = segment.readBatch(pos);
                for (RecordBatch b : MemoryRecords.readableRecords(batch).batches()) {
                    for (Record r : b) {
                        if (r.timestamp() >= timestampMs && r.offset() >= logStartOffset) {
                            return Optional.of(new OffsetAndTimestamp(r.offset(), r.timestamp()));
                        }
                    }
                }
                pos += batch.limit();
            }
        }
        return Optional.empty();
    }

    /** Largest timestamp of any segment, or -1. */
    public static long largestTimestamp(List<LogSegment> snapshot) {
        long max = -1;
        for (LogSegment segment : snapshot) {
            max = Math.max(max, segment.largestTimestampMs());
        }
        return max;
    }
}
