package io.tributary.metadata.image;

import org.apache.kafka.common.utils.Utils;

/** Maps groups to coordinator shards, as Kafka maps groups to {@code __consumer_offsets} partitions. */
public final class CoordinatorShards {

    private CoordinatorShards() {
    }

    /** {@code abs(groupId.hashCode()) % numShards}, Kafka's own formula. */
    public static int shardFor(String groupId, int numShards) {
        return Utils.abs(groupId.hashCode()) % numShards;
    }

    /** The shard of {@code groupId} in {@code image}, whose leader is the group's coordinator (null if unassigned). */
    public static CoordinatorShard coordinatorFor(MetadataImage image, String groupId, int numShards) {
        return image.coordinatorShards().get(shardFor(groupId, numShards));
    }
}
