package io.tributary.broker.replica;

import org.apache.kafka.common.TopicPartition;

/**
 * The leader-side replication throttle of a partition: the byte rate ({@code leader.replication.throttled.rate})
 * at which this broker may send it to followers, when its topic's {@code leader.replication.throttled.replicas}
 * lists this broker's replica; {@link #UNTHROTTLED} otherwise.
 */
@FunctionalInterface
public interface LeaderReplicationThrottle {
    long UNTHROTTLED = Long.MAX_VALUE;

    LeaderReplicationThrottle NONE = tp -> UNTHROTTLED;

    long rateBytesPerSec(TopicPartition tp);
}
