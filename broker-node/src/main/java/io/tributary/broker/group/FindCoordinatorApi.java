package io.tributary.broker.group;

import io.tributary.broker.protocol.ApiHandler;
import io.tributary.broker.protocol.KafkaRequest;
import io.tributary.metadata.image.BrokerRegistration;
import io.tributary.metadata.image.CoordinatorShard;
import io.tributary.metadata.image.CoordinatorShards;
import io.tributary.metadata.image.MetadataImage;
import io.tributary.metadata.record.Endpoint;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.FindCoordinatorRequest;
import org.apache.kafka.common.requests.FindCoordinatorResponse;

/**
 * FindCoordinator (key 10, v0-6; v4+ batches keys, KIP-699): a group's coordinator is the leader of
 * its shard, {@code abs(hash(groupId)) % offsets.topic.num.partitions}, answered from the local
 * image. Only group keys are served: there is no transaction coordinator yet
 * (COORDINATOR_NOT_AVAILABLE) and share groups are not supported (INVALID_REQUEST).
 */
public final class FindCoordinatorApi implements ApiHandler {
    private static final byte GROUP = 0;
    private static final byte TRANSACTION = 1;

    private final int numShards;
    private final String listenerName;
    private final Supplier<MetadataImage> image;

    public FindCoordinatorApi(int numShards, String listenerName, Supplier<MetadataImage> image) {
        this.numShards = numShards;
        this.listenerName = listenerName;
        this.image = image;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(KafkaRequest request) {
        FindCoordinatorRequestData body = request.bodyAs(FindCoordinatorRequest.class).data();
        FindCoordinatorResponseData data = new FindCoordinatorResponseData();
        MetadataImage img = image.get();
        if (request.apiVersion() >= FindCoordinatorRequest.MIN_BATCHED_VERSION) {
            for (String key : body.coordinatorKeys()) {
                data.coordinators().add(find(img, body.keyType(), key).setKey(key));
            }
        } else {
            FindCoordinatorResponseData.Coordinator c = find(img, body.keyType(), body.key());
            data.setErrorCode(c.errorCode()).setErrorMessage(c.errorMessage()).setNodeId(c.nodeId())
                    .setHost(c.host()).setPort(c.port());
        }
        return CompletableFuture.completedFuture(new FindCoordinatorResponse(data));
    }

    private FindCoordinatorResponseData.Coordinator find(MetadataImage img, byte keyType, String key) {
        if (keyType == TRANSACTION) {
            return error(Errors.COORDINATOR_NOT_AVAILABLE, "Transactions are not supported yet");
        }
        if (keyType != GROUP) {
            return error(Errors.INVALID_REQUEST, "Unsupported coordinator key type " + keyType);
        }
        if (key == null || key.isEmpty()) {
            return error(Errors.INVALID_REQUEST, "A group id is required");
        }
        CoordinatorShard shard = CoordinatorShards.coordinatorFor(img, key, numShards);
        if (shard == null || shard.leader() < 0 || !img.isBrokerActive(shard.leader())) {
            return error(Errors.COORDINATOR_NOT_AVAILABLE, null);
        }
        BrokerRegistration broker = img.broker(shard.leader());
        Optional<Endpoint> endpoint = endpoint(broker.endpoints());
        if (endpoint.isEmpty()) {
            return error(Errors.COORDINATOR_NOT_AVAILABLE, null);
        }
        return new FindCoordinatorResponseData.Coordinator().setErrorCode(Errors.NONE.code()).setNodeId(broker.id())
                .setHost(endpoint.get().host()).setPort(endpoint.get().port());
    }

    private Optional<Endpoint> endpoint(List<Endpoint> endpoints) {
        return endpoints.stream().filter(e -> e.name().equals(listenerName)).findFirst().or(() -> endpoints.stream().findFirst());
    }

    private static FindCoordinatorResponseData.Coordinator error(Errors error, String message) {
        return new FindCoordinatorResponseData.Coordinator().setErrorCode(error.code())
                .setErrorMessage(message == null ? error.message() : message).setNodeId(-1).setHost("").setPort(-1);
    }
}
