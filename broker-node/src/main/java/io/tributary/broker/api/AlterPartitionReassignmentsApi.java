package io.tributary.broker.api;

import io.tributary.broker.protocol.ApiHandler;
import io.tributary.broker.protocol.KafkaRequest;
import io.tributary.metadata.controller.rpc.ControllerRequest;
import io.tributary.metadata.controller.rpc.ControllerResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.AlterPartitionReassignmentsRequestData;
import org.apache.kafka.common.message.AlterPartitionReassignmentsResponseData;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.AlterPartitionReassignmentsRequest;
import org.apache.kafka.common.requests.AlterPartitionReassignmentsResponse;

/**
 * AlterPartitionReassignments (key 45): starts, replaces or cancels (null replicas) reassignments,
 * decided by the active controller. The answer comes once the reassignment has started; it
 * completes later, when the new replicas have caught up (see ListPartitionReassignments).
 */
public final class AlterPartitionReassignmentsApi implements ApiHandler {
    private final ControllerGateway controller;

    public AlterPartitionReassignmentsApi(ControllerGateway controller) {
        this.controller = controller;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(KafkaRequest request) {
        AlterPartitionReassignmentsRequestData body = request.bodyAs(AlterPartitionReassignmentsRequest.class).data();
        List<ControllerRequest.ReassignmentTarget> targets = new ArrayList<>();
        for (AlterPartitionReassignmentsRequestData.ReassignableTopic t : body.topics()) {
            for (AlterPartitionReassignmentsRequestData.ReassignablePartition p : t.partitions()) {
                targets.add(new ControllerRequest.ReassignmentTarget(t.name(), p.partitionIndex(), p.replicas()));
            }
        }
        ControllerRequest.AlterPartitionReassignments alter =
                new ControllerRequest.AlterPartitionReassignments(targets, body.allowReplicationFactorChange());
        return controller.call(alter, ControllerResponse.AlterPartitionReassignments.class).thenApply(response -> {
            Map<String, AlterPartitionReassignmentsResponseData.ReassignableTopicResponse> byTopic = new LinkedHashMap<>();
            for (ControllerResponse.PartitionResult r : response.partitions()) {
                byTopic.computeIfAbsent(r.topic(), n -> new AlterPartitionReassignmentsResponseData.ReassignableTopicResponse()
                        .setName(n)).partitions().add(new AlterPartitionReassignmentsResponseData.ReassignablePartitionResponse()
                        .setPartitionIndex(r.partition()).setErrorCode(r.errorCode()).setErrorMessage(r.errorMessage()));
            }
            return new AlterPartitionReassignmentsResponse(new AlterPartitionReassignmentsResponseData()
                    .setAllowReplicationFactorChange(body.allowReplicationFactorChange())
                    .setErrorCode(response.errorCode()).setErrorMessage(response.errorMessage())
                    .setResponses(new ArrayList<>(byTopic.values())));
        });
    }
}
