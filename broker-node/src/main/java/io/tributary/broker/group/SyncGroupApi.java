package io.tributary.broker.group;

import io.tributary.broker.protocol.ApiHandler;
import io.tributary.broker.protocol.KafkaRequest;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.SyncGroupRequest;
import org.apache.kafka.common.requests.SyncGroupResponse;

/** SyncGroup (key 14, v0-5); followers are answered when the leader's assignment arrives. */
public final class SyncGroupApi implements ApiHandler {
    private final GroupCoordinator coordinator;

    public SyncGroupApi(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(KafkaRequest request) {
        return coordinator.sync(request.bodyAs(SyncGroupRequest.class).data()).thenApply(SyncGroupResponse::new);
    }
}
