package io.tributary.broker.replica;

import io.tributary.log.AppendResult;
import io.tributary.log.EpochEndOffset;
import io.tributary.log.LogSlice;
import io.tributary.log.OffsetAndTimestamp;
import io.tributary.log.OffsetOutOfRangeException;
import io.tributary.log.PartitionLog;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.LongSupplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;

/**
 * One partition hosted by this broker: its log, its role (leader, follower, or neither) in the
 * current leader epoch, and — while leader — the replication tracker that yields the high watermark.
 *
 * <p>Threading: role changes come from the metadata publisher thread; produce and fetch come from
 * network and request threads. Appends are serialised by {@code appendLock} (the log has a single
 * writer); the role is an immutable {@link Role} snapshot behind a volatile field, so readers never
 * lock. The tracker is guarded by {@code this}.
 */
public final class Partition {

    /** The partition's role in one leader epoch; immutable. */
    private record Role(boolean leader, LeaderAndIsr state) {
    }

    private static final Role NONE = new Role(false, null);

    /**
     * How long a leader leaves a replica out of its expansion proposals after the controller refused
     * it as INELIGIBLE_REPLICA. The leader checks eligibility against its own image first, so a
     * refusal means that image had not yet caught up with a fencing or shutdown the controller knew;
     * once it has, the check itself keeps the replica out. The pause bounds the retry rate should the
     * two views disagree for longer, instead of re-proposing on every ISR tick.
     */
    static final long INELIGIBLE_REPLICA_BACKOFF_MS = 5_000;

    private final TopicPartition topicPartition;
    private final Uuid topicId;
    private final int localBrokerId;
    private final PartitionLog log;
    private final LongSupplier clockMs;
    private final Object appendLock = new Object();

    private volatile Role role = NONE;
    private volatile long highWatermark;
    private LeaderReplicaTracker tracker; // guarded by this; non-null only while leader
    /** Log end offset when this broker last became leader (of a new epoch, or after a restart). */
    private volatile long leaderStartOffset;
    private boolean isrChangeInFlight; // guarded by this
    private final Map<Integer, Long> refusedUntilMs = new HashMap<>(); // guarded by this; INELIGIBLE_REPLICA backoff

    public Partition(TopicPartition topicPartition, Uuid topicId, int localBrokerId, PartitionLog log, LongSupplier clockMs) {
        this.topicPartition = topicPartition;
        this.topicId = topicId;
        this.localBrokerId = localBrokerId;
        this.log = log;
        this.clockMs = clockMs;
        this.highWatermark = log.logStartOffset();
    }

    public TopicPartition topicPartition() {
        return topicPartition;
    }

    public Uuid topicId() {
        return topicId;
    }

    public PartitionLog log() {
        return log;
    }

    /**
     * Becomes (or stays) leader as {@code state} says. A new leader epoch starts a fresh tracker and
     * records where the epoch starts in the log. Returns true if the role or epoch changed.
     */
    public boolean makeLeader(LeaderAndIsr state) {
        synchronized (appendLock) {
            synchronized (this) {
                Role current = role;
                boolean newEpoch = !current.leader || current.state.leaderEpoch() < state.leaderEpoch();
                long now = clockMs.getAsLong();
                if (newEpoch) {
                    long leo = log.logEndOffset();
                    log.leaderEpochCache().assign(state.leaderEpoch(), leo);
                    tracker = new LeaderReplicaTracker(localBrokerId, state.replicas(), new HashSet<>(state.isr()),
                            leo, highWatermark, leo, now);
                    leaderStartOffset = leo;
                    refusedUntilMs.clear();
                } else {
                    tracker.onReplicasChanged(state.replicas(), now);
                    tracker.onIsrCommitted(new HashSet<>(state.isr()));
                }
                isrChangeInFlight = false;
                tracker.onLeaderAppend(log.logEndOffset());
                highWatermark = Math.max(highWatermark, tracker.highWatermark());
                role = new Role(true, state);
                return newEpoch;
            }
        }
    }

