package io.tributary.log.internal;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A sparse index file of fixed-size entries, either memory-mapped for appending (the active
 * segment) or copied to the heap read-only (inactive segments, held by a bounded cache, so no file
 * descriptor or mapping stays open for them).
 *
 * <p>Threading: one writer (the partition's append path); readers may search concurrently. The
 * writer stores an entry's bytes and then bumps the volatile {@code entries} count, so a reader
 * that sees the count also sees the bytes.
 *
 * <p>Crash behaviour: a mapped file is preallocated to {@code segment.index.bytes} and trimmed to
 * its entries on roll and clean close. After an unclean shutdown its length says nothing about its
 * content, so recovery rebuilds the indexes of every segment from the recovery point on.
 */
abstract class AbstractIndex {

    protected final Path path;
    protected final long baseOffset;
    private final int entrySize;
    private final boolean writable;
    protected ByteBuffer buffer;
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
        if (writable) {
            int capacity = Math.max(maxIndexBytes / entrySize, existingEntries);
            try (RandomAccessFile raf = new RandomAccessFile(path.toFile(), "rw")) {
                raf.setLength((long) capacity * entrySize);
                // The mapping outlives the descriptor, so no fd stays open per index.
                this.buffer = raf.getChannel().map(FileChannel.MapMode.READ_WRITE, 0, (long) capacity * entrySize);
            }
            this.maxEntries = capacity;
        } else {
            this.buffer = existing == 0 ? ByteBuffer.allocate(0) : ByteBuffer.wrap(Files.readAllBytes(path)).asReadOnlyBuffer();
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

    /** Forces mapped changes to disk. */
    final void flush() {
        if (writable && buffer instanceof MappedByteBuffer mapped) {
            mapped.force();
        }
    }

    /**
     * Shrinks the file to its entries (on roll and clean close). The mapping is dropped, not
     * unmapped: a reader still holding it only reads below {@code entries}, inside the new length.
     */
    final void trimAndRelease() throws IOException {
        if (!writable) {
            return;
        }
        flush();
        // No fsync of the new length: a stale length after a power loss only leaves zero entries
        // at the end, which the open-time sanity check detects (and a lookup through a zero entry
        // merely scans from the segment start).
        try (RandomAccessFile raf = new RandomAccessFile(path.toFile(), "rw")) {
            raf.setLength((long) entries * entrySize);
        }
        maxEntries = entries;
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
