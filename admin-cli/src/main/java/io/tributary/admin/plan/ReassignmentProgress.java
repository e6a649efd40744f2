package io.tributary.admin.plan;

import java.time.Duration;

/**
 * Progress and ETA of a reassignment, from how many of its partitions are done (no longer listed as
 * reassigning) at a given time. The ETA extrapolates the rate so far linearly; it is unknown until
 * the first partition completes. Pure: the caller passes the clock readings.
 */
public final class ReassignmentProgress {
    private final int total;
    private final long startMs;

    public ReassignmentProgress(int total, long startMs) {
        this.total = total;
        this.startMs = startMs;
    }

    /** A reading: {@code eta} null when unknown. */
    public record Snapshot(int done, int total, Duration elapsed, Duration eta) {
        public boolean complete() {
            return done >= total;
        }
    }

    public Snapshot at(int remaining, long nowMs) {
        int done = Math.max(0, Math.min(total, total - remaining));
        long elapsed = Math.max(0, nowMs - startMs);
        Duration eta;
        if (done >= total) {
            eta = Duration.ZERO;
        } else if (done == 0) {
            eta = null;
        } else {
            eta = Duration.ofMillis(elapsed * (total - done) / done);
        }
        return new Snapshot(done, total, Duration.ofMillis(elapsed), eta);
    }
}
