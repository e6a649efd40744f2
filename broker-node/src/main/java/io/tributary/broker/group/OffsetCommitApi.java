package io.tributary.broker.group;

import io.tributary.broker.protocol.ApiHandler;
import io.tributary.broker.protocol.KafkaRequest;
import io.tributary.metadata.image.CommittedOffset;
import io.tributary.metadata.image.MetadataImage;
import io.tributary.metadata.image.PartitionKey;
import io.tributary.metadata.image.TopicImage;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.OffsetCommitRequest;
import org.apache.kafka.common.requests.OffsetCommitResponse;

/**
 * OffsetCommit (key 8, v2-10; v10 names topics by id). Partitions of unknown topics, or with
 * metadata over {@code offset.metadata.max.bytes}, are refused one by one; the rest are checked
 * against the member's generation and written to the quorum in one (batched) write, so they share
 * one outcome.
 */
public final class OffsetCommitApi implements ApiHandler {
    public static final int OFFSET_METADATA_MAX_BYTES = 4096;

    private final GroupCoordinator coordinator;
    private final Supplier<MetadataImage> image;
    private final LongSupplier clock;

    public OffsetCommitApi(GroupCoordinator coordinator, Supplier<MetadataImage> image, LongSupplier clock) {
        this.coordinator = coordinator;
        this.image = image;
        this.clock = clock;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(KafkaRequest request) {
        OffsetCommitRequestData body = request.bodyAs(OffsetCommitRequest.class).data();
        boolean byId = OffsetCommitResponse.useTopicIds(request.apiVersion());
        MetadataImage img = image.get();
        long nowMs = clock.getAsLong();
        OffsetCommitResponseData data = new OffsetCommitResponseData();
        Map<PartitionKey, CommittedOffset> offsets = new HashMap<>();
        Map<PartitionKey, OffsetCommitResponseData.OffsetCommitResponsePartition> pending = new HashMap<>();
        for (OffsetCommitRequestData.OffsetCommitRequestTopic t : body.topics()) {
            Optional<TopicImage> topic = byId ? img.topic(t.topicId()) : img.topic(t.name());
            OffsetCommitResponseData.OffsetCommitResponseTopic rt = new OffsetCommitResponseData.OffsetCommitResponseTopic()
                    .setName(t.name()).setTopicId(t.topicId() == null ? Uuid.ZERO_UUID : t.topicId());
            data.topics().add(rt);
            for (OffsetCommitRequestData.OffsetCommitRequestPartition p : t.partitions()) {
                OffsetCommitResponseData.OffsetCommitResponsePartition rp =
                        new OffsetCommitResponseData.OffsetCommitResponsePartition().setPartitionIndex(p.partitionIndex());
                rt.partitions().add(rp);
                if (topic.isEmpty() || topic.get().partition(p.partitionIndex()) == null) {
                    rp.setErrorCode((byId ? Errors.UNKNOWN_TOPIC_ID : Errors.UNKNOWN_TOPIC_OR_PARTITION).code());
                } else if (p.committedMetadata() != null && p.committedMetadata().length() > OFFSET_METADATA_MAX_BYTES) {
                    rp.setErrorCode(Errors.OFFSET_METADATA_TOO_LARGE.code());
                } else {
                    PartitionKey key = new PartitionKey(topic.get().id(), p.partitionIndex());
                    offsets.put(key, new CommittedOffset(p.committedOffset(), p.committedLeaderEpoch(),
                            p.committedMetadata() == null ? "" : p.committedMetadata(), nowMs));
                    pending.put(key, rp);
                }
            }
        }
        if (offsets.isEmpty()) {
            return CompletableFuture.completedFuture(new OffsetCommitResponse(data));
        }
        return coordinator.commitOffsets(body.groupId(), body.memberId(), body.groupInstanceId(),
                body.generationIdOrMemberEpoch(), offsets).thenApply(error -> {
                    pending.values().forEach(rp -> rp.setErrorCode(error.code()));
                    return new OffsetCommitResponse(data);
                });
    }
}
