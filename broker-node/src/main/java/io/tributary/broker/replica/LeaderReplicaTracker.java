package io.tributary.broker.replica;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The replication arithmetic of one partition that the local broker leads: each replica's log end
 * offset (LEO), when it was last caught up, and the high watermark (HW) that follows from them.
 *
 * <ul>
 *   <li>HW = the smallest LEO over the <em>maximal</em> ISR: the committed ISR plus replicas whose
 *       addition is pending (KIP-497). A pending removal still counts until it is committed, so the
 *       HW never relies on a replica the controller has not yet agreed to drop.</li>
 *   <li>The HW never moves backwards, and never past the leader's LEO.</li>
 *   <li>A follower is caught up at a fetch when it asks for an offset ≥ the leader's LEO then, or
 *       ≥ the LEO the leader had at that follower's previous fetch (Kafka's rule, so a follower
 *       fetching steadily behind a busy leader is not flagged).</li>
 *   <li>Out of sync: an ISR follower not caught up within {@code replica.lag.time.max.ms}.</li>
 *   <li>May join the ISR: a follower whose LEO ≥ HW and ≥ the start offset of the leader's epoch,
 *       and that is eligible ({@link ReplicaEligibility}) with the broker epoch of its latest fetch.</li>
 * </ul>
 *
 * <p>Pure and not thread-safe: the owning partition serialises calls under its lock. Time is
 * passed in.
 */
public final class LeaderReplicaTracker {

    private static final class Follower {
        long logEndOffset = -1;
        long lastCaughtUpMs;
        long lastFetchMs;
        long leaderEndOffsetAtLastFetch;
        long brokerEpoch = ReplicaEligibility.NO_BROKER_EPOCH;

        Follower(long nowMs) {
            // A new leader gives every follower a full lag window before judging it.
            this.lastCaughtUpMs = nowMs;
        }
    }

    private final int leaderId;
    private final long leaderEpochStartOffset;
    private final Map<Integer, Follower> followers = new HashMap<>();
    private Set<Integer> isr;
    private final Set<Integer> pendingAdditions = new TreeSet<>();
    private long leaderEndOffset;
    private long highWatermark;

    /**
     * @param leaderId this broker
     * @param replicas every replica of the partition, leader included
     * @param isr the committed ISR, leader included
     * @param leaderEndOffset the leader's LEO now
     * @param highWatermark the HW the leader starts from (its checkpointed or learnt HW)
     * @param leaderEpochStartOffset the first offset of the leader's current epoch
     */
    public LeaderReplicaTracker(int leaderId, List<Integer> replicas, Set<Integer> isr, long leaderEndOffset,
                                long highWatermark, long leaderEpochStartOffset, long nowMs) {
        if (!isr.contains(leaderId)) {
            throw new IllegalArgumentException("leader " + leaderId + " is not in the ISR " + isr);
        }
        this.leaderId = leaderId;
        this.isr = new TreeSet<>(isr);
        this.leaderEndOffset = leaderEndOffset;
        this.highWatermark = Math.min(highWatermark, leaderEndOffset);
        this.leaderEpochStartOffset = leaderEpochStartOffset;
        for (int r : replicas) {
            if (r != leaderId) {
                followers.put(r, new Follower(nowMs));
            }
        }
    }

    /**
     * The replica set changed within this leadership (a reassignment added replicas): track new
     * followers from now, with a full lag window, and forget replicas that left.
     */
    public void onReplicasChanged(List<Integer> replicas, long nowMs) {
        followers.keySet().removeIf(r -> !replicas.contains(r));
        pendingAdditions.removeIf(r -> !replicas.contains(r));
        for (int r : replicas) {
            if (r != leaderId) {
                followers.computeIfAbsent(r, id -> new Follower(nowMs));
            }
        }
    }

    /** The leader appended; returns true if the HW moved (only possible when the ISR is just the leader). */
    public boolean onLeaderAppend(long newLeaderEndOffset) {
        leaderEndOffset = newLeaderEndOffset;
        return maybeAdvance();
    }

    /** As {@link #onFollowerFetch(int, long, long, long)} for a fetch that carried no broker epoch. */
    public boolean onFollowerFetch(int replicaId, long fetchOffset, long nowMs) {
        return onFollowerFetch(replicaId, fetchOffset, ReplicaEligibility.NO_BROKER_EPOCH, nowMs);
    }

