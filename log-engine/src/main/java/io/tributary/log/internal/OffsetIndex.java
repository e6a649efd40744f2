package io.tributary.log.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Sparse map from offset to file position in one segment: 8-byte entries {@code (int
 * relativeOffset, int position)}, relative to the segment's base offset, both increasing. One
 * entry per {@code index.interval.bytes} of log, keyed by a batch's base offset; a lookup finds the
 * nearest entry at or below the target and the caller scans batch headers from there.
 * Threading as in {@link AbstractIndex}.
 */
public final class OffsetIndex extends AbstractIndex {

    public static final int ENTRY_SIZE = 8;

    public OffsetIndex(Path path, long baseOffset, int maxIndexBytes, boolean writable) throws IOException {
        super(path, baseOffset, ENTRY_SIZE, maxIndexBytes, writable);
    }

    /** Appends an entry; the caller guarantees {@code offset} grows and the index is not full. */
    public void append(long offset, int position) {
        requireWritable();
        int n = entries();
        ByteBuffer target = bufferFor(n);
        int slot = tailSlot(n);
        target.putInt(slot, (int) (offset - baseOffset));
        target.putInt(slot + 4, position);
        publishAppended();
    }

    /** File position from which to scan for {@code targetOffset}: 0 if no entry is at or below it. */
    public int lookup(long targetOffset) {
        ByteBuffer e = largestEntryAtMost(targetOffset, false);
        return e == null ? 0 : positionOf(e);
    }

    /**
     * The largest indexed batch position at or below {@code position}, or 0 if none: a reader that
     * stops near {@code position} scans batch headers from there instead of from its start.
     */
    public int floorPosition(int position) {
        ByteBuffer e = largestEntryWithValueAtMost(position);
        return e == null ? 0 : positionOf(e);
    }

    /** Drops entries whose position is at or past {@code position}. */
    public void truncateToPosition(int position) {
        truncateToEntries(countLeading(e -> positionOf(e) < position));
    }

    /** Position of the last entry, or 0 if empty. */
    public int lastPosition() {
        int n = entries();
        return n == 0 ? 0 : positionOf(entry(n - 1));
    }

    /** Offset of the last entry, or the base offset if empty. */
    public long lastOffset() {
        int n = entries();
        return n == 0 ? baseOffset : keyOf(entry(n - 1));
    }

    private static int positionOf(ByteBuffer entry) {
        return entry.getInt(entry.position() + 4);
    }

    private long keyOf(ByteBuffer entry) {
        return keyOf(entry, entry.position());
    }

    @Override
    protected long keyOf(ByteBuffer b, int slot) {
        return baseOffset + b.getInt(slot);
    }

    @Override
    protected long valueOf(ByteBuffer b, int slot) {
        return b.getInt(slot + 4);
    }

    /** True if every entry is inside a log of {@code logSize} bytes and keys and positions grow. */
    public boolean isSane(long logSize) {
        int n = entries();
        long prevOffset = Long.MIN_VALUE;
        int prevPos = -1;
        // Only the last entries are checked: enough to catch a stale or foreign file cheaply.
        for (int i = Math.max(0, n - 2); i < n; i++) {
            ByteBuffer e = entry(i);
            long off = keyOf(e);
            int pos = positionOf(e);
            if (off < baseOffset || off <= prevOffset || pos <= prevPos || pos >= logSize) {
                return false;
            }
            prevOffset = off;
            prevPos = pos;
        }
        return true;
    }
}