    /** Becomes a follower (or a replica with no leader) in {@code state}'s epoch. */
    public synchronized boolean makeFollower(LeaderAndIsr state) {
        Role current = role;
        boolean changed = current.leader || current.state == null || current.state.leaderEpoch() < state.leaderEpoch();
        tracker = null;
        role = new Role(false, state);
        return changed;
    }

    /** Stops serving this partition (deleted, or no longer a replica here). */
    public synchronized void stop() {
        tracker = null;
        role = NONE;
    }

    public boolean isLeader() {
        return role.leader;
    }

    /** The current leader epoch, or -1 when this broker knows none. */
    public int leaderEpoch() {
        LeaderAndIsr s = role.state;
        return s == null ? -1 : s.leaderEpoch();
    }

    public Optional<LeaderAndIsr> state() {
        return Optional.ofNullable(role.state);
    }

    public long highWatermark() {
        return highWatermark;
    }

    public long logEndOffset() {
        return log.logEndOffset();
    }

    public long logStartOffset() {
        return log.logStartOffset();
    }

    /** What an append as leader wrote, and in which leader epoch (what an acks=all wait checks). */
    public record LeaderAppend(AppendResult result, int leaderEpoch) {
    }

    /**
     * Appends as leader. With acks=all the ISR must hold at least {@code minInsyncReplicas} before
     * anything is appended (NOT_ENOUGH_REPLICAS), as Kafka does. The epoch is read under the append
     * lock: read before, it could be the one before this broker became leader.
     */
    public LeaderAppend appendAsLeader(MemoryRecords records, short requiredAcks, int minInsyncReplicas) {
        synchronized (appendLock) {
            Role r = role;
            if (!r.leader) {
                throw new PartitionError(Errors.NOT_LEADER_OR_FOLLOWER, "Broker " + localBrokerId + " does not lead " + topicPartition);
            }
            if (requiredAcks == -1 && r.state.isr().size() < minInsyncReplicas) {
                throw new PartitionError(Errors.NOT_ENOUGH_REPLICAS, "ISR " + r.state.isr() + " of " + topicPartition
                        + " is smaller than min.insync.replicas=" + minInsyncReplicas);
            }
            AppendResult result = log.appendAsLeader(records, r.state.leaderEpoch());
            synchronized (this) {
                if (tracker != null && tracker.onLeaderAppend(log.logEndOffset())) {
                    highWatermark = tracker.highWatermark();
                }
            }
            return new LeaderAppend(result, r.state.leaderEpoch());
        }
    }

    /**
     * For a waiting acks=all produce: {@code Optional.empty()} while the HW is below
     * {@code requiredOffset}, then NONE — or the error that ends the wait.
     */
    public Optional<Errors> checkReplicated(long requiredOffset, int leaderEpochAtAppend, int minInsyncReplicas) {
        Role r = role;
        if (!r.leader || r.state.leaderEpoch() != leaderEpochAtAppend) {
            return Optional.of(Errors.NOT_LEADER_OR_FOLLOWER);
        }
        if (highWatermark >= requiredOffset) {
            return Optional.of(r.state.isr().size() < minInsyncReplicas ? Errors.NOT_ENOUGH_REPLICAS_AFTER_APPEND : Errors.NONE);
        }
        return Optional.empty();
    }

    /**
     * What a fetch of this partition found. {@code divergingEpoch} is set, with no data, when a
     * follower's last fetched epoch shows its log has diverged from the leader's (KIP-595 style).
     */
    public record ReadResult(Errors error, LogSlice slice, long highWatermark, long logStartOffset, long logEndOffset,
                             Optional<EpochEndOffset> divergingEpoch) {
        public ReadResult(Errors error, LogSlice slice, long highWatermark, long logStartOffset, long logEndOffset) {
            this(error, slice, highWatermark, logStartOffset, logEndOffset, Optional.empty());
        }

        static ReadResult error(Errors error) {
            return new ReadResult(error, LogSlice.empty(), -1, -1, -1);
        }
    }

