package io.tributary.broker.replica;

import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;

/** What a follower does with one partition of a fetch response; decided by {@link FollowerFetchLogic}. */
sealed interface FollowerAction {

    /** Append the leader's batches unchanged (possibly none) and learn HW = min(leader HW, own LEO). */
    record Append(MemoryRecords records, long leaderHighWatermark) implements FollowerAction {
    }

    /** The logs diverged: drop everything from {@code offset} on, then fetch again at once. */
    record Truncate(long offset) implements FollowerAction {
    }

    /** The leader no longer has anything we hold: empty the log and start it at the leader's log start. */
    record RestartAt(long offset) implements FollowerAction {
    }

    /** Nothing useful now (leadership moving, unknown partition, ...): retry after {@code replica.fetch.backoff.ms}. */
    record Backoff(Errors error) implements FollowerAction {
    }
}
