package io.tributary.broker.api;

import io.tributary.broker.protocol.ApiHandler;
import io.tributary.broker.protocol.KafkaRequest;
import io.tributary.metadata.image.MetadataImage;
import io.tributary.metadata.quorum.QuorumDescription;
import io.tributary.metadata.quorum.QuorumPeer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.kafka.common.message.DescribeQuorumResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DescribeQuorumResponse;

/**
 * DescribeQuorum (key 55), so {@code kafka-metadata-quorum.sh describe --status/--replication}
 * works: the Ratis leader is the quorum leader, its term the leader epoch, its commit index the
 * high watermark; voters and listeners (our observers) with their log end offsets. From version 2
 * each voter's node lists its Kafka listener (as before) and, like KRaft, its quorum (Raft)
 * endpoint under the listener name {@value #CONTROLLER_LISTENER}: what {@code tributary quorum
 * transfer-leader} connects to.
 */
public final class DescribeQuorumApi implements ApiHandler {
    /** The name Kafka tools ask for; the quorum here has one partition, 0. */
    static final String METADATA_TOPIC = "__cluster_metadata";
    /** The listener name KRaft gives controller endpoints; here it is the node's Raft address. */
    public static final String CONTROLLER_LISTENER = "CONTROLLER";

    private final Supplier<CompletableFuture<QuorumDescription>> describe;
    private final Supplier<MetadataImage> image;
    private final Supplier<List<QuorumPeer>> voterEndpoints;
    private final String listenerName;

    public DescribeQuorumApi(Supplier<CompletableFuture<QuorumDescription>> describe, Supplier<MetadataImage> image,
                             Supplier<List<QuorumPeer>> voterEndpoints, String listenerName) {
        this.describe = describe;
        this.image = image;
        this.voterEndpoints = voterEndpoints;
        this.listenerName = listenerName;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(KafkaRequest request) {
        return describe.get().thenApply(q -> {
            long now = System.currentTimeMillis();
            DescribeQuorumResponseData.PartitionData partition = new DescribeQuorumResponseData.PartitionData()
                    .setPartitionIndex(0).setErrorCode(Errors.NONE.code())
                    .setLeaderId(q.leaderId()).setLeaderEpoch((int) Math.min(Integer.MAX_VALUE, q.term()))
                    .setHighWatermark(q.commitIndex())
                    .setCurrentVoters(q.voters().stream().map(r -> state(r, now)).toList())
                    .setObservers(q.listeners().stream().map(r -> state(r, now)).toList());
            DescribeQuorumResponseData data = new DescribeQuorumResponseData().setErrorCode(Errors.NONE.code())
                    .setTopics(List.of(new DescribeQuorumResponseData.TopicData().setTopicName(METADATA_TOPIC).setPartitions(List.of(partition))));
            if (request.apiVersion() >= 2) {
                MetadataImage img = image.get();
                List<QuorumPeer> raft = voterEndpoints.get();
                q.voters().forEach(v -> {
                    DescribeQuorumResponseData.Node node = new DescribeQuorumResponseData.Node().setNodeId(v.nodeId());
                    var broker = img.broker(v.nodeId());
                    if (broker != null) {
                        ImageQueries.endpoint(broker, listenerName).ifPresent(e -> node.listeners().add(
                                new DescribeQuorumResponseData.Listener().setName(e.name()).setHost(e.host()).setPort(e.port())));
                    }
                    raft.stream().filter(p -> p.nodeId() == v.nodeId()).findFirst().ifPresent(p -> node.listeners().add(
                            new DescribeQuorumResponseData.Listener().setName(CONTROLLER_LISTENER).setHost(p.host()).setPort(p.port())));
                    if (!node.listeners().isEmpty()) {
                        data.nodes().add(node);
                    }
                });
            }
            return (AbstractResponse) new DescribeQuorumResponse(data);
        }).exceptionally(e -> new DescribeQuorumResponse(new DescribeQuorumResponseData()
                .setErrorCode(Errors.NOT_LEADER_OR_FOLLOWER.code()).setErrorMessage("No quorum leader answered: " + e.getMessage())));
    }

    private static DescribeQuorumResponseData.ReplicaState state(QuorumDescription.ReplicaState r, long now) {
        long contact = r.logEndOffset() < 0 ? -1 : now - r.lastContactMs();
        return new DescribeQuorumResponseData.ReplicaState().setReplicaId(r.nodeId()).setLogEndOffset(r.logEndOffset())
                .setLastFetchTimestamp(contact).setLastCaughtUpTimestamp(contact);
    }
}
