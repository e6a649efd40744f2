package io.tributary.broker.api;

import io.tributary.metadata.image.BrokerRegistration;
import io.tributary.metadata.image.MetadataImage;
import io.tributary.metadata.image.PartitionRegistration;
import io.tributary.metadata.record.Endpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Questions several APIs ask of the metadata image, answered one way for all of them. */
final class ImageQueries {
    private ImageQueries() {
    }

    /** The broker's endpoint on {@code listenerName}, or its first endpoint if it has no such listener. */
    static Optional<Endpoint> endpoint(BrokerRegistration broker, String listenerName) {
        return broker.endpoints().stream().filter(e -> e.name().equals(listenerName)).findFirst()
                .or(() -> broker.endpoints().stream().findFirst());
    }

    /** Replicas on brokers that are unregistered or fenced. */
    static List<Integer> offlineReplicas(MetadataImage image, PartitionRegistration partition) {
        List<Integer> offline = new ArrayList<>();
        for (int r : partition.replicas()) {
            BrokerRegistration b = image.broker(r);
            if (b == null || b.fenced()) {
                offline.add(r);
            }
        }
        return offline;
    }
}