    /**
     * Reads for follower {@code replicaId}, up to the log end offset (not the HW). With
     * {@code lastFetchedEpoch} the follower's log is first checked against the leader's epoch cache,
     * as Kafka does: if the leader's end of that epoch is below the fetch offset, or the leader knows
     * only an older epoch, the answer is that epoch's end (DivergingEpoch) instead of data. Does not
     * record the fetch: see {@link #onFollowerFetch}.
     */
    public ReadResult readForFollower(int replicaId, long fetchOffset, int maxBytes, Optional<Integer> currentLeaderEpoch,
                                      Optional<Integer> lastFetchedEpoch) {
        Role r = role;
        Errors epochError = checkLeaderEpoch(r, currentLeaderEpoch);
        if (epochError != Errors.NONE) {
            return ReadResult.error(epochError);
        }
        if (!r.state.replicas().contains(replicaId)) {
            return ReadResult.error(Errors.NOT_LEADER_OR_FOLLOWER);
        }
        long hw = highWatermark;
        long logStart = log.logStartOffset();
        long leo = log.logEndOffset();
        if (lastFetchedEpoch.isPresent() && lastFetchedEpoch.get() >= 0) {
            int fetchEpoch = lastFetchedEpoch.get();
            EpochEndOffset end = log.leaderEpochCache().endOffsetFor(fetchEpoch, leo);
            if (end.isUndefined()) {
                // (-1, -1) cannot be told apart from "no divergence" on the wire; out of range sends the
                // follower back to its high watermark instead of letting it fetch the same answer in a loop.
                return new ReadResult(Errors.OFFSET_OUT_OF_RANGE, LogSlice.empty(), hw, logStart, leo);
            }
            if (end.epoch() < fetchEpoch || end.endOffset() < fetchOffset) {
                return new ReadResult(Errors.NONE, LogSlice.empty(), hw, logStart, leo, Optional.of(end));
            }
        }
        if (fetchOffset == leo) {
            return new ReadResult(Errors.NONE, LogSlice.empty(), hw, logStart, leo);
        }
        try {
            LogSlice slice = log.read(fetchOffset, maxBytes, leo);
            return new ReadResult(Errors.NONE, slice, hw, logStart, leo);
        } catch (OffsetOutOfRangeException e) {
            return new ReadResult(Errors.OFFSET_OUT_OF_RANGE, LogSlice.empty(), hw, logStart, leo);
        }
    }

    /**
     * Records that follower {@code replicaId}, as the incarnation with {@code brokerEpoch} (or
     * {@link ReplicaEligibility#NO_BROKER_EPOCH}), fetched from {@code fetchOffset} (its log end
     * offset) while this broker leads in {@code leaderEpoch}. Returns true if the high watermark
     * moved, so waiting acks=all produces and consumer fetches should be woken.
     */
    public boolean onFollowerFetch(int replicaId, long fetchOffset, long brokerEpoch, int leaderEpoch) {
        synchronized (this) {
            Role r = role;
            if (!r.leader || r.state.leaderEpoch() != leaderEpoch || tracker == null) {
                return false;
            }
            if (tracker.onFollowerFetch(replicaId, fetchOffset, brokerEpoch, clockMs.getAsLong())) {
                highWatermark = Math.max(highWatermark, tracker.highWatermark());
                return true;
            }
            return false;
        }
    }

