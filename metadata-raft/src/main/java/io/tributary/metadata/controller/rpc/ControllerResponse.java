package io.tributary.metadata.controller.rpc;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.tributary.metadata.record.ConfigResourceType;
import java.util.List;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.Errors;

/** Responses of the active controller; error codes are Kafka's {@link Errors} codes. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ControllerResponse.RegisterBroker.class, name = "RegisterBroker"),
    @JsonSubTypes.Type(value = ControllerResponse.BrokerHeartbeat.class, name = "BrokerHeartbeat"),
    @JsonSubTypes.Type(value = ControllerResponse.UnregisterBroker.class, name = "UnregisterBroker"),
    @JsonSubTypes.Type(value = ControllerResponse.CreateTopics.class, name = "CreateTopics"),
    @JsonSubTypes.Type(value = ControllerResponse.DeleteTopics.class, name = "DeleteTopics"),
    @JsonSubTypes.Type(value = ControllerResponse.CreatePartitions.class, name = "CreatePartitions"),
    @JsonSubTypes.Type(value = ControllerResponse.AlterConfigs.class, name = "AlterConfigs"),
    @JsonSubTypes.Type(value = ControllerResponse.AlterPartition.class, name = "AlterPartition"),
    @JsonSubTypes.Type(value = ControllerResponse.AllocateProducerIds.class, name = "AllocateProducerIds"),
    @JsonSubTypes.Type(value = ControllerResponse.ElectLeaders.class, name = "ElectLeaders"),
    @JsonSubTypes.Type(value = ControllerResponse.WriteGroupState.class, name = "WriteGroupState"),
    @JsonSubTypes.Type(value = ControllerResponse.AlterPartitionReassignments.class, name = "AlterPartitionReassignments"),
    @JsonSubTypes.Type(value = ControllerResponse.ListPartitionReassignments.class, name = "ListPartitionReassignments"),
    @JsonSubTypes.Type(value = ControllerResponse.ReportUnreachableBroker.class, name = "ReportUnreachableBroker"),
})
public sealed interface ControllerResponse {

    /** Responses with a single top-level error code. */
    interface WithError {
        short errorCode();

        @JsonIgnore
        default Errors error() {
            return Errors.forCode(errorCode());
        }
    }

    record RegisterBroker(short errorCode, String errorMessage, long brokerEpoch)
            implements ControllerResponse, WithError {
    }

    /** @param metadataOffset the controller's image offset when it decided this answer */
    record BrokerHeartbeat(short errorCode, boolean isCaughtUp, boolean isFenced, boolean shouldShutDown, long metadataOffset)
            implements ControllerResponse, WithError {
    }

    record UnregisterBroker(short errorCode, String errorMessage) implements ControllerResponse, WithError {
    }

    record ReportUnreachableBroker(short errorCode, String errorMessage) implements ControllerResponse, WithError {
    }

    record CreatableTopicResult(String name, Uuid topicId, short errorCode, String errorMessage, int numPartitions,
                                short replicationFactor) implements WithError {
    }

    record CreateTopics(List<CreatableTopicResult> topics) implements ControllerResponse {
    }

    record TopicError(String name, short errorCode, String errorMessage) implements WithError {
    }

    record DeleteTopics(List<TopicError> topics) implements ControllerResponse {
    }

    record CreatePartitions(List<TopicError> topics) implements ControllerResponse {
    }

    record ResourceError(ConfigResourceType resourceType, String resourceName, short errorCode, String errorMessage)
            implements WithError {
    }

    record AlterConfigs(List<ResourceError> resources) implements ControllerResponse {
    }

    /** The partition's state after the request (on error: the current state when known). */
    record AlterPartition(short errorCode, String errorMessage, int leader, int leaderEpoch, int partitionEpoch,
                          List<Integer> isr) implements ControllerResponse, WithError {
    }

    /** A block of ids [producerIdStart, producerIdStart + producerIdLen). */
    record AllocateProducerIds(short errorCode, long producerIdStart, int producerIdLen)
            implements ControllerResponse, WithError {
    }

    record PartitionResult(String topic, int partition, short errorCode, String errorMessage) implements WithError {
    }

    record ElectLeaders(short errorCode, List<PartitionResult> partitions) implements ControllerResponse, WithError {
    }

    record WriteGroupState(short errorCode, String errorMessage) implements ControllerResponse, WithError {
    }

    record AlterPartitionReassignments(short errorCode, String errorMessage, List<PartitionResult> partitions)
            implements ControllerResponse, WithError {
    }

    /** One partition being reassigned: its current (merged) replicas and the ones being added and removed. */
    record OngoingReassignment(String topic, int partition, List<Integer> replicas, List<Integer> addingReplicas,
                               List<Integer> removingReplicas) {
    }

    record ListPartitionReassignments(short errorCode, String errorMessage, List<OngoingReassignment> reassignments)
            implements ControllerResponse, WithError {
    }
}
