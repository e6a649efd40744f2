package io.tributary.metadata.image;

/** A committed consumer offset. */
public record CommittedOffset(long offset, int leaderEpoch, String metadata, long commitTimestampMs) {
}
