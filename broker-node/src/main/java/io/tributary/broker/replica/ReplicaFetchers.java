package io.tributary.broker.replica;

import java.net.InetSocketAddress;
import org.apache.kafka.common.TopicPartition;

/**
 * Where a follower partition fetches from. {@link ReplicaManager} calls this as the partition's role
 * changes; calls are idempotent. {@link #NONE} replicates nothing (single-broker tests).
 */
public interface ReplicaFetchers extends AutoCloseable {
    ReplicaFetchers NONE = new ReplicaFetchers() {
        @Override
        public void follow(Partition partition, int leaderId, int leaderEpoch, InetSocketAddress leader) {
        }

        @Override
        public void unfollow(TopicPartition tp) {
        }
    };

    /** Fetch {@code partition} from broker {@code leaderId} at {@code leader}, in {@code leaderEpoch}. */
    void follow(Partition partition, int leaderId, int leaderEpoch, InetSocketAddress leader);

    /** Stop fetching {@code tp} (now leader, no leader known, or no longer hosted). */
    void unfollow(TopicPartition tp);

    @Override
    default void close() {
    }
}
