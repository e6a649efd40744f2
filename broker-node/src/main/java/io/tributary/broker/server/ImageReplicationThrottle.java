package io.tributary.broker.server;

import io.tributary.broker.replica.LeaderReplicationThrottle;
import io.tributary.broker.replica.ThrottledReplicas;
import io.tributary.metadata.image.ConfigResourceKey;
import io.tributary.metadata.image.MetadataImage;
import io.tributary.metadata.record.ConfigResourceType;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;

/**
 * The leader replication throttle as {@code kafka-reassign-partitions.sh --throttle} sets it, read from
 * the current metadata image: the topic's {@code leader.replication.throttled.replicas} must list this
 * broker's replica, and {@code leader.replication.throttled.rate} (this broker's dynamic config, else
 * the cluster default) gives the rate. A missing or unparsable rate means no throttle.
 */
final class ImageReplicationThrottle implements LeaderReplicationThrottle {
    static final String LEADER_THROTTLED_REPLICAS = "leader.replication.throttled.replicas";
    static final String LEADER_THROTTLED_RATE = "leader.replication.throttled.rate";

    private final int brokerId;
    private final Supplier<MetadataImage> image;

    ImageReplicationThrottle(int brokerId, Supplier<MetadataImage> image) {
        this.brokerId = brokerId;
        this.image = image;
    }

    @Override
    public long rateBytesPerSec(TopicPartition tp) {
        MetadataImage img = image.get();
        String replicas = img.configs(new ConfigResourceKey(ConfigResourceType.TOPIC, tp.topic())).get(LEADER_THROTTLED_REPLICAS);
        if (!ThrottledReplicas.contains(replicas, tp.partition(), brokerId)) {
            return UNTHROTTLED;
        }
        String rate = img.configs(new ConfigResourceKey(ConfigResourceType.BROKER, Integer.toString(brokerId))).get(LEADER_THROTTLED_RATE);
        if (rate == null) {
            rate = img.configs(new ConfigResourceKey(ConfigResourceType.CLUSTER, "")).get(LEADER_THROTTLED_RATE);
        }
        try {
            long bytesPerSec = rate == null ? UNTHROTTLED : Long.parseLong(rate.trim());
            return bytesPerSec > 0 ? bytesPerSec : UNTHROTTLED;
        } catch (NumberFormatException e) {
            return UNTHROTTLED;
        }
    }
}
