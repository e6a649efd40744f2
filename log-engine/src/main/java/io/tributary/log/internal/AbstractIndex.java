package io.tributary.log.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.function.Predicate;

/**
 * A sparse index file of fixed-size entries. A read-only index (an inactive segment's, held by a
 * bounded cache) is a heap copy of its file: no descriptor, no mapping. A writable index (the active
 * segment's) keeps only its newest entries on the heap, at most {@link #TAIL_BYTES}: when that tail
 * fills up it is written to the file as one chunk, and the first key of every written chunk stays on
 * the heap, so a lookup below the tail reads just one chunk back. The tail reaches the file when it
 * fills, and the rest when the segment rolls or closes ({@link #writeOutAndSeal()}).
 *
 * <p>Why not a memory-mapped file, as Kafka does: the first store into each page of a mapped,
 * preallocated file page-faults into the file system, and a store into a page under writeback waits
 * for that I/O. Under produce load that stalled the network thread appending to the index for
 * milliseconds at a time (75 % of broker CPU samples with 1,000 partitions); one positional write per
 * chunk costs a system call per {@code TAIL_BYTES / entrySize} entries instead. Why not the whole
 * index on the heap: a full 1 GiB segment's indexes take about 5 MiB, and thousands of partitions
 * would not fit a broker's heap. The active segment's index need not be on disk before the segment is
 * closed: after an unclean shutdown recovery rebuilds the indexes of every segment from the recovery
 * point on, and the active segment is always among those.
 *
 * <p>Threading: one writer (the partition's append path); readers may search concurrently. Where
 * entries live is one immutable {@link Layout}, replaced (volatile) by the writer, never changed in
 * place except that the writer stores new entries into its tail past the published count. An append
 * publishes a new layout before it bumps the volatile {@code entries} count, and a reader reads the
 * count first, then the layout, so every entry below the count is in that layout's tail or in the
 * file region it names. A truncation lowers the count, then publishes a new layout; a reader that
 * raced it may pair the old count with the new layout, or find the file cut or replaced (roll,
 * deletion): it stays inside the tail it holds, and a chunk it cannot read makes its lookup answer
 * "no entry", so the caller scans from the segment's start, which is always right. Such readers
 * may see stale entries, as with any index.
 */
abstract class AbstractIndex {

    /** Most bytes of entries a writable index keeps on the heap (its unwritten tail). */
    static final int TAIL_BYTES = 8 * 1024;
    /** First heap allocation of a writable index's tail; it doubles as needed up to a chunk. */
    private static final int INITIAL_BYTES = 1024;

    /**
     * Where entries live: {@code [0, spilled)} in the file, in chunks of {@link #chunkEntries} whose
     * first keys are {@code chunkKeys}; {@code [spilled, entries)} in {@code tail}. {@code lastSpilled}
     * is a copy of entry {@code spilled - 1} (null if none), so the newest entry is on the heap even
     * right after the tail was written out.
     */
    private record Layout(int spilled, long[] chunkKeys, long[] chunkValues, ByteBuffer lastSpilled, ByteBuffer tail) {

        long[] chunkFirsts(Field field) {
            return field == Field.KEY ? chunkKeys : chunkValues;
        }
    }

    /** The entry field a search compares; both grow with the entry's index. */
    private enum Field { KEY, VALUE }

    /** A written chunk as last read from the file, valid while {@code layout} is the current one. */
    private record ReadChunk(Layout layout, int chunk, ByteBuffer entries) {
    }