    /**
     * Reads for a consumer, from the leader, up to the high watermark. Checks the client's view
     * of the leader epoch first (KIP-320): older → FENCED_LEADER_EPOCH, newer → UNKNOWN_LEADER_EPOCH.
     */
    public ReadResult readAsLeader(long fetchOffset, int maxBytes, Optional<Integer> currentLeaderEpoch) {
        Role r = role;
        Errors epochError = checkLeaderEpoch(r, currentLeaderEpoch);
        if (epochError != Errors.NONE) {
            return ReadResult.error(epochError);
        }
        long hw = highWatermark;
        long logStart = log.logStartOffset();
        long leo = log.logEndOffset();
        if (fetchOffset > hw && fetchOffset <= leo) {
            // Between the HW and the LEO: nothing a consumer may see yet, but not out of range.
            return new ReadResult(Errors.NONE, LogSlice.empty(), hw, logStart, leo);
        }
        try {
            LogSlice slice = log.read(fetchOffset, maxBytes, hw);
            return new ReadResult(Errors.NONE, slice, hw, logStart, leo);
        } catch (OffsetOutOfRangeException e) {
            return new ReadResult(Errors.OFFSET_OUT_OF_RANGE, LogSlice.empty(), hw, logStart, leo);
        }
    }

    /** Bytes a consumer fetch at {@code fetchOffset} could read now (for min.bytes), bounded by {@code limit}. */
    public long availableBytes(long fetchOffset, int limit) {
        return availableBytes(fetchOffset, limit, false);
    }

    /** As {@link #availableBytes(long, int)}; a follower may read up to the log end offset, not just the HW. */
    public long availableBytes(long fetchOffset, int limit, boolean forFollower) {
        long bound = forFollower ? log.logEndOffset() : highWatermark;
        if (!role.leader || fetchOffset >= bound) {
            return 0;
        }
        try {
            return log.read(fetchOffset, limit, bound).sizeInBytes();
        } catch (OffsetOutOfRangeException e) {
            return limit; // let the fetch complete and report the error
        }
    }

    /** Kafka's OffsetsForLeaderEpoch answer for {@code epoch}, checked against the client's epoch. */
    public EpochEndOffsetResult endOffsetForEpoch(int epoch, Optional<Integer> currentLeaderEpoch) {
        Role r = role;
        Errors epochError = checkLeaderEpoch(r, currentLeaderEpoch);
        if (epochError != Errors.NONE) {
            return new EpochEndOffsetResult(epochError, EpochEndOffset.UNDEFINED);
        }
        return new EpochEndOffsetResult(Errors.NONE, log.leaderEpochCache().endOffsetFor(epoch, log.logEndOffset()));
    }

    /** The answer to one OffsetsForLeaderEpoch partition. */
    public record EpochEndOffsetResult(Errors error, EpochEndOffset endOffset) {
    }

    /** The offset for a ListOffsets timestamp (-1 latest, -2 earliest, -3 max timestamp, else by time). */
    public OffsetLookup offsetForTimestamp(long timestamp, Optional<Integer> currentLeaderEpoch) {
        Role r = role;
        Errors epochError = checkLeaderEpoch(r, currentLeaderEpoch);
        if (epochError != Errors.NONE) {
            return new OffsetLookup(epochError, -1, -1, -1);
        }
        int epoch = r.state.leaderEpoch();
        long hw = highWatermark;
        if (timestamp == -2L || timestamp == -4L || timestamp == -5L) { // earliest, earliest-local, earliest-pending-upload
            return new OffsetLookup(Errors.NONE, log.logStartOffset(), -1, epoch);
        }
        if (r.leader && hw < leaderStartOffset) {
            // KIP-207: a leader whose high watermark has not reached where its leadership began (a new
            // leader, or one restarted without knowing its old HW) would answer an end offset below
            // writes already acknowledged. Retriable; the HW catches up once the ISR has fetched.
            return new OffsetLookup(Errors.OFFSET_NOT_AVAILABLE, -1, -1, epoch);
        }
        if (timestamp == -1L || timestamp == -6L) { // latest, latest-tiered
            return new OffsetLookup(Errors.NONE, hw, -1, epoch);
        }
        if (timestamp == -3L) { // max timestamp
            OffsetAndTimestamp max = log.maxTimestampOffset();
            if (max == null || max.offset() < 0 || max.offset() >= hw) {
                return new OffsetLookup(Errors.NONE, -1, -1, epoch);
            }
            return new OffsetLookup(Errors.NONE, max.offset(), max.timestampMs(), epoch);
        }
        Optional<OffsetAndTimestamp> found = log.offsetForTimestamp(timestamp);
        if (found.isEmpty() || found.get().offset() >= hw) {
            return new OffsetLookup(Errors.NONE, -1, -1, epoch);
        }
        return new OffsetLookup(Errors.NONE, found.get().offset(), found.get().timestampMs(), epoch);
    }

