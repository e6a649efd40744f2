package io.tributary.metadata.image;

/** A group-coordinator shard: its leader broker (-1 = none) and epoch. */
public record CoordinatorShard(int shardId, int leader, int epoch) {
}
