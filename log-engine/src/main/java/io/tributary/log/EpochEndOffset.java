package io.tributary.log;

/**
 * Answer of {@link LeaderEpochCache#endOffsetFor}: the largest known {@code epoch} not above the one
 * asked for, and the exclusive offset at which that epoch's data ends in this log. {@link #UNDEFINED}
 * is Kafka's (UNDEFINED_EPOCH, UNDEFINED_EPOCH_OFFSET) = (-1, -1).
 */
public record EpochEndOffset(int epoch, long endOffset) {

    public static final int UNDEFINED_EPOCH = -1;
    public static final long UNDEFINED_EPOCH_OFFSET = -1L;
    public static final EpochEndOffset UNDEFINED = new EpochEndOffset(UNDEFINED_EPOCH, UNDEFINED_EPOCH_OFFSET);

    public boolean isUndefined() {
        return epoch == UNDEFINED_EPOCH || endOffset == UNDEFINED_EPOCH_OFFSET;
    }
}