    /**
     * A follower fetched from {@code fetchOffset}, which is its LEO, as the incarnation with
     * {@code brokerEpoch} (KIP-903). Returns true if the HW moved. Fetches from unknown replicas
     * are ignored.
     */
    public boolean onFollowerFetch(int replicaId, long fetchOffset, long brokerEpoch, long nowMs) {
        Follower f = followers.get(replicaId);
        if (f == null) {
            return false;
        }
        if (fetchOffset >= leaderEndOffset) {
            f.lastCaughtUpMs = Math.max(f.lastCaughtUpMs, nowMs);
        } else if (fetchOffset >= f.leaderEndOffsetAtLastFetch) {
            f.lastCaughtUpMs = Math.max(f.lastCaughtUpMs, f.lastFetchMs);
        }
        f.logEndOffset = fetchOffset;
        f.brokerEpoch = brokerEpoch;
        f.lastFetchMs = nowMs;
        f.leaderEndOffsetAtLastFetch = leaderEndOffset;
        return maybeAdvance();
    }

    /** ISR followers that have not caught up within {@code lagTimeMaxMs}: candidates for a shrink. */
    public Set<Integer> outOfSyncFollowers(long nowMs, long lagTimeMaxMs) {
        Set<Integer> out = new TreeSet<>();
        for (int r : isr) {
            Follower f = followers.get(r);
            if (f != null && nowMs - f.lastCaughtUpMs > lagTimeMaxMs) {
                out.add(r);
            }
        }
        return out;
    }

    /**
     * Followers outside the ISR (and not already pending) that are caught up enough to join it and
     * that {@code eligibility} admits with the broker epoch of their latest fetch.
     */
    public Set<Integer> followersReadyToJoin(ReplicaEligibility eligibility) {
        Set<Integer> ready = new TreeSet<>();
        followers.forEach((id, f) -> {
            if (!isr.contains(id) && !pendingAdditions.contains(id)
                    && f.logEndOffset >= highWatermark && f.logEndOffset >= leaderEpochStartOffset
                    && eligibility.isEligible(id, f.brokerEpoch)) {
                ready.add(id);
            }
        });
        return ready;
    }

    /** The leader has asked the controller to add {@code replicaId}; count it for the HW from now. */
    public void onAdditionProposed(int replicaId) {
        if (followers.containsKey(replicaId) && !isr.contains(replicaId)) {
            pendingAdditions.add(replicaId);
        }
    }

    /** The controller committed a new ISR (or rejected a proposal): start from it. Returns true if the HW moved. */
    public boolean onIsrCommitted(Set<Integer> committedIsr) {
        isr = new TreeSet<>(committedIsr);
        pendingAdditions.clear();
        return maybeAdvance();
    }

    private boolean maybeAdvance() {
        long min = leaderEndOffset;
        for (int r : isr) {
            min = Math.min(min, endOffsetOf(r));
        }
        for (int r : pendingAdditions) {
            min = Math.min(min, endOffsetOf(r));
        }
        if (min > highWatermark) {
            highWatermark = min;
            return true;
        }
        return false;
    }

    private long endOffsetOf(int replicaId) {
        if (replicaId == leaderId) {
            return leaderEndOffset;
        }
        Follower f = followers.get(replicaId);
        // A replica we have not heard from holds the HW where it is.
        return f == null || f.logEndOffset < 0 ? highWatermark : f.logEndOffset;
    }

    public long highWatermark() {
        return highWatermark;
    }

    public long leaderEndOffset() {
        return leaderEndOffset;
    }

    public Set<Integer> isr() {
        return Set.copyOf(isr);
    }

    /** The maximal ISR: committed members plus pending additions. */
    public Set<Integer> maximalIsr() {
        Set<Integer> all = new TreeSet<>(isr);
        all.addAll(pendingAdditions);
        return all;
    }

    /** A follower's last reported LEO, if it has fetched since this leadership began. */
    public Optional<Long> followerEndOffset(int replicaId) {
        Follower f = followers.get(replicaId);
        return f == null || f.logEndOffset < 0 ? Optional.empty() : Optional.of(f.logEndOffset);
    }
}
