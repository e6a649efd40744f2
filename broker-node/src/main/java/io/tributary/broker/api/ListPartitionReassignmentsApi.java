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
import org.apache.kafka.common.message.ListPartitionReassignmentsRequestData;
import org.apache.kafka.common.message.ListPartitionReassignmentsResponseData;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ListPartitionReassignmentsRequest;
import org.apache.kafka.common.requests.ListPartitionReassignmentsResponse;

/**
 * ListPartitionReassignments (key 46): the ongoing reassignments of the requested partitions (all
 * when none are named), as the active controller's image holds them, so that an answer never
 * lags a reassignment this client just started through another broker.
 */
public final class ListPartitionReassignmentsApi implements ApiHandler {
    private final ControllerGateway controller;

    public ListPartitionReassignmentsApi(ControllerGateway controller) {
        this.controller = controller;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(KafkaRequest request) {
        ListPartitionReassignmentsRequestData body = request.bodyAs(ListPartitionReassignmentsRequest.class).data();
        List<ControllerRequest.PartitionRef> refs = null;
        if (body.topics() != null) {
            refs = new ArrayList<>();
            for (ListPartitionReassignmentsRequestData.ListPartitionReassignmentsTopics t : body.topics()) {
                for (int p : t.partitionIndexes()) {
                    refs.add(new ControllerRequest.PartitionRef(t.name(), p));
                }
            }
        }
        return controller.call(new ControllerRequest.ListPartitionReassignments(refs),
                ControllerResponse.ListPartitionReassignments.class).thenApply(response -> {
            Map<String, ListPartitionReassignmentsResponseData.OngoingTopicReassignment> byTopic = new LinkedHashMap<>();
            for (ControllerResponse.OngoingReassignment r : response.reassignments()) {
                byTopic.computeIfAbsent(r.topic(), n -> new ListPartitionReassignmentsResponseData.OngoingTopicReassignment()
                        .setName(n)).partitions().add(new ListPartitionReassignmentsResponseData.OngoingPartitionReassignment()
                        .setPartitionIndex(r.partition()).setReplicas(new ArrayList<>(r.replicas()))
                        .setAddingReplicas(new ArrayList<>(r.addingReplicas()))
                        .setRemovingReplicas(new ArrayList<>(r.removingReplicas())));
            }
            return new ListPartitionReassignmentsResponse(new ListPartitionReassignmentsResponseData()
                    .setErrorCode(response.errorCode()).setErrorMessage(response.errorMessage())
                    .setTopics(new ArrayList<>(byTopic.values())));
        });
    }
}
