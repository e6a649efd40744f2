package io.tributary.log.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Sparse map from timestamp to offset in one segment: 12-byte entries {@code (long timestamp, int
 * relativeOffset)}, both non-decreasing. An entry {@code (T, O)} promises that every batch of the
 * segment whose base offset is below {@code O} has a max timestamp of at most {@code T}. So a search
 * for timestamp {@code ts} may skip to the last entry with {@code T < ts}. Written at each offset
 * index point when the running max timestamp grew, and once more when the segment is closed, so
 * the last entry of a closed segment carries the segment's largest timestamp (used by retention).
 * Threading as in {@link AbstractIndex}.
 */
public final class TimeIndex extends AbstractIndex {

    public static final int ENTRY_SIZE = 12;

    public TimeIndex(Path path, long baseOffset, int maxIndexBytes, boolean writable) throws IOException {
        super(path, baseOffset, ENTRY_SIZE, maxIndexBytes, writable);
    }

    /**
     * Appends {@code (timestamp, offset)} if the timestamp grew. When full and {@code force} is set,
     * the last entry is replaced instead (a later, larger entry keeps the promise of the older one).
     */
    public void maybeAppend(long timestamp, long offset, boolean force) {
        requireWritable();
        int n = entries();
        if (n > 0 && timestamp <= lastTimestamp()) {
            return;
        }
        if (isFull()) {
            if (force && n > 0) {
                write(n - 1, timestamp, offset);
            }
            return;
        }
        write(n, timestamp, offset);
        publishAppended();
    }

    private void write(int n, long timestamp, long offset) {
        ByteBuffer target = bufferFor(n);
        int slot = tailSlot(n);
        target.putLong(slot, timestamp);
        target.putInt(slot + 8, (int) (offset - baseOffset));
    }

    /** Offset from which to scan for the first batch with max timestamp at least {@code timestamp}. */
    public long lookup(long timestamp) {
        ByteBuffer e = largestEntryAtMost(timestamp, true);
        return e == null ? baseOffset : offsetOf(e);
    }

    /** Largest timestamp recorded, or -1 if empty. */
    public long lastTimestamp() {
        int n = entries();
        return n == 0 ? -1L : timestampOf(entry(n - 1));
    }

    /** Drops entries whose offset is past {@code nextOffset} (after a log truncation). */
    public void truncateAfter(long nextOffset) {
        truncateToEntries(countLeading(e -> offsetOf(e) <= nextOffset));
    }

    private long offsetOf(ByteBuffer entry) {
        return baseOffset + entry.getInt(entry.position() + 8);
    }

    private static long timestampOf(ByteBuffer entry) {
        return entry.getLong(entry.position());
    }

    @Override
    protected long keyOf(ByteBuffer b, int slot) {
        return b.getLong(slot);
    }

    @Override
    protected long valueOf(ByteBuffer b, int slot) {
        return baseOffset + b.getInt(slot + 8);
    }

    /** True if the last entries are ordered and not past {@code nextOffset}. */
    public boolean isSane(long nextOffset) {
        int n = entries();
        if (n == 0) {
            return true;
        }
        long off = offsetOf(entry(n - 1));
        return off >= baseOffset && off <= nextOffset && (n < 2 || timestampOf(entry(n - 2)) <= timestampOf(entry(n - 1)));
    }
}