    protected final Path path;
    protected final long baseOffset;
    private final int entrySize;
    private final boolean writable;
    /** Entries per chunk written from the tail (writable indexes). */
    private final int chunkEntries;
    private int maxEntries;
    private volatile int entries;
    private volatile Layout layout;
    /**
     * The last written chunk a search read: a consumer's fetches search the same chunk (thousands of
     * batches of log) again and again, and reading it costs a file open, a read and a close. Written
     * chunks change only through a new layout, so a copy made under the current layout is current;
     * a new layout drops it (one chunk of heap per index at most, and only until the next spill).
     */
    private volatile ReadChunk lastRead;

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
            this.chunkEntries = Math.max(1, TAIL_BYTES / entrySize);
            this.maxEntries = Math.max(maxIndexBytes / entrySize, existingEntries);
            if (existing == 0) {
                // The file exists from the start, as the segment's other files do.
                Files.write(path, content);
            }
            ByteBuffer all = ByteBuffer.wrap(content);
            int spilled = existingEntries / chunkEntries * chunkEntries;
            long[] keys = new long[spilled / chunkEntries];
            long[] values = new long[keys.length];
            for (int c = 0; c < keys.length; c++) {
                keys[c] = keyOf(all, c * chunkEntries * entrySize);
                values[c] = valueOf(all, c * chunkEntries * entrySize);
            }
            int inTail = existingEntries - spilled;
            ByteBuffer tail = ByteBuffer.allocate(
                    Math.min(chunkEntries, Math.max(inTail, Math.min(maxEntries, INITIAL_BYTES / entrySize))) * entrySize);
            tail.put(0, content, spilled * entrySize, inTail * entrySize);
            this.layout = new Layout(spilled, keys, values, spilled == 0 ? null : copyOf(all, spilled - 1), tail);
        } else {
            this.chunkEntries = Integer.MAX_VALUE;
            this.maxEntries = existingEntries;
            this.layout = new Layout(0, new long[0], new long[0], null, ByteBuffer.wrap(content).asReadOnlyBuffer());
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

    /** The key searched by {@link #largestEntryAtMost}: of the entry at {@code slot} of {@code b}. */
    protected abstract long keyOf(ByteBuffer b, int slot);

    /**
     * The value searched by {@link #largestEntryWithValueAtMost}: of the entry at {@code slot} of
     * {@code b}, as an absolute number; values never decrease from entry to entry, as keys.
     */
    protected abstract long valueOf(ByteBuffer b, int slot);

    // ---- writer ----------------------------------------------------------------------------------

    /**
     * The buffer to store entry {@code n} into (at {@link #tailSlot}): {@code n} is the next entry,
     * or an existing one to overwrite. Writes a full tail out, reloads a written chunk to overwrite
     * into, or grows the tail first, as needed. The caller guarantees {@code n} is below
     * {@link #maxEntries()}.
     */
    protected final ByteBuffer bufferFor(int n) {
        requireWritable();
        Layout l = layout;
        if (n < l.spilled()) {
            l = reloadChunkOf(n, l);
        } else if (n - l.spilled() >= chunkEntries) {
            l = spill(l);
        }
        int needed = (n - l.spilled() + 1) * entrySize;
        if (needed > l.tail().capacity()) {
            int grown = Math.min(chunkEntries * entrySize, Math.max(needed, l.tail().capacity() * 2));
            ByteBuffer bigger = ByteBuffer.allocate(grown);
            bigger.put(0, l.tail(), 0, Math.max(0, entries - l.spilled()) * entrySize);
            l = new Layout(l.spilled(), l.chunkKeys(), l.chunkValues(), l.lastSpilled(), bigger);
            layout = l;
        }
        return l.tail();
    }

    /** Where entry {@code n} goes in the buffer {@link #bufferFor} returned. */
    protected final int tailSlot(int n) {
        return (n - layout.spilled()) * entrySize;
    }

    protected final void publishAppended() {
        requireWritable();
        entries = entries + 1;
    }

    /** Drops entries from {@code n} on. */
    protected final void truncateToEntries(int n) {
        requireWritable();
        if (n >= entries) {
            return;
        }
        entries = n;
        Layout l = layout;
        if (n < l.spilled()) {
            reloadChunkOf(n, l);
        }
    }

    /** Writes the full tail to the file as the next chunk and starts an empty one. */
    private Layout spill(Layout l) {
        int bytes = chunkEntries * entrySize;
        writeToFile(l.tail().duplicate().position(0).limit(bytes), (long) l.spilled() * entrySize);
        long[] keys = Arrays.copyOf(l.chunkKeys(), l.chunkKeys().length + 1);
        keys[keys.length - 1] = keyOf(l.tail(), 0);
        long[] values = Arrays.copyOf(l.chunkValues(), l.chunkValues().length + 1);
        values[values.length - 1] = valueOf(l.tail(), 0);
        Layout next = new Layout(l.spilled() + chunkEntries, keys, values, copyOf(l.tail(), chunkEntries - 1),
                ByteBuffer.allocate(Math.min(bytes, INITIAL_BYTES / entrySize * entrySize)));
        layout = next;
        lastRead = null;
        return next;
    }

    /** Makes the written chunk holding entry {@code n} the tail again, dropping the chunks after it. */
    private Layout reloadChunkOf(int n, Layout l) {
        int chunk = n / chunkEntries;
        int start = chunk * chunkEntries;
        ByteBuffer tail = ByteBuffer.allocate(chunkEntries * entrySize);
        tail.put(0, readFromFile(start, chunkEntries), 0, chunkEntries * entrySize);
        ByteBuffer last = start == 0 ? null : copyOf(readFromFile(start - 1, 1), 0);
        Layout next = new Layout(start, Arrays.copyOf(l.chunkKeys(), chunk), Arrays.copyOf(l.chunkValues(), chunk), last,
                tail);
        layout = next;
        lastRead = null;
        return next;
    }

    /**
     * Writes the unwritten entries to the file, cuts it to the entries' length and forces it (on roll
     * and clean close), after which the index takes no more entries. Readers may go on using it.
     */
    final void writeOutAndSeal() throws IOException {
        if (!writable) {
            return;
        }
        int n = entries;
        Layout l = layout;
        ByteBuffer unwritten = l.tail().duplicate().position(0).limit(Math.max(0, n - l.spilled()) * entrySize);
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            writeFully(channel, unwritten, (long) l.spilled() * entrySize);
            channel.truncate((long) n * entrySize);
            channel.force(false);
        }
        maxEntries = n;
    }

    // ---- readers ---------------------------------------------------------------------------------

    /**
     * The largest entry whose key is at most (or, if {@code strict}, below) {@code target}, as a
     * buffer positioned at the entry; null if none. Keys must be non-decreasing.
     */
    protected final ByteBuffer largestEntryAtMost(long target, boolean strict) {
        return largestAtMost(Field.KEY, target, strict);
    }

    /** The largest entry whose value is at most {@code target}, as {@link #largestEntryAtMost}. */
    protected final ByteBuffer largestEntryWithValueAtMost(long target) {
        return largestAtMost(Field.VALUE, target, false);
    }

    private ByteBuffer largestAtMost(Field field, long target, boolean strict) {
        int n = entries;
        Layout l = layout;
        if (n == 0) {
            return null;
        }
        int inTail = Math.min(n - l.spilled(), l.tail().capacity() / entrySize);
        if (inTail > 0 && holds(fieldOf(field, l.tail(), 0), target, strict)) {
            return l.tail().duplicate().position(lastHolding(field, l.tail(), inTail, target, strict) * entrySize);
        }
        int inFile = Math.min(n, l.spilled());
        long[] chunkFirsts = l.chunkFirsts(field);
        int chunk = -1;
        int lo = 0;
        int hi = Math.min(chunkFirsts.length, (inFile + chunkEntries - 1) / chunkEntries) - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (holds(chunkFirsts[mid], target, strict)) {
                chunk = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if (chunk < 0) {
            return null;
        }
        int start = chunk * chunkEntries;
        int count = Math.min(chunkEntries, inFile - start);
        ByteBuffer entriesOfChunk;
        ReadChunk cached = lastRead;
        if (cached != null && cached.layout() == l && cached.chunk() == chunk
                && cached.entries().capacity() >= count * entrySize) {
            entriesOfChunk = cached.entries().duplicate();
        } else {
            try {
                entriesOfChunk = readFromFile(start, count);
            } catch (UncheckedIOException raced) {
                return null; // a truncation, roll or deletion cut the file under this reader (see the class comment)
            }
            lastRead = new ReadChunk(l, chunk, entriesOfChunk.duplicate());
        }
        return entriesOfChunk.position(lastHolding(field, entriesOfChunk, count, target, strict) * entrySize);
    }

    /** Entry {@code n} (below {@link #entries()}), as a buffer positioned at it. */
    protected final ByteBuffer entry(int n) {
        Layout l = layout;
        if (n >= l.spilled()) {
            return l.tail().duplicate().position((n - l.spilled()) * entrySize);
        }
        if (n == l.spilled() - 1 && l.lastSpilled() != null) {
            return l.lastSpilled().duplicate();
        }
        return readFromFile(n, 1);
    }

    /**
     * How many leading entries satisfy {@code test}, which must hold for a prefix of the entries and
     * not after it (a binary search; for truncations, not for the read path).
     */
    protected final int countLeading(Predicate<ByteBuffer> test) {
        int lo = 0;
        int hi = entries;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (test.test(entry(mid))) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static boolean holds(long key, long target, boolean strict) {
        return strict ? key < target : key <= target;
    }

    private long fieldOf(Field field, ByteBuffer b, int slot) {
        return field == Field.KEY ? keyOf(b, slot) : valueOf(b, slot);
    }

    /** Index of the last of the first {@code count} entries of {@code b} whose field holds; the first must. */
    private int lastHolding(Field field, ByteBuffer b, int count, long target, boolean strict) {
        int lo = 0;
        int hi = count - 1;
        int found = 0;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (holds(fieldOf(field, b, mid * entrySize), target, strict)) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    // ---- file ------------------------------------------------------------------------------------

    /** A copy of the entry at index {@code n} of {@code b}, positioned at 0. */
    private ByteBuffer copyOf(ByteBuffer b, int n) {
        ByteBuffer copy = ByteBuffer.allocate(entrySize);
        copy.put(0, b, n * entrySize, entrySize);
        return copy;
    }

    /** Entries {@code [first, first + count)} read from the file, positioned at 0. */
    private ByteBuffer readFromFile(int first, int count) {
        ByteBuffer b = ByteBuffer.allocate(count * entrySize);
        long start = (long) first * entrySize;
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            while (b.hasRemaining()) {
                if (channel.read(b, start + b.position()) < 0) {
                    throw new EOFException("Index " + path + " ends before entry " + (first + count));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read index " + path, e);
        }
        return b.clear();
    }

    private void writeToFile(ByteBuffer content, long position) {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            writeFully(channel, content, position);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write index " + path, e);
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer content, long position) throws IOException {
        long pos = position;
        while (content.hasRemaining()) {
            pos += channel.write(content, pos);
        }
    }

    protected final void requireWritable() {
        if (!writable) {
            throw new IllegalStateException("Index " + path + " is read-only");
        }
    }
}
