package io.tributary.admin.chaos;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * Per-second counters of a run (acknowledged sends with their latency, failed sends, records read),
 * keyed by the second since the workload started. Thread-safe: producers and consumers record
 * into it from their own threads.
 */
public final class Timeline {
    private final TreeMap<Long, Bucket> seconds = new TreeMap<>();

    private static final class Bucket {
        long acks;
        long errors;
        long reads;
        final List<Long> latenciesMs = new ArrayList<>();
    }

    /** One second of the run, as reported. */
    public record Second(long second, long acks, long errors, long reads, long p50Ms, long p99Ms, long maxMs) {
    }

    public synchronized void ack(long atMs, long latencyMs) {
        Bucket b = bucket(atMs);
        b.acks++;
        b.latenciesMs.add(latencyMs);
    }

    public synchronized void error(long atMs) {
        bucket(atMs).errors++;
    }

    public synchronized void reads(long atMs, int count) {
        bucket(atMs).reads += count;
    }

    /** Every second from 0 to the last one with data (empty seconds included, so gaps show). */
    public synchronized List<Second> seconds() {
        List<Second> out = new ArrayList<>();
        if (seconds.isEmpty()) {
            return out;
        }
        for (long s = 0; s <= seconds.lastKey(); s++) {
            Bucket b = seconds.get(s);
            if (b == null) {
                out.add(new Second(s, 0, 0, 0, 0, 0, 0));
                continue;
            }
            long[] sorted = b.latenciesMs.stream().mapToLong(Long::longValue).sorted().toArray();
            out.add(new Second(s, b.acks, b.errors, b.reads, percentile(sorted, 50), percentile(sorted, 99),
                    sorted.length == 0 ? 0 : sorted[sorted.length - 1]));
        }
        return out;
    }

    static long percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private Bucket bucket(long atMs) {
        return seconds.computeIfAbsent(Math.max(0, atMs) / 1000, s -> new Bucket());
    }

    @Override
    public synchronized String toString() {
        return "Timeline" + Arrays.toString(seconds.keySet().toArray());
    }
}
