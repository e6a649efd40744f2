package io.tributary.broker.api;

import io.tributary.broker.protocol.ApiHandler;
import io.tributary.broker.protocol.KafkaRequest;
import io.tributary.metadata.controller.rpc.ControllerRequest;
import io.tributary.metadata.controller.rpc.ControllerResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.CreatePartitionsRequestData;
import org.apache.kafka.common.message.CreatePartitionsResponseData;
import org.apache.kafka.common.message.CreatePartitionsResponseData.CreatePartitionsTopicResult;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.CreatePartitionsRequest;
import org.apache.kafka.common.requests.CreatePartitionsResponse;

/** CreatePartitions (key 37): grows topics, forwarded to the active controller. */
public final class CreatePartitionsApi implements ApiHandler {
    private final ControllerGateway controller;

    public CreatePartitionsApi(ControllerGateway controller) {
        this.controller = controller;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(KafkaRequest request) {
        CreatePartitionsRequestData body = request.bodyAs(CreatePartitionsRequest.class).data();
        List<ControllerRequest.PartitionsTopic> topics = new ArrayList<>();
        for (CreatePartitionsRequestData.CreatePartitionsTopic t : body.topics()) {
            List<List<Integer>> assignments = t.assignments() == null ? List.of()
                    : t.assignments().stream().map(CreatePartitionsRequestData.CreatePartitionsAssignment::brokerIds).toList();
            topics.add(new ControllerRequest.PartitionsTopic(t.name(), t.count(), assignments));
        }
        CompletableFuture<ControllerResponse.CreatePartitions> answered = topics.isEmpty()
                ? CompletableFuture.completedFuture(new ControllerResponse.CreatePartitions(List.of()))
                : controller.call(new ControllerRequest.CreatePartitions(topics, body.validateOnly()), ControllerResponse.CreatePartitions.class);
        return answered.thenApply(response -> {
            Map<String, ControllerResponse.TopicError> byName = new HashMap<>();
            response.topics().forEach(r -> byName.put(r.name(), r));
            CreatePartitionsResponseData data = new CreatePartitionsResponseData();
            for (CreatePartitionsRequestData.CreatePartitionsTopic t : body.topics()) {
                ControllerResponse.TopicError e = byName.get(t.name());
                data.results().add(new CreatePartitionsTopicResult().setName(t.name())
                        .setErrorCode(e == null ? Errors.UNKNOWN_SERVER_ERROR.code() : e.errorCode())
                        .setErrorMessage(e == null ? "The controller did not answer for this topic" : e.errorMessage()));
            }
            return new CreatePartitionsResponse(data);
        });
    }
}
