package io.tributary.broker.api;

import io.tributary.broker.protocol.ApiHandler;
import io.tributary.broker.protocol.KafkaRequest;
import io.tributary.broker.replica.ProduceOutcome;
import io.tributary.broker.replica.ReplicaManager;
import io.tributary.metadata.image.MetadataImage;
import io.tributary.metadata.image.TopicImage;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.message.ProduceResponseData.TopicProduceResponse;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.ProduceResponse;

/**
 * Produce (key 0): appends each partition's records on this broker if it leads the partition, and
 * answers per partition — at once for acks 0/1, after replication to the ISR for acks=all. Topics
 * are named (v3-12) or identified (v13, KIP-516). Transactional produce is refused: transactions
 * are not offered.
 */
public final class ProduceApi implements ApiHandler {
    private final Supplier<MetadataImage> image;
    private final ReplicaManager replicaManager;
    private final ToIntFunction<String> minInsyncReplicas;

    public ProduceApi(Supplier<MetadataImage> image, ReplicaManager replicaManager, ToIntFunction<String> minInsyncReplicas) {
        this.image = image;
        this.replicaManager = replicaManager;
        this.minInsyncReplicas = minInsyncReplicas;
    }

    /** Where one requested partition stands before the append. */
    private record Target(String topicName, Uuid topicId, int partition, TopicPartition tp, Errors error) {
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(KafkaRequest request) {
        ProduceRequest body = request.bodyAs(ProduceRequest.class);
        MetadataImage img = image.get();
        boolean byId = request.apiVersion() >= 13;
        Errors requestError = body.transactionalId() != null ? Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED : Errors.NONE;

        Map<Target, MemoryRecords> targets = new LinkedHashMap<>();
        Map<TopicPartition, MemoryRecords> toAppend = new LinkedHashMap<>();
        for (ProduceRequestData.TopicProduceData topic : body.data().topicData()) {
            Optional<TopicImage> t = byId ? img.topic(topic.topicId()) : img.topic(topic.name());
            for (ProduceRequestData.PartitionProduceData part : topic.partitionData()) {
                Errors error = requestError;
                if (error == Errors.NONE && t.isEmpty()) {
                    error = byId ? Errors.UNKNOWN_TOPIC_ID : Errors.UNKNOWN_TOPIC_OR_PARTITION;
                } else if (error == Errors.NONE && t.get().partition(part.index()) == null) {
                    error = Errors.UNKNOWN_TOPIC_OR_PARTITION;
                }
                String name = t.map(TopicImage::name).orElse(topic.name());
                TopicPartition tp = name == null ? null : new TopicPartition(name, part.index());
                Target target = new Target(topic.name(), topic.topicId(), part.index(), tp, error);
                MemoryRecords records = (MemoryRecords) part.records();
                targets.put(target, records);
                if (error == Errors.NONE) {
                    toAppend.put(tp, records == null ? MemoryRecords.EMPTY : records);
                }
            }
        }

        CompletableFuture<Map<TopicPartition, ProduceOutcome>> appended = toAppend.isEmpty()
                ? CompletableFuture.completedFuture(Map.of())
                : replicaManager.appendRecords(body.acks(), body.timeout(), toAppend, minInsyncReplicas);
        if (body.acks() == 0) {
            // No response is sent; the append still happened (or failed) above.
            return appended.thenApply(r -> null);
        }
        return appended.thenApply(outcomes -> respond(targets.keySet(), outcomes));
    }

    private static AbstractResponse respond(Iterable<Target> targets, Map<TopicPartition, ProduceOutcome> outcomes) {
        ProduceResponseData data = new ProduceResponseData();
        Map<String, TopicProduceResponse> byTopic = new HashMap<>();
        for (Target target : targets) {
            String key = target.topicName() + "/" + target.topicId();
            TopicProduceResponse topic = byTopic.computeIfAbsent(key, k -> {
                TopicProduceResponse r = new TopicProduceResponse().setName(target.topicName()).setTopicId(target.topicId());
                data.responses().add(r);
                return r;
            });
            ProduceOutcome outcome = target.error() != Errors.NONE
                    ? ProduceOutcome.error(target.error(), null)
                    : outcomes.getOrDefault(target.tp(), ProduceOutcome.error(Errors.UNKNOWN_SERVER_ERROR, "no result"));
            topic.partitionResponses().add(new PartitionProduceResponse()
                    .setIndex(target.partition())
                    .setErrorCode(outcome.error().code())
                    .setErrorMessage(outcome.message())
                    .setBaseOffset(outcome.baseOffset())
                    .setLogAppendTimeMs(outcome.logAppendTimeMs())
                    .setLogStartOffset(outcome.logStartOffset()));
        }
        return new ProduceResponse(data);
    }
}
