package io.tributary.broker.group;

import io.tributary.broker.group.consumer.TopicLookup;
import io.tributary.metadata.image.MetadataImage;
import io.tributary.metadata.image.TopicImage;
import java.util.Collection;
import org.apache.kafka.common.Uuid;

/** The topics of one metadata image, as consumer groups resolve their subscriptions against them. */
final class ImageTopicLookup implements TopicLookup {
    private final MetadataImage image;

    ImageTopicLookup(MetadataImage image) {
        this.image = image;
    }

    @Override
    public TopicMeta byName(String name) {
        return image.topic(name).map(ImageTopicLookup::meta).orElse(null);
    }

    @Override
    public TopicMeta byId(Uuid id) {
        return image.topic(id).map(ImageTopicLookup::meta).orElse(null);
    }

    @Override
    public Collection<String> names() {
        return image.topicIdsByName().keySet();
    }

    private static TopicMeta meta(TopicImage t) {
        return new TopicMeta(t.name(), t.id(), t.partitions().size());
    }
}
