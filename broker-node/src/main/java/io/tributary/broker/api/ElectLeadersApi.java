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
import org.apache.kafka.common.message.ElectLeadersRequestData;
import org.apache.kafka.common.message.ElectLeadersResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ElectLeadersRequest;
import org.apache.kafka.common.requests.ElectLeadersResponse;

/** ElectLeaders (key 43): preferred (0) or unclean (1) election, decided by the active controller. */
public final class ElectLeadersApi implements ApiHandler {
    private final ControllerGateway controller;

    public ElectLeadersApi(ControllerGateway controller) {
        this.controller = controller;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(KafkaRequest request) {
        ElectLeadersRequestData body = request.bodyAs(ElectLeadersRequest.class).data();
        ControllerRequest.ElectionType type = body.electionType() == 1 ? ControllerRequest.ElectionType.UNCLEAN
                : ControllerRequest.ElectionType.PREFERRED;
        List<ControllerRequest.PartitionRef> partitions = null;
        if (body.topicPartitions() != null) {
            partitions = new ArrayList<>();
            for (ElectLeadersRequestData.TopicPartitions tp : body.topicPartitions()) {
                for (int p : tp.partitions()) {
                    partitions.add(new ControllerRequest.PartitionRef(tp.topic(), p));
                }
            }
        }
        return controller.call(new ControllerRequest.ElectLeaders(type, partitions), ControllerResponse.ElectLeaders.class)
                .thenApply(response -> {
                    Map<String, ElectLeadersResponseData.ReplicaElectionResult> byTopic = new LinkedHashMap<>();
                    for (ControllerResponse.PartitionResult r : response.partitions()) {
                        byTopic.computeIfAbsent(r.topic(), t -> new ElectLeadersResponseData.ReplicaElectionResult().setTopic(t))
                                .partitionResult().add(new ElectLeadersResponseData.PartitionResult().setPartitionId(r.partition())
                                        .setErrorCode(r.errorCode()).setErrorMessage(r.errorMessage()));
                    }
                    return new ElectLeadersResponse(new ElectLeadersResponseData()
                            .setErrorCode(response.errorCode() == Errors.NONE.code() ? Errors.NONE.code() : response.errorCode())
                            .setReplicaElectionResults(new ArrayList<>(byTopic.values())));
                });
    }
}
