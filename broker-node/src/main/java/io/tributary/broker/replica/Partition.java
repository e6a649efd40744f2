package io.tributary.broker.replica;

import io.tributary.log.AppendResult;
import io.tributary.log.EpochEndOffset;
import io.tributary.log.LogSlice;
import io.tributary.log.OffsetAndTimestamp;
import io.tributary.log.OffsetOutOfRangeException;
import io.tributary.log.PartitionLog;
import java.util.HashSet;
import java.util.Optional;
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

    private final TopicPartition topicPartition;
    private final Uuid topicId;
    private final int localBrokerId;
    private final PartitionLog log;
    private final LongSupplier clockMs;
    private final Object appendLock = new Object();

    private volatile Role role = NONE;
    private volatile long highWatermark;
    private LeaderReplicaTracker tracker; // guarded by this; non-null only while leader

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
                } else {
                    tracker.onIsrCommitted(new HashSet<>(state.isr()));
                }
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

    /**
     * Appends as leader. With acks=all the ISR must hold at least {@code minInsyncReplicas} before
     * anything is appended (NOT_ENOUGH_REPLICAS), as Kafka does.
     */
    public AppendResult appendAsLeader(MemoryRecords records, short requiredAcks, int minInsyncReplicas) {
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
            return result;
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

    /** What a fetch of this partition found. */
    public record ReadResult(Errors error, LogSlice slice, long highWatermark, long logStartOffset, long logEndOffset) {
        static ReadResult error(Errors error) {
            return new ReadResult(error, LogSlice.empty(), -1, -1, -1);
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
        if (!role.leader || fetchOffset >= highWatermark) {
            return 0;
        }
        try {
            return log.read(fetchOffset, limit, highWatermark).sizeInBytes();
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

    @Override
    public String toString() {
        Role r = role;
        return topicPartition + (r.leader ? " leader" : " follower") + " epoch=" + leaderEpoch() + " hw=" + highWatermark;
    }
}
