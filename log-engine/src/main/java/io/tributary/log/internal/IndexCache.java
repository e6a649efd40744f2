package io.tributary.log.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Bounds how many inactive segments have their indexes loaded, across every partition of a
 * broker. Active segments keep their writable indexes outside this cache; inactive ones are loaded
 * on demand (a heap copy: no descriptor, no mapping) and evicted least-recently-used beyond the bound,
 * so thousands of partitions cannot exhaust file descriptors or memory.
 *
 * <p>Thread-safe. Eviction runs on the calling thread (no background executor), so the counts are
 * exact when a call returns.
 */
public final class IndexCache {

    private final Cache<LogSegment, SegmentIndexes> cache;
    private final AtomicInteger loaded = new AtomicInteger();
    private final AtomicLong loads = new AtomicLong();
    private final long maxEntries;

    public IndexCache(long maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("index cache size must be positive: " + maxEntries);
        }
        this.maxEntries = maxEntries;
        this.cache = Caffeine.newBuilder()
                .maximumSize(maxEntries)
                .executor(Runnable::run)
                .removalListener((LogSegment key, SegmentIndexes value, RemovalCause cause) -> loaded.decrementAndGet())
                .build();
    }

    /** A cache for a single log used on its own (tests, tools). */
    public static IndexCache unbounded() {
        return new IndexCache(Long.MAX_VALUE);
    }

    SegmentIndexes get(LogSegment segment, Function<LogSegment, SegmentIndexes> loader) {
        return cache.get(segment, s -> {
            SegmentIndexes indexes = loader.apply(s);
            loaded.incrementAndGet();
            loads.incrementAndGet();
            return indexes;
        });
    }

    void invalidate(LogSegment segment) {
        cache.invalidate(segment);
    }

    /** Inactive segments whose indexes are loaded right now. */
    public int loadedCount() {
        cache.cleanUp();
        return loaded.get();
    }

    /** How many times indexes were loaded (misses). */
    public long loadCount() {
        return loads.get();
    }

    public long maxEntries() {
        return maxEntries;
    }
}
