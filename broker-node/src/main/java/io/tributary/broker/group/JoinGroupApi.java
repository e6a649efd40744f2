package io.tributary.broker.group;

import io.tributary.broker.protocol.ApiHandler;
import io.tributary.broker.protocol.KafkaRequest;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.JoinGroupRequest;
import org.apache.kafka.common.requests.JoinGroupResponse;

/** JoinGroup (key 11, v0-9); answered when the group's rebalance completes. */
public final class JoinGroupApi implements ApiHandler {
    private final GroupCoordinator coordinator;

    public JoinGroupApi(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(KafkaRequest request) {
        JoinGroupRequestData data = request.bodyAs(JoinGroupRequest.class).data();
        short version = request.apiVersion();
        if (version == 0) {
            // v0 has no rebalance timeout; Kafka uses the session timeout.
            data.setRebalanceTimeoutMs(data.sessionTimeoutMs());
        }
        return coordinator.join(data, version, request.clientId(), request.clientHost()).thenApply(r -> new JoinGroupResponse(r, version));
    }
}
