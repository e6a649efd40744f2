package io.tributary.log;

/**
 * One line of the leader-epoch cache: the leader {@code epoch} whose first batch in this log starts at
 * {@code startOffset}.
 */
public record EpochEntry(int epoch, long startOffset) {

    public EpochEntry {
        if (epoch < 0 || startOffset < 0) {
            throw new IllegalArgumentException("invalid leader epoch entry: epoch=" + epoch + ", startOffset=" + startOffset);
        }
    }
}
