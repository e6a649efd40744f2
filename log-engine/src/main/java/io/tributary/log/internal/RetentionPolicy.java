package io.tributary.log.internal;

import java.util.List;

/**
 * Decides how many of a partition's oldest closed segments retention deletes, with Kafka's
 * {@code UnifiedLog.deleteRetentionMsBreachedSegments} / {@code deleteRetentionSizeBreachedSegments}
 * semantics. Pure: no I/O, no clock (the caller passes {@code nowMs}); the caller deletes the segments,
 * advances the log start offset and checkpoints it.
 *
 * <ul>
 *   <li>By time: a segment is expired when {@code nowMs - largestTimestampMs > retentionMs}. Deletion
 *       stops at the first segment that has not expired, even if a later one has (a later segment
 *       can hold older timestamps; offsets must stay contiguous).</li>
 *   <li>By size: oldest first, a segment goes while the log, without it, is still at least
 *       {@code retentionBytes} long. The active segment counts in {@code totalLogBytes} but is never
 *       deleted, because the caller does not pass it.</li>
 *   <li>Both limits: each deletes a prefix of the oldest segments and Kafka runs them one after the
 *       other, so the answer is the longer of the two prefixes.</li>
 *   <li>A negative limit ({@code -1}) disables that rule.</li>
 * </ul>
 *
 * <p>Threading: stateless; safe from any thread.
 */
public final class RetentionPolicy {

    private RetentionPolicy() {
    }

    /**
     * @param closedOldestFirst the closed segments, oldest first, without the active segment
     * @param totalLogBytes the size of the whole log, active segment included
     * @return how many segments, from the start of {@code closedOldestFirst}, to delete
     */
    public static int segmentsToDelete(List<SegmentSummary> closedOldestFirst, long totalLogBytes, long nowMs,
            long retentionMs, long retentionBytes) {
        return Math.max(expiredByTime(closedOldestFirst, nowMs, retentionMs),
                excessBySize(closedOldestFirst, totalLogBytes, retentionBytes));
    }

    /** How many of the oldest segments are past {@code retentionMs}; 0 when it is negative. */
    public static int expiredByTime(List<SegmentSummary> closedOldestFirst, long nowMs, long retentionMs) {
        if (retentionMs < 0) {
            return 0;
        }
        int count = 0;
        for (SegmentSummary segment : closedOldestFirst) {
            // Subtract before comparing, as Kafka does: nowMs - retentionMs could underflow for huge limits.
            if (nowMs - segment.largestTimestampMs() <= retentionMs) {
                break;
            }
            count++;
        }
        return count;
    }

    /** How many of the oldest segments can go while the log stays at least {@code retentionBytes}; 0 when negative. */
    public static int excessBySize(List<SegmentSummary> closedOldestFirst, long totalLogBytes, long retentionBytes) {
        if (retentionBytes < 0 || totalLogBytes < retentionBytes) {
            return 0;
        }
        long excess = totalLogBytes - retentionBytes;
        int count = 0;
        for (SegmentSummary segment : closedOldestFirst) {
            if (excess - segment.sizeInBytes() < 0) {
                break;
            }
            excess -= segment.sizeInBytes();
            count++;
        }
        return count;
    }
}
