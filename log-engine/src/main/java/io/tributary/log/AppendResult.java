package io.tributary.log;

/**
 * What an append wrote: the offsets assigned (or kept, for a follower), the wall-clock time of the
 * append, the largest record timestamp seen, and how many batches and bytes went to the file.
 */
public record AppendResult(long firstOffset, long lastOffset, long logAppendTimeMs, long maxTimestampMs,
                           int batchCount, int sizeInBytes) {
}
