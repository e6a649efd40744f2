package io.tributary.log;

/** An offset with the timestamp found for it (ListOffsets answers). */
public record OffsetAndTimestamp(long offset, long timestampMs) {
}
