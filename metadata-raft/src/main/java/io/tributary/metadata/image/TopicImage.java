package io.tributary.metadata.image;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.Uuid;

/** A topic and its partitions (sorted by partition id). Immutable. */
public record TopicImage(String name, Uuid id, Map<Integer, PartitionRegistration> partitions) {
    public TopicImage {
        partitions = Collections.unmodifiableMap(new TreeMap<>(partitions));
    }

    public PartitionRegistration partition(int partitionId) {
        return partitions.get(partitionId);
    }
}
