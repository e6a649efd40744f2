package io.tributary.metadata.record;

import org.apache.kafka.common.Uuid;

/** A topic was deleted, with its partitions and its topic configs. */
public record RemoveTopicRecord(Uuid topicId) implements MetadataRecord {
}