    /** The answer to one ListOffsets partition. */
    public record OffsetLookup(Errors error, long offset, long timestamp, int leaderEpoch) {
    }

    /** DeleteRecords: moves the log start offset up to {@code offset} (-1 = the high watermark). */
    public long deleteRecordsBefore(long offset) {
        if (!role.leader) {
            throw new PartitionError(Errors.NOT_LEADER_OR_FOLLOWER, "Broker " + localBrokerId + " does not lead " + topicPartition);
        }
        long target = offset == -1L ? highWatermark : offset;
        if (target < 0 || target > highWatermark) {
            throw new PartitionError(Errors.OFFSET_OUT_OF_RANGE, "Cannot delete records of " + topicPartition + " before "
                    + offset + ": the high watermark is " + highWatermark);
        }
        synchronized (appendLock) {
            return log.deleteRecordsBefore(target);
        }
    }

    private Errors checkLeaderEpoch(Role r, Optional<Integer> currentLeaderEpoch) {
        if (!r.leader) {
            return Errors.NOT_LEADER_OR_FOLLOWER;
        }
        if (currentLeaderEpoch.isPresent() && currentLeaderEpoch.get() >= 0) {
            int requested = currentLeaderEpoch.get();
            int local = r.state.leaderEpoch();
            if (requested < local) {
                return Errors.FENCED_LEADER_EPOCH;
            }
            if (requested > local) {
                return Errors.UNKNOWN_LEADER_EPOCH;
            }
        }
        return Errors.NONE;
    }

    // ---- follower side ------------------------------------------------------------------------

    /** Where this follower's next fetch starts. */
    public record FollowerPosition(long fetchOffset, Optional<Integer> lastFetchedEpoch, long logStartOffset) {
    }

    public FollowerPosition followerPosition() {
        OptionalInt latest = log.leaderEpochCache().latestEpoch();
        return new FollowerPosition(log.logEndOffset(), latest.isPresent() ? Optional.of(latest.getAsInt()) : Optional.empty(),
                log.logStartOffset());
    }

    /**
     * This follower's own end offset for {@code epoch} (largest known epoch not above it), for
     * working out where to truncate after the leader reported a divergence.
     */
    public EpochEndOffset followerEndOffsetFor(int epoch) {
        return log.leaderEpochCache().endOffsetFor(epoch, log.logEndOffset());
    }

    /**
     * Appends batches fetched from the leader of {@code leaderEpoch}, unchanged, and learns the HW
     * as min(leader's HW, own LEO). Returns false (and changes nothing) if this broker is no longer
     * a follower in that epoch: the fetch answered a leadership that has moved on.
     */
    public boolean appendAsFollower(int leaderEpoch, MemoryRecords records, long leaderHighWatermark) {
        synchronized (appendLock) {
            if (!isFollowerIn(leaderEpoch)) {
                return false;
            }
            if (records.sizeInBytes() > 0) {
                log.appendAsFollower(records);
            }
            if (leaderHighWatermark >= 0) {
                highWatermark = Math.min(leaderHighWatermark, log.logEndOffset());
            }
            return true;
        }
    }

    /** Truncates this follower's log to {@code offset} (divergence), if still following in {@code leaderEpoch}. */
    public boolean truncateAsFollower(int leaderEpoch, long offset) {
        synchronized (appendLock) {
            if (!isFollowerIn(leaderEpoch)) {
                return false;
            }
            log.truncateTo(offset);
            highWatermark = Math.min(highWatermark, log.logEndOffset());
            return true;
        }
    }

