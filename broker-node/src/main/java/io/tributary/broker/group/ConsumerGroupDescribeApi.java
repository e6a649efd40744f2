package io.tributary.broker.group;

import io.tributary.broker.protocol.ApiHandler;
import io.tributary.broker.protocol.KafkaRequest;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ConsumerGroupDescribeRequest;
import org.apache.kafka.common.requests.ConsumerGroupDescribeResponse;

/** ConsumerGroupDescribe (key 69, v0-1); a classic or unknown group is GROUP_ID_NOT_FOUND (Admin then falls back to DescribeGroups). */
public final class ConsumerGroupDescribeApi implements ApiHandler {
    private final GroupCoordinator coordinator;

    public ConsumerGroupDescribeApi(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(KafkaRequest request) {
        return coordinator.describeConsumerGroups(request.bodyAs(ConsumerGroupDescribeRequest.class).data().groupIds())
                .thenApply(groups -> new ConsumerGroupDescribeResponse(new ConsumerGroupDescribeResponseData().setGroups(groups)));
    }
}
