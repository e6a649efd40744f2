package io.tributary.broker.group;

import io.tributary.broker.protocol.ApiHandler;
import io.tributary.broker.protocol.KafkaRequest;
import io.tributary.metadata.image.MetadataImage;
import io.tributary.metadata.image.PartitionKey;
import io.tributary.metadata.image.TopicImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetDeleteResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.OffsetDeleteRequest;
import org.apache.kafka.common.requests.OffsetDeleteResponse;

/**
 * OffsetDelete (key 47, v0): deletes a group's committed offsets, except for topics its members are
 * subscribed to (GROUP_SUBSCRIBED_TO_TOPIC).
 */
public final class OffsetDeleteApi implements ApiHandler {
    private final GroupCoordinator coordinator;
    private final Supplier<MetadataImage> image;

    public OffsetDeleteApi(GroupCoordinator coordinator, Supplier<MetadataImage> image) {
        this.coordinator = coordinator;
        this.image = image;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(KafkaRequest request) {
        OffsetDeleteRequestData body = request.bodyAs(OffsetDeleteRequest.class).data();
        MetadataImage img = image.get();
        OffsetDeleteResponseData data = new OffsetDeleteResponseData();
        List<PartitionKey> keys = new ArrayList<>();
        List<OffsetDeleteResponseData.OffsetDeleteResponsePartition> known = new ArrayList<>();
        for (OffsetDeleteRequestData.OffsetDeleteRequestTopic t : body.topics()) {
            Optional<TopicImage> topic = img.topic(t.name());
            OffsetDeleteResponseData.OffsetDeleteResponseTopic rt = new OffsetDeleteResponseData.OffsetDeleteResponseTopic().setName(t.name());
            data.topics().add(rt);
            for (OffsetDeleteRequestData.OffsetDeleteRequestPartition p : t.partitions()) {
                OffsetDeleteResponseData.OffsetDeleteResponsePartition rp =
                        new OffsetDeleteResponseData.OffsetDeleteResponsePartition().setPartitionIndex(p.partitionIndex());
                rt.partitions().add(rp);
                if (topic.isEmpty() || topic.get().partition(p.partitionIndex()) == null) {
                    rp.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
                } else {
                    keys.add(new PartitionKey(topic.get().id(), p.partitionIndex()));
                    known.add(rp);
                }
            }
        }
        return coordinator.deleteOffsets(body.groupId(), keys).thenApply(result -> {
            if (result.getKey() != Errors.NONE) {
                return new OffsetDeleteResponse(new OffsetDeleteResponseData().setErrorCode(result.getKey().code()));
            }
            for (int i = 0; i < keys.size(); i++) {
                known.get(i).setErrorCode(result.getValue().getOrDefault(keys.get(i), Errors.NONE).code());
            }
            return new OffsetDeleteResponse(data);
        });
    }
}
