package io.tributary.broker.api;

import io.tributary.broker.protocol.ApiHandler;
import io.tributary.broker.protocol.KafkaRequest;
import io.tributary.metadata.image.BrokerRegistration;
import io.tributary.metadata.image.MetadataImage;
import io.tributary.metadata.image.PartitionRegistration;
import io.tributary.metadata.image.TopicImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseBroker;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponsePartition;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseTopic;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.MetadataResponse;

/**
 * Metadata (key 3): brokers, and for each requested topic its id and partitions with leader,
 * leader epoch, replicas, ISR and offline replicas — all from the local metadata image, no RPC.
 * Unknown topics are created when the client allows it and {@code auto.create.topics.enable} is
 * on; the client is told LEADER_NOT_AVAILABLE meanwhile and asks again.
 */
public final class MetadataApi implements ApiHandler {
    private static final int AUTHORIZED_OPERATIONS_OMITTED = Integer.MIN_VALUE;

    private final int brokerId;
    private final String clusterId;
    private final String listenerName;
    private final Supplier<MetadataImage> image;
    private final boolean autoCreateTopics;
    private final Consumer<String> topicCreator;

    /**
     * @param listenerName the listener whose endpoints clients should use
     * @param topicCreator asks the controller to create a topic with the default settings (non-blocking)
     */
    public MetadataApi(int brokerId, String clusterId, String listenerName, Supplier<MetadataImage> image,
                       boolean autoCreateTopics, Consumer<String> topicCreator) {
        this.brokerId = brokerId;
        this.clusterId = clusterId;
        this.listenerName = listenerName;
        this.image = image;
        this.autoCreateTopics = autoCreateTopics;
        this.topicCreator = topicCreator;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(KafkaRequest request) {
        MetadataRequest body = request.bodyAs(MetadataRequest.class);
        MetadataImage img = image.get();
        MetadataResponseData data = new MetadataResponseData()
                .setClusterId(clusterId)
                .setControllerId(brokerId) // every broker forwards controller requests, as in KRaft
                .setClusterAuthorizedOperations(AUTHORIZED_OPERATIONS_OMITTED);
        brokers(img).forEach(b -> data.brokers().add(b));

        if (body.isAllTopics()) {
            new TreeMap<>(img.topicIdsByName()).forEach((name, id) ->
                    img.topic(id).ifPresent(t -> data.topics().add(describe(img, t))));
        } else {
            for (MetadataRequestData.MetadataRequestTopic requested : body.data().topics()) {
                data.topics().add(lookup(img, requested, body.allowAutoTopicCreation()));
            }
        }
        return CompletableFuture.completedFuture(new MetadataResponse(data, request.apiVersion()));
    }

    private List<MetadataResponseBroker> brokers(MetadataImage img) {
        List<MetadataResponseBroker> out = new ArrayList<>();
        new TreeMap<>(img.brokers()).forEach((id, b) -> {
            if (!b.fenced()) {
                ImageQueries.endpoint(b, listenerName).ifPresent(e -> out.add(new MetadataResponseBroker()
                        .setNodeId(id).setHost(e.host()).setPort(e.port()).setRack(b.rack())));
            }
        });
        return out;
    }

    private MetadataResponseTopic lookup(MetadataImage img, MetadataRequestData.MetadataRequestTopic requested, boolean allowAutoCreate) {
        Uuid id = requested.topicId();
        String name = requested.name();
        Optional<TopicImage> topic;
        if (name == null && id != null && !Uuid.ZERO_UUID.equals(id)) {
            topic = img.topic(id);
            if (topic.isEmpty()) {
                return new MetadataResponseTopic().setTopicId(id).setErrorCode(Errors.UNKNOWN_TOPIC_ID.code())
                        .setTopicAuthorizedOperations(AUTHORIZED_OPERATIONS_OMITTED);
            }
        } else {
            topic = img.topic(name);
        }
        if (topic.isPresent()) {
            return describe(img, topic.get());
        }
        MetadataResponseTopic missing = new MetadataResponseTopic().setName(name).setTopicId(Uuid.ZERO_UUID)
                .setTopicAuthorizedOperations(AUTHORIZED_OPERATIONS_OMITTED);
        if (name == null || !isValidName(name)) {
            return missing.setErrorCode(Errors.INVALID_TOPIC_EXCEPTION.code());
        }
        if (allowAutoCreate && autoCreateTopics) {
            topicCreator.accept(name);
            return missing.setErrorCode(Errors.LEADER_NOT_AVAILABLE.code());
        }
        return missing.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
    }

    private static boolean isValidName(String name) {
        try {
            Topic.validate(name);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static MetadataResponseTopic describe(MetadataImage img, TopicImage t) {
        List<MetadataResponsePartition> partitions = new ArrayList<>();
        new TreeMap<>(t.partitions()).forEach((index, p) -> partitions.add(partition(img, index, p)));
        return new MetadataResponseTopic().setName(t.name()).setTopicId(t.id()).setIsInternal(false)
                .setPartitions(partitions).setTopicAuthorizedOperations(AUTHORIZED_OPERATIONS_OMITTED)
                .setErrorCode(Errors.NONE.code());
    }

    private static MetadataResponsePartition partition(MetadataImage img, int index, PartitionRegistration p) {
        return new MetadataResponsePartition()
                .setPartitionIndex(index)
                .setErrorCode(p.hasLeader() ? Errors.NONE.code() : Errors.LEADER_NOT_AVAILABLE.code())
                .setLeaderId(p.leader())
                .setLeaderEpoch(p.leaderEpoch())
                .setReplicaNodes(p.replicas())
                .setIsrNodes(p.isr())
                .setOfflineReplicas(ImageQueries.offlineReplicas(img, p));
    }
}
