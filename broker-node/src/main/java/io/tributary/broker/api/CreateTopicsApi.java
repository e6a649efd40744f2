package io.tributary.broker.api;

import io.tributary.broker.protocol.ApiHandler;
import io.tributary.broker.protocol.KafkaRequest;
import io.tributary.broker.server.TopicConfigs;
import io.tributary.metadata.controller.rpc.ControllerRequest;
import io.tributary.metadata.controller.rpc.ControllerResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicConfigs;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicResult;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.CreateTopicsRequest;
import org.apache.kafka.common.requests.CreateTopicsResponse;

/**
 * CreateTopics (key 19): forwarded to the active controller, which validates names, partition
 * counts, replication factors, assignments and configs with Kafka's error codes. Settings Kafka
 * knows but Tributary cannot honour (compaction) are refused here with INVALID_CONFIG.
 */
public final class CreateTopicsApi implements ApiHandler {
    private final ControllerGateway controller;
    private final TopicConfigs topicConfigs;

    public CreateTopicsApi(ControllerGateway controller, TopicConfigs topicConfigs) {
        this.controller = controller;
        this.topicConfigs = topicConfigs;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(KafkaRequest request) {
        CreateTopicsRequestData body = request.bodyAs(CreateTopicsRequest.class).data();
        Map<String, CreatableTopicResult> refused = new LinkedHashMap<>();
        List<ControllerRequest.CreatableTopic> forward = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        body.topics().forEach(t -> seen.merge(t.name(), 1, Integer::sum));
        for (CreateTopicsRequestData.CreatableTopic t : body.topics()) {
            Map<String, String> configs = new LinkedHashMap<>();
            t.configs().forEach(c -> configs.put(c.name(), c.value()));
            String problem = TopicConfigs.unsupported(configs);
            if (seen.get(t.name()) > 1) {
                refused.put(t.name(), error(t.name(), Errors.INVALID_REQUEST, "Topic " + t.name() + " appears more than once in the request"));
            } else if (problem != null) {
                refused.put(t.name(), error(t.name(), Errors.INVALID_CONFIG, problem));
            } else {
                Map<Integer, List<Integer>> assignments = new LinkedHashMap<>();
                t.assignments().forEach(a -> assignments.put(a.partitionIndex(), a.brokerIds()));
                forward.add(new ControllerRequest.CreatableTopic(t.name(), t.numPartitions(), t.replicationFactor(), assignments, configs));
            }
        }
        CompletableFuture<ControllerResponse.CreateTopics> answered = forward.isEmpty()
                ? CompletableFuture.completedFuture(new ControllerResponse.CreateTopics(List.of()))
                : controller.call(new ControllerRequest.CreateTopics(forward, body.validateOnly()), ControllerResponse.CreateTopics.class);
        short version = request.apiVersion();
        return answered.thenApply(response -> {
            Map<String, ControllerResponse.CreatableTopicResult> byName = new HashMap<>();
            response.topics().forEach(r -> byName.put(r.name(), r));
            CreateTopicsResponseData data = new CreateTopicsResponseData();
            for (CreateTopicsRequestData.CreatableTopic t : body.topics()) {
                if (data.topics().find(t.name()) != null) {
                    continue;
                }
                CreatableTopicResult result = refused.get(t.name());
                if (result == null) {
                    ControllerResponse.CreatableTopicResult r = byName.get(t.name());
                    result = r == null ? error(t.name(), Errors.UNKNOWN_SERVER_ERROR, "The controller did not answer for this topic")
                            : toResult(r, version);
                }
                data.topics().add(result);
            }
            return new CreateTopicsResponse(data);
        });
    }

    private CreatableTopicResult toResult(ControllerResponse.CreatableTopicResult r, short version) {
        CreatableTopicResult result = new CreatableTopicResult().setName(r.name()).setErrorCode(r.errorCode())
                .setErrorMessage(r.errorMessage()).setNumPartitions(r.numPartitions()).setReplicationFactor(r.replicationFactor());
        if (r.topicId() != null) {
            result.setTopicId(r.topicId());
        }
        if (r.errorCode() == Errors.NONE.code() && version >= 5) {
            List<CreatableTopicConfigs> configs = new ArrayList<>();
            for (TopicConfigs.Entry e : topicConfigs.describe(r.name())) {
                configs.add(new CreatableTopicConfigs().setName(e.name()).setValue(e.value())
                        .setConfigSource(e.source().code).setReadOnly(false).setIsSensitive(false));
            }
            result.setConfigs(configs);
        }
        return result;
    }

    private static CreatableTopicResult error(String name, Errors error, String message) {
        return new CreatableTopicResult().setName(name).setErrorCode(error.code()).setErrorMessage(message)
                .setNumPartitions(-1).setReplicationFactor((short) -1).setTopicConfigErrorCode(error.code());
    }
}
