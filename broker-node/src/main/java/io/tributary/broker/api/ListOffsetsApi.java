package io.tributary.broker.api;

import io.tributary.broker.protocol.ApiHandler;
import io.tributary.broker.protocol.KafkaRequest;
import io.tributary.broker.replica.Partition;
import io.tributary.broker.replica.ReplicaManager;
import io.tributary.metadata.image.MetadataImage;
import io.tributary.metadata.image.TopicImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.ListOffsetsRequestData.ListOffsetsPartition;
import org.apache.kafka.common.message.ListOffsetsRequestData.ListOffsetsTopic;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.message.ListOffsetsResponseData.ListOffsetsPartitionResponse;
import org.apache.kafka.common.message.ListOffsetsResponseData.ListOffsetsTopicResponse;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ListOffsetsRequest;
import org.apache.kafka.common.requests.ListOffsetsResponse;

/**
 * ListOffsets (key 2): earliest (-2), latest (-1, the high watermark), max-timestamp (-3), the
 * tiered-storage variants answered as their local equivalents, and offset-by-timestamp — all
 * bounded by the high watermark, as consumers may only see committed data.
 */
public final class ListOffsetsApi implements ApiHandler {
    private final Supplier<MetadataImage> image;
    private final ReplicaManager replicaManager;

    public ListOffsetsApi(Supplier<MetadataImage> image, ReplicaManager replicaManager) {
        this.image = image;
        this.replicaManager = replicaManager;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(KafkaRequest request) {
        ListOffsetsRequest body = request.bodyAs(ListOffsetsRequest.class);
        MetadataImage img = image.get();
        var duplicates = body.duplicatePartitions();
        List<ListOffsetsTopicResponse> topics = new ArrayList<>();
        for (ListOffsetsTopic topic : body.topics()) {
            Optional<TopicImage> t = img.topic(topic.name());
            List<ListOffsetsPartitionResponse> partitions = new ArrayList<>();
            for (ListOffsetsPartition p : topic.partitions()) {
                TopicPartition tp = new TopicPartition(topic.name(), p.partitionIndex());
                ListOffsetsPartitionResponse r = new ListOffsetsPartitionResponse().setPartitionIndex(p.partitionIndex())
                        .setTimestamp(-1).setOffset(-1).setLeaderEpoch(-1);
                if (duplicates.contains(tp)) {
                    r.setErrorCode(Errors.INVALID_REQUEST.code());
                } else if (t.isEmpty() || t.get().partition(p.partitionIndex()) == null) {
                    r.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
                } else {
                    Optional<Integer> epoch = p.currentLeaderEpoch() < 0 ? Optional.empty() : Optional.of(p.currentLeaderEpoch());
                    Partition.OffsetLookup found = replicaManager.partition(tp)
                            .map(part -> part.offsetForTimestamp(p.timestamp(), epoch))
                            .orElse(new Partition.OffsetLookup(Errors.NOT_LEADER_OR_FOLLOWER, -1, -1, -1));
                    r.setErrorCode(found.error().code()).setOffset(found.offset()).setTimestamp(found.timestamp());
                    if (request.apiVersion() >= 4) {
                        r.setLeaderEpoch(found.leaderEpoch()); // not in the wire format before v4
                    }
                }
                partitions.add(r);
            }
            topics.add(new ListOffsetsTopicResponse().setName(topic.name()).setPartitions(partitions));
        }
        return CompletableFuture.completedFuture(new ListOffsetsResponse(new ListOffsetsResponseData().setTopics(topics)));
    }
}
