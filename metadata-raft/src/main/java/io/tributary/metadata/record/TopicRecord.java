package io.tributary.metadata.record;

import org.apache.kafka.common.Uuid;

/** A topic was created; its partitions follow as {@link PartitionRecord}s in the same batch. */
public record TopicRecord(String name, Uuid topicId) implements MetadataRecord {
}
