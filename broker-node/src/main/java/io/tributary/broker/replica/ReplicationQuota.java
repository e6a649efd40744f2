package io.tributary.broker.replica;

/**
 * A byte-rate limit for replication traffic, as a token bucket: the bucket refills at the rate and
 * holds at most one second of it; the quota is exceeded while the bucket is empty. Kafka's
 * replication quota works the same way at the edge: throttled partitions are left out of a fetch
 * while the quota is exceeded, and the bytes sent for them are recorded after the fact (so one
 * fetch may overshoot; the average over time still keeps to the rate). Thread-safe; time is passed in.
 */
public final class ReplicationQuota {
    private double tokens;
    private long lastRefillMs = Long.MIN_VALUE;

    /** Whether throttled partitions must be left out now, at {@code bytesPerSec}. */
    public synchronized boolean isExceeded(long bytesPerSec, long nowMs) {
        refill(bytesPerSec, nowMs);
        return tokens <= 0;
    }

    /** Counts {@code bytes} sent for throttled partitions. */
    public synchronized void record(long bytes, long bytesPerSec, long nowMs) {
        refill(bytesPerSec, nowMs);
        tokens -= bytes;
    }

    private void refill(long bytesPerSec, long nowMs) {
        if (lastRefillMs == Long.MIN_VALUE) {
            tokens = bytesPerSec;
        } else if (nowMs > lastRefillMs) {
            tokens = Math.min(bytesPerSec, tokens + (double) bytesPerSec * (nowMs - lastRefillMs) / 1000.0);
        }
        lastRefillMs = Math.max(lastRefillMs, nowMs);
    }
}
