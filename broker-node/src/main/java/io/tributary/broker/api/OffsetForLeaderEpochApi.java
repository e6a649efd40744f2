package io.tributary.broker.api;

import io.tributary.broker.protocol.ApiHandler;
import io.tributary.broker.protocol.KafkaRequest;
import io.tributary.broker.replica.Partition;
import io.tributary.broker.replica.ReplicaManager;
import io.tributary.metadata.image.MetadataImage;
import io.tributary.metadata.image.TopicImage;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderPartition;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderTopic;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData.EpochEndOffset;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData.OffsetForLeaderTopicResult;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.OffsetsForLeaderEpochRequest;
import org.apache.kafka.common.requests.OffsetsForLeaderEpochResponse;

/**
 * OffsetForLeaderEpoch (key 23): for each partition, the end offset of the largest epoch ≤ the
 * requested one, from the leader's epoch cache. Consumers use it to validate their position after
 * a leader change (KIP-320) and detect truncation.
 */
public final class OffsetForLeaderEpochApi implements ApiHandler {
    private final Supplier<MetadataImage> image;
    private final ReplicaManager replicaManager;

    public OffsetForLeaderEpochApi(Supplier<MetadataImage> image, ReplicaManager replicaManager) {
        this.image = image;
        this.replicaManager = replicaManager;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(KafkaRequest request) {
        OffsetsForLeaderEpochRequest body = request.bodyAs(OffsetsForLeaderEpochRequest.class);
        MetadataImage img = image.get();
        OffsetForLeaderEpochResponseData data = new OffsetForLeaderEpochResponseData();
        for (OffsetForLeaderTopic topic : body.data().topics()) {
            Optional<TopicImage> t = img.topic(topic.topic());
            OffsetForLeaderTopicResult result = new OffsetForLeaderTopicResult().setTopic(topic.topic());
            for (OffsetForLeaderPartition p : topic.partitions()) {
                EpochEndOffset out = new EpochEndOffset().setPartition(p.partition()).setLeaderEpoch(-1).setEndOffset(-1);
                if (t.isEmpty() || t.get().partition(p.partition()) == null) {
                    out.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
                } else {
                    Optional<Integer> current = p.currentLeaderEpoch() < 0 ? Optional.empty() : Optional.of(p.currentLeaderEpoch());
                    Partition.EpochEndOffsetResult r = replicaManager.partition(new TopicPartition(topic.topic(), p.partition()))
                            .map(part -> part.endOffsetForEpoch(p.leaderEpoch(), current))
                            .orElse(new Partition.EpochEndOffsetResult(Errors.NOT_LEADER_OR_FOLLOWER, io.tributary.log.EpochEndOffset.UNDEFINED));
                    out.setErrorCode(r.error().code()).setLeaderEpoch(r.endOffset().epoch()).setEndOffset(r.endOffset().endOffset());
                }
                result.partitions().add(out);
            }
            data.topics().add(result);
        }
        return CompletableFuture.completedFuture(new OffsetsForLeaderEpochResponse(data));
    }
}
