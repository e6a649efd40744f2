package io.tributary.broker.group;

import io.tributary.broker.protocol.ApiHandler;
import io.tributary.broker.protocol.KafkaRequest;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ConsumerGroupHeartbeatRequest;
import org.apache.kafka.common.requests.ConsumerGroupHeartbeatResponse;

/** ConsumerGroupHeartbeat (key 68, v0-1): the KIP-848 consumer protocol's one membership request. */
public final class ConsumerGroupHeartbeatApi implements ApiHandler {
    private final GroupCoordinator coordinator;

    public ConsumerGroupHeartbeatApi(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(KafkaRequest request) {
        return coordinator.consumerGroupHeartbeat(request.bodyAs(ConsumerGroupHeartbeatRequest.class).data(),
                        request.apiVersion(), request.clientId(), request.clientHost())
                .thenApply(ConsumerGroupHeartbeatResponse::new);
    }
}
