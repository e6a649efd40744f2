package io.tributary.metadata.image;

import org.apache.kafka.common.Uuid;

/** A partition identified by topic id. */
public record PartitionKey(Uuid topicId, int partitionId) {
}
