package io.tributary.broker.group.consumer;

import java.util.Collection;
import org.apache.kafka.common.Uuid;

/** The topics a consumer group can subscribe to, as the metadata image shows them. */
public interface TopicLookup {
    record TopicMeta(String name, Uuid id, int partitions) {
    }

    /** The topic called {@code name}, or null. */
    TopicMeta byName(String name);

    /** The topic with id {@code id}, or null. */
    TopicMeta byId(Uuid id);

    /** Every topic name (for regex subscriptions). */
    Collection<String> names();
}
