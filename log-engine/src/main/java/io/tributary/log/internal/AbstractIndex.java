package io.tributary.log.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A sparse index file of fixed-size entries, held on the heap: growable and writable for the active
 * segment, a read-only copy of the file for inactive segments (held by a bounded cache, so no file
 * descriptor stays open for them).
 *
 * <p>Why not a memory-mapped file, as Kafka does: the first store into each page of a mapped,
 * preallocated file page-faults into the file system, and a store into a page under writeback waits
 * for that I/O. Under produce load that stalled the network thread appending to the index for
 * milliseconds at a time (75 % of broker CPU samples with 1,000 partitions). The active segment's
 * index does not need to be on disk before the segment is closed: after an unclean shutdown recovery
 * rebuilds the indexes of every segment from the recovery point on, and the active segment is always
 * among those. So entries go to the heap and reach the file once, when the segment rolls or closes.
 *
 * <p>Threading: one writer (the partition's append path); readers may search concurrently. The
 * writer stores an entry's bytes (after publishing a grown buffer, whose older entries are already
 * copied) and then bumps the volatile {@code entries} count; a reader reads the count first, then
 * the buffer, so it sees every entry below the count.
 */
abstract class AbstractIndex {

    /** First heap allocation of a writable index; it doubles as needed up to its capacity. */
    private static final int INITIAL_BYTES = 1024;

    protected final Path path;
    protected final long baseOffset;
    private final int entrySize;
    private final boolean writable;
    protected volatile ByteBuffer buffer;
    private int maxEntries;
    private volatile int entries;

    protected AbstractIndex(Path path, long baseOffset, int entrySize, int maxIndexBytes, boolean writable)
            throws IOException {
        this.path = path;
        this.baseOffset = baseOffset;
        this.entrySize = entrySize;
        this.writable = writable;
        long existing = Files.exists(path) ? Files.size(path) : 0;
        if (existing % entrySize != 0) {
            throw new IOException("Index " + path + " has length " + existing + ", not a multiple of " + entrySize);
        }
        int existingEntries = (int) (existing / entrySize);
        byte[] content = existing == 0 ? new byte[0] : Files.readAllBytes(path);
        if (writable) {
            this.maxEntries = Math.max(maxIndexBytes / entrySize, existingEntries);
            int initial = Math.min(maxEntries, Math.max(existingEntries, INITIAL_BYTES / entrySize)) * entrySize;
            ByteBuffer heap = ByteBuffer.allocate(initial);
            heap.put(0, content);
            this.buffer = heap;
            if (existing == 0) {
                // The file exists from the start, as the segment's other files do.
                Files.write(path, content);
            }
        } else {
            this.buffer = ByteBuffer.wrap(content).asReadOnlyBuffer();
            this.maxEntries = existingEntries;
        }
        this.entries = existingEntries;
    }

    final int entries() {
        return entries;
    }

    final int maxEntries() {
        return maxEntries;
    }

    final boolean isFull() {
        return entries >= maxEntries;
    }

    final boolean isWritable() {
        return writable;
    }

    final Path path() {
        return path;
    }

    /** Position in the buffer of entry {@code n}. */
    protected final int slot(int n) {
        return n * entrySize;
    }

    protected final void publishAppended() {
        requireWritable();
        entries = entries + 1;
    }

    /** Drops entries from {@code n} on. */
    protected final void truncateToEntries(int n) {
        requireWritable();
        if (n < entries) {
            entries = n;
        }
    }

    protected final void requireWritable() {
        if (!writable) {
            throw new IllegalStateException("Index " + path + " is read-only");
        }
    }

    /**
     * The buffer to store entry {@code n} into, grown (and published) first if it is too small.
     * The caller guarantees {@code n} is below {@link #maxEntries()}.
     */
    protected final ByteBuffer bufferFor(int n) {
        requireWritable();
        ByteBuffer current = buffer;
        int needed = slot(n) + entrySize;
        if (needed <= current.capacity()) {
            return current;
        }
        int grown = Math.min(maxEntries * entrySize, Math.max(needed, current.capacity() * 2));
        ByteBuffer bigger = ByteBuffer.allocate(grown);
        bigger.put(0, current, 0, entries * entrySize);
        buffer = bigger;
        return bigger;
    }

    /**
     * Writes the entries to the file, cuts it to their length and forces it (on roll and clean
     * close), after which the index takes no more entries. Readers keep using the heap copy.
     */
    final void writeOutAndSeal() throws IOException {
        if (!writable) {
            return;
        }
        int n = entries;
        ByteBuffer content = buffer.duplicate().position(0).limit(n * entrySize);
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            long pos = 0;
            while (content.hasRemaining()) {
                pos += channel.write(content, pos);
            }
            channel.truncate((long) n * entrySize);
            channel.force(false);
        }
        maxEntries = n;
    }

    /**
     * Binary search for the largest entry whose key is at most (or, if {@code strict}, below)
     * {@code target}; -1 if none. Keys must be non-decreasing.
     */
    protected final int largestEntryAtMost(long target, boolean strict) {
        int lo = 0;
        int hi = entries - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long key = keyAt(mid);
            boolean ok = strict ? key < target : key <= target;
            if (ok) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /** The key searched by {@link #largestEntryAtMost}. */
    protected abstract long keyAt(int n);
}
