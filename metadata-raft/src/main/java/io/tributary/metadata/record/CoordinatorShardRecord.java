package io.tributary.metadata.record;

/**
 * The group-coordinator shard {@code shardId} is now led by {@code leader} (-1 = none) in
 * {@code epoch}. Each change carries a strictly larger epoch; group-state writes carry the epoch
 * they were made in and are rejected when it is stale.
 */
public record CoordinatorShardRecord(int shardId, int leader, int epoch) implements MetadataRecord {
}
