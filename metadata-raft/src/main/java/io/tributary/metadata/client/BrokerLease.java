package io.tributary.metadata.client;

/**
 * How long a broker may trust its own metadata image to say what it leads. The controller moves a
 * broker's leaderships (partitions, coordinator shards) only once it has fenced the broker, and it
 * fences only a broker it has not heard from for {@code broker.session.timeout.ms}. So after a
 * heartbeat the controller answered "unfenced", nothing is moved away before the heartbeat's send
 * time plus the session timeout. A broker cut off from the quorum, or frozen and resumed, still holds
 * an image naming it leader of what has long moved; without a lease it would serve from that image,
 * handing out, for example, a group's committed offsets as they were before the cut.
 *
 * <p>The lease lasts half the session timeout from the send time of the last heartbeat answered
 * unfenced (a failed-over controller may take a few seconds to start its sessions; half leaves room
 * for that). It counts only once the local image has applied the controller's offset at that answer:
 * an image older than that may still name this broker leader of what the controller moved while the
 * broker was away, before fencing and unfencing it again. Until then the previous lease, if still
 * running, holds. Pure; times in monotonic milliseconds.
 *
 * <p>The controller also moves shards off live brokers (controlled shutdown, balancing); a broker
 * that hears of such a move only through its image may serve from the old state for as long as its
 * image trails, which on a live broker is milliseconds. The controller balances only among brokers it
 * heard from within two heartbeat intervals, so it does not move a shard off a broker that has gone
 * silent but still holds its lease.
 */
public final class BrokerLease {

    private static final long NONE = Long.MIN_VALUE;

    private final long durationMs;
    private long grantedAtMs = NONE;
    private long pendingAtMs = NONE;
    private long pendingOffset;

    public BrokerLease(long durationMs) {
        if (durationMs <= 0) {
            throw new IllegalArgumentException("lease duration must be positive: " + durationMs);
        }
        this.durationMs = durationMs;
    }

    /**
     * The controller answered "unfenced" to a heartbeat sent at {@code sentAtMs}, at its image offset
     * {@code controllerOffset}; the local image is at {@code appliedOffset} now.
     */
    public synchronized void renew(long sentAtMs, long controllerOffset, long appliedOffset) {
        promoteIfApplied(appliedOffset);
        // An answer the image has not caught up with yet stays the one waiting: replacing it with each
        // newer (higher-offset) answer would never let any count while the image trails the
        // controller by more than a heartbeat interval. The next answer after it counts takes its place.
        if (pendingAtMs == NONE) {
            pendingAtMs = sentAtMs;
            pendingOffset = controllerOffset;
        }
        promoteIfApplied(appliedOffset);
    }

    /** The controller said this broker is fenced, or no longer knows this incarnation: trust nothing now. */
    public synchronized void revoke() {
        grantedAtMs = NONE;
        pendingAtMs = NONE;
        pendingOffset = 0L;
    }

    /** Whether, at {@code nowMs} and with the local image at {@code appliedOffset}, the lease holds. */
    public synchronized boolean holds(long nowMs, long appliedOffset) {
        promoteIfApplied(appliedOffset);
        return grantedAtMs != NONE && nowMs - grantedAtMs < durationMs;
    }

    private void promoteIfApplied(long appliedOffset) {
        if (pendingAtMs != NONE && appliedOffset >= pendingOffset) {
            grantedAtMs = Math.max(grantedAtMs, pendingAtMs);
            pendingAtMs = NONE;
            pendingOffset = 0L;
        }
    }
}