    /** Empties this follower's log and restarts it at {@code offset} (the leader's log start is past our end). */
    public boolean restartAsFollowerAt(int leaderEpoch, long offset) {
        synchronized (appendLock) {
            if (!isFollowerIn(leaderEpoch)) {
                return false;
            }
            log.truncateFullyAndStartAt(offset);
            highWatermark = offset;
            return true;
        }
    }

    private boolean isFollowerIn(int leaderEpoch) {
        Role r = role;
        return !r.leader && r.state != null && r.state.leaderEpoch() == leaderEpoch;
    }

    // ---- ISR maintenance (leader) -------------------------------------------------------------

    /** An ISR change to propose to the controller, compare-and-set on {@code partitionEpoch}. */
    public record IsrProposal(Uuid topicId, int partitionId, int leaderEpoch, int partitionEpoch, List<Integer> newIsr) {
    }

    /**
     * While leader and with no proposal in flight: the ISR change the followers' progress calls for
     * (expand caught-up followers that {@code eligibility} admits and the controller has not just
     * refused; shrink out-of-sync ones only when {@code checkShrink}), else empty. A proposed
     * addition counts for the HW at once (KIP-497); a proposed removal still counts until the
     * controller commits it.
     */
    public synchronized Optional<IsrProposal> proposeIsrChange(long nowMs, long lagTimeMaxMs, boolean checkShrink,
                                                               ReplicaEligibility eligibility) {
        Role r = role;
        if (!r.leader || tracker == null || isrChangeInFlight) {
            return Optional.empty();
        }
        refusedUntilMs.values().removeIf(until -> until <= nowMs);
        ReplicaEligibility notRefused = (id, brokerEpoch) -> !refusedUntilMs.containsKey(id)
                && eligibility.isEligible(id, brokerEpoch);
        Set<Integer> outOfSync = checkShrink ? tracker.outOfSyncFollowers(nowMs, lagTimeMaxMs) : Set.of();
        Optional<List<Integer>> next = IsrChanges.plan(localBrokerId, r.state.replicas(), r.state.isr(), outOfSync,
                tracker.followersReadyToJoin(notRefused));
        if (next.isEmpty()) {
            return Optional.empty();
        }
        for (int id : next.get()) {
            if (!r.state.isr().contains(id)) {
                tracker.onAdditionProposed(id);
            }
        }
        isrChangeInFlight = true;
        return Optional.of(new IsrProposal(topicId, topicPartition.partition(), r.state.leaderEpoch(),
                r.state.partitionEpoch(), next.get()));
    }

    /**
     * The controller answered a proposal with {@code error} (NONE: accepted). On success the new ISR
     * arrives through the metadata image ({@link #makeLeader}); on failure pending additions are
     * dropped so the HW again depends on the committed ISR only. After INELIGIBLE_REPLICA the
     * replicas this proposal would have added sit out {@link #INELIGIBLE_REPLICA_BACKOFF_MS}.
     */
    public synchronized void onIsrChangeAnswered(IsrProposal proposal, Errors error) {
        Role r = role;
        if (error != Errors.NONE && r.leader && tracker != null && r.state.leaderEpoch() == proposal.leaderEpoch()) {
            tracker.onIsrCommitted(new HashSet<>(r.state.isr()));
            if (error == Errors.INELIGIBLE_REPLICA) {
                long until = clockMs.getAsLong() + INELIGIBLE_REPLICA_BACKOFF_MS;
                proposal.newIsr().stream().filter(id -> !r.state.isr().contains(id))
                        .forEach(id -> refusedUntilMs.put(id, until));
            }
        }
        isrChangeInFlight = false;
    }

    @Override
    public String toString() {
        Role r = role;
        String isr = r.state == null ? "[]" : r.state.isr().toString();
        return topicPartition + (r.leader ? " leader" : " follower") + " epoch=" + leaderEpoch() + " hw=" + highWatermark
                + " leo=" + log.logEndOffset() + " isr=" + isr;
    }
}
