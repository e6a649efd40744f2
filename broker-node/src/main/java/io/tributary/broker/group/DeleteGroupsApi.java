package io.tributary.broker.group;

import io.tributary.broker.protocol.ApiHandler;
import io.tributary.broker.protocol.KafkaRequest;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.DeleteGroupsResponseData;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DeleteGroupsRequest;
import org.apache.kafka.common.requests.DeleteGroupsResponse;

/** DeleteGroups (key 42, v0-2): empty groups only (NON_EMPTY_GROUP otherwise), with their offsets. */
public final class DeleteGroupsApi implements ApiHandler {
    private final GroupCoordinator coordinator;

    public DeleteGroupsApi(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(KafkaRequest request) {
        return coordinator.deleteGroups(request.bodyAs(DeleteGroupsRequest.class).data().groupsNames()).thenApply(results -> {
            DeleteGroupsResponseData data = new DeleteGroupsResponseData();
            results.forEach((groupId, error) -> data.results().add(
                    new DeleteGroupsResponseData.DeletableGroupResult().setGroupId(groupId).setErrorCode(error.code())));
            return new DeleteGroupsResponse(data);
        });
    }
}
