package io.tributary.log.producer;

/**
 * Where one idempotent batch landed: its sequence range and its offsets. Kept for the last few
 * batches of each producer so that a retried batch is answered with its original offsets.
 */
public record BatchMetadata(int firstSeq, int lastSeq, long firstOffset, long lastOffset, long timestampMs) {
}
