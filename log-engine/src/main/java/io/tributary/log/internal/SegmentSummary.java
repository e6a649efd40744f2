package io.tributary.log.internal;

/**
 * What {@link RetentionPolicy} needs to know about one closed segment: its base offset (for messages),
 * its size on disk and the largest record timestamp it holds (Kafka's {@code largestTimestamp}; for a
 * segment without timestamps the caller passes its last-modified time, as Kafka does).
 */
public record SegmentSummary(long baseOffset, long sizeInBytes, long largestTimestampMs) {

    public SegmentSummary {
        if (baseOffset < 0 || sizeInBytes < 0) {
            throw new IllegalArgumentException("invalid segment summary: baseOffset=" + baseOffset
                    + ", sizeInBytes=" + sizeInBytes);
        }
    }
}
