package io.tributary.broker.group;

import io.tributary.broker.protocol.ApiHandler;
import io.tributary.broker.protocol.KafkaRequest;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.HeartbeatRequest;
import org.apache.kafka.common.requests.HeartbeatResponse;

/** Heartbeat (key 12, v0-4). */
public final class HeartbeatApi implements ApiHandler {
    private final GroupCoordinator coordinator;

    public HeartbeatApi(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(KafkaRequest request) {
        return coordinator.heartbeat(request.bodyAs(HeartbeatRequest.class).data())
                .thenApply(e -> new HeartbeatResponse(new HeartbeatResponseData().setErrorCode(e.code())));
    }
}
