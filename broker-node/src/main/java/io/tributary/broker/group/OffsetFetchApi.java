package io.tributary.broker.group;

import io.tributary.broker.protocol.ApiHandler;
import io.tributary.broker.protocol.KafkaRequest;
import io.tributary.metadata.image.CommittedOffset;
import io.tributary.metadata.image.MetadataImage;
import io.tributary.metadata.image.PartitionKey;
import io.tributary.metadata.image.TopicImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.OffsetFetchRequest;
import org.apache.kafka.common.requests.OffsetFetchResponse;

/**
 * OffsetFetch (key 9, v1-10; v8+ several groups, v10 topics by id), served by the coordinator from
 * the local image. A partition without a committed offset answers -1; no topic list means every
 * committed offset of the group.
 */
public final class OffsetFetchApi implements ApiHandler {
    private final GroupCoordinator coordinator;
    private final Supplier<MetadataImage> image;

    public OffsetFetchApi(GroupCoordinator coordinator, Supplier<MetadataImage> image) {
        this.coordinator = coordinator;
        this.image = image;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(KafkaRequest request) {
        OffsetFetchRequestData body = request.bodyAs(OffsetFetchRequest.class).data();
        short version = request.apiVersion();
        List<OffsetFetchRequestData.OffsetFetchRequestGroup> groups = version >= OffsetFetchRequest.BATCH_MIN_VERSION
                ? body.groups() : List.of(single(body));
        List<CompletableFuture<OffsetFetchResponseData.OffsetFetchResponseGroup>> answers = new ArrayList<>();
        for (OffsetFetchRequestData.OffsetFetchRequestGroup g : groups) {
            answers.add(coordinator.fetchOffsets(g.groupId()).thenApply(r -> r.error() != Errors.NONE
                    ? OffsetFetchResponse.groupError(g, r.error(), version)
                    : answer(g, r.offsets(), OffsetFetchRequest.useTopicIds(version))));
        }
        return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).thenApply(v -> {
            List<OffsetFetchResponseData.OffsetFetchResponseGroup> out = new ArrayList<>();
            answers.forEach(a -> out.add(a.join()));
            return new OffsetFetchResponse.Builder(out).build(version);
        });
    }

    private static OffsetFetchRequestData.OffsetFetchRequestGroup single(OffsetFetchRequestData body) {
        OffsetFetchRequestData.OffsetFetchRequestGroup g = new OffsetFetchRequestData.OffsetFetchRequestGroup().setGroupId(body.groupId());
        if (body.topics() == null) {
            g.setTopics(null);
        } else {
            List<OffsetFetchRequestData.OffsetFetchRequestTopics> topics = new ArrayList<>();
            body.topics().forEach(t -> topics.add(new OffsetFetchRequestData.OffsetFetchRequestTopics().setName(t.name())
                    .setPartitionIndexes(t.partitionIndexes())));
            g.setTopics(topics);
        }
        return g;
    }

    private OffsetFetchResponseData.OffsetFetchResponseGroup answer(OffsetFetchRequestData.OffsetFetchRequestGroup g,
                                                                    Map<PartitionKey, CommittedOffset> offsets, boolean byId) {
        MetadataImage img = image.get();
        OffsetFetchResponseData.OffsetFetchResponseGroup out = new OffsetFetchResponseData.OffsetFetchResponseGroup().setGroupId(g.groupId());
        if (g.topics() == null) {
            // Every committed offset, grouped by topic; offsets of deleted topics are left out.
            Map<Uuid, OffsetFetchResponseData.OffsetFetchResponseTopics> byTopic = new TreeMap<>();
            List<PartitionKey> keys = new ArrayList<>(offsets.keySet());
            keys.sort(Comparator.comparing(PartitionKey::topicId).thenComparingInt(PartitionKey::partitionId));
            for (PartitionKey pk : keys) {
                img.topic(pk.topicId()).ifPresent(t -> byTopic.computeIfAbsent(pk.topicId(),
                                id -> new OffsetFetchResponseData.OffsetFetchResponseTopics().setName(t.name()).setTopicId(id))
                        .partitions().add(partition(pk.partitionId(), offsets.get(pk))));
            }
            out.topics().addAll(byTopic.values());
            return out;
        }
        for (OffsetFetchRequestData.OffsetFetchRequestTopics t : g.topics()) {
            Optional<TopicImage> topic = byId ? img.topic(t.topicId()) : img.topic(t.name());
            OffsetFetchResponseData.OffsetFetchResponseTopics rt = new OffsetFetchResponseData.OffsetFetchResponseTopics()
                    .setName(t.name()).setTopicId(t.topicId() == null ? Uuid.ZERO_UUID : t.topicId());
            out.topics().add(rt);
            for (int p : t.partitionIndexes()) {
                if (topic.isEmpty() && byId) {
                    rt.partitions().add(partition(p, null).setErrorCode(Errors.UNKNOWN_TOPIC_ID.code()));
                } else {
                    rt.partitions().add(partition(p, topic.map(ti -> offsets.get(new PartitionKey(ti.id(), p))).orElse(null)));
                }
            }
        }
        return out;
    }

    private static OffsetFetchResponseData.OffsetFetchResponsePartitions partition(int partition, CommittedOffset o) {
        return new OffsetFetchResponseData.OffsetFetchResponsePartitions().setPartitionIndex(partition)
                .setCommittedOffset(o == null ? OffsetFetchResponse.INVALID_OFFSET : o.offset())
                .setCommittedLeaderEpoch(o == null ? -1 : o.leaderEpoch())
                .setMetadata(o == null ? OffsetFetchResponse.NO_METADATA : o.metadata());
    }
}
