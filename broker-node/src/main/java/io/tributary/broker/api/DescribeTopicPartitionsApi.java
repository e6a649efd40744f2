package io.tributary.broker.api;

import io.tributary.broker.protocol.ApiHandler;
import io.tributary.broker.protocol.KafkaRequest;
import io.tributary.metadata.image.MetadataImage;
import io.tributary.metadata.image.PartitionRegistration;
import io.tributary.metadata.image.TopicImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.DescribeTopicPartitionsRequestData;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData.DescribeTopicPartitionsResponsePartition;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData.DescribeTopicPartitionsResponseTopic;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DescribeTopicPartitionsRequest;
import org.apache.kafka.common.requests.DescribeTopicPartitionsResponse;

/**
 * DescribeTopicPartitions (key 75, KIP-966): topics with their partitions, paged by
 * {@code responsePartitionLimit} with a cursor, in name order. An empty topic list means all topics.
 * Tributary keeps no eligible-leader replicas yet, so those lists are empty.
 */
public final class DescribeTopicPartitionsApi implements ApiHandler {
    private final Supplier<MetadataImage> image;

    public DescribeTopicPartitionsApi(Supplier<MetadataImage> image) {
        this.image = image;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(KafkaRequest request) {
        DescribeTopicPartitionsRequestData body = request.bodyAs(DescribeTopicPartitionsRequest.class).data();
        MetadataImage img = image.get();
        TreeSet<String> names = new TreeSet<>();
        if (body.topics().isEmpty()) {
            names.addAll(img.topicIdsByName().keySet());
        } else {
            body.topics().forEach(t -> names.add(t.name()));
        }
        String startTopic = body.cursor() == null ? null : body.cursor().topicName();
        int startPartition = body.cursor() == null ? 0 : body.cursor().partitionIndex();
        int budget = Math.max(1, body.responsePartitionLimit());

        DescribeTopicPartitionsResponseData data = new DescribeTopicPartitionsResponseData();
        for (String name : startTopic == null ? names : names.tailSet(startTopic, true)) {
            Optional<TopicImage> topic = img.topic(name);
            DescribeTopicPartitionsResponseTopic out = new DescribeTopicPartitionsResponseTopic().setName(name)
                    .setTopicAuthorizedOperations(Integer.MIN_VALUE).setIsInternal(false);
            if (topic.isEmpty()) {
                data.topics().add(out.setTopicId(Uuid.ZERO_UUID).setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code()));
                continue;
            }
            out.setTopicId(topic.get().id());
            List<DescribeTopicPartitionsResponsePartition> partitions = new ArrayList<>();
            int first = name.equals(startTopic) ? startPartition : 0;
            for (var e : new TreeMap<>(topic.get().partitions()).tailMap(first, true).entrySet()) {
                if (budget == 0) {
                    out.setPartitions(partitions);
                    data.topics().add(out);
                    data.setNextCursor(new DescribeTopicPartitionsResponseData.Cursor().setTopicName(name).setPartitionIndex(e.getKey()));
                    return done(data);
                }
                partitions.add(partition(img, e.getKey(), e.getValue()));
                budget--;
            }
            data.topics().add(out.setPartitions(partitions));
        }
        return done(data);
    }

    private static CompletableFuture<AbstractResponse> done(DescribeTopicPartitionsResponseData data) {
        return CompletableFuture.completedFuture(new DescribeTopicPartitionsResponse(data));
    }

    private static DescribeTopicPartitionsResponsePartition partition(MetadataImage img, int index, PartitionRegistration p) {
        return new DescribeTopicPartitionsResponsePartition()
                .setPartitionIndex(index)
                .setErrorCode(Errors.NONE.code())
                .setLeaderId(p.leader())
                .setLeaderEpoch(p.leaderEpoch())
                .setReplicaNodes(p.replicas())
                .setIsrNodes(p.isr())
                .setEligibleLeaderReplicas(List.of())
                .setLastKnownElr(List.of())
                .setOfflineReplicas(ImageQueries.offlineReplicas(img, p));
    }
}
