package io.tributary.metadata.controller.rpc;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.tributary.metadata.record.ConfigResourceType;
import io.tributary.metadata.record.Endpoint;
import io.tributary.metadata.record.MetadataRecord;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.Errors;

/**
 * A request to the active controller, sent by brokers (and admin tools via brokers). Each request
 * knows how to express a failure in its own response type, so that one error path serves all.
 * The {@code "type"} names below are the wire format: never rename one.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ControllerRequest.RegisterBroker.class, name = "RegisterBroker"),
    @JsonSubTypes.Type(value = ControllerRequest.BrokerHeartbeat.class, name = "BrokerHeartbeat"),
    @JsonSubTypes.Type(value = ControllerRequest.UnregisterBroker.class, name = "UnregisterBroker"),
    @JsonSubTypes.Type(value = ControllerRequest.CreateTopics.class, name = "CreateTopics"),
    @JsonSubTypes.Type(value = ControllerRequest.DeleteTopics.class, name = "DeleteTopics"),
    @JsonSubTypes.Type(value = ControllerRequest.CreatePartitions.class, name = "CreatePartitions"),
    @JsonSubTypes.Type(value = ControllerRequest.AlterConfigs.class, name = "AlterConfigs"),
    @JsonSubTypes.Type(value = ControllerRequest.AlterPartition.class, name = "AlterPartition"),
    @JsonSubTypes.Type(value = ControllerRequest.AllocateProducerIds.class, name = "AllocateProducerIds"),
    @JsonSubTypes.Type(value = ControllerRequest.ElectLeaders.class, name = "ElectLeaders"),
    @JsonSubTypes.Type(value = ControllerRequest.WriteGroupState.class, name = "WriteGroupState"),
    @JsonSubTypes.Type(value = ControllerRequest.AlterPartitionReassignments.class, name = "AlterPartitionReassignments"),
    @JsonSubTypes.Type(value = ControllerRequest.ListPartitionReassignments.class, name = "ListPartitionReassignments"),
    @JsonSubTypes.Type(value = ControllerRequest.ReportUnreachableBroker.class, name = "ReportUnreachableBroker"),
})
public sealed interface ControllerRequest {

    /** The response that reports {@code error} for everything this request asked for. */
    ControllerResponse errorResponse(Errors error, String message);

    /** Registers a broker process; the response carries its new broker epoch. */
    record RegisterBroker(int brokerId, Uuid incarnationId, List<Endpoint> endpoints, String rack)
            implements ControllerRequest {
        @Override
        public ControllerResponse errorResponse(Errors error, String message) {
            return new ControllerResponse.RegisterBroker(error.code(), message, -1L);
        }
    }

    /** Soft-state heartbeat; never written to the log (KRaft's BrokerHeartbeat). */
    record BrokerHeartbeat(int brokerId, long brokerEpoch, long currentMetadataOffset, boolean wantFence,
                           boolean wantShutDown) implements ControllerRequest {
        @Override
        public ControllerResponse errorResponse(Errors error, String message) {
            return new ControllerResponse.BrokerHeartbeat(error.code(), false, true, false, -1L);
        }
    }

    /**
     * A hint from broker {@code reporterId}: its connection to broker {@code brokerId} (a leader it
     * fetches from) failed. The controller probes that broker's liveness at once; the hint alone
     * never fences anything. Soft state, never written to the log.
     */
    record ReportUnreachableBroker(int reporterId, int brokerId) implements ControllerRequest {
        @Override
        public ControllerResponse errorResponse(Errors error, String message) {
            return new ControllerResponse.ReportUnreachableBroker(error.code(), message);
        }
    }

    /** Decommissions a broker: its registration is removed and it leaves every ISR and leadership. */
    record UnregisterBroker(int brokerId) implements ControllerRequest {
        @Override
        public ControllerResponse errorResponse(Errors error, String message) {
            return new ControllerResponse.UnregisterBroker(error.code(), message);
        }
    }

    /**
     * One topic to create. {@code numPartitions}/{@code replicationFactor} of -1 take the defaults;
     * a non-empty {@code assignments} (partition id -> replicas) replaces both.
     */
    record CreatableTopic(String name, int numPartitions, short replicationFactor,
                          Map<Integer, List<Integer>> assignments, Map<String, String> configs) {
        public CreatableTopic {
            assignments = assignments == null ? Map.of() : Map.copyOf(assignments);
            configs = configs == null ? Map.of() : Map.copyOf(configs);
        }
    }

    record CreateTopics(List<CreatableTopic> topics, boolean validateOnly) implements ControllerRequest {
        @Override
        public ControllerResponse errorResponse(Errors error, String message) {
            return new ControllerResponse.CreateTopics(topics.stream().map(t ->
                    new ControllerResponse.CreatableTopicResult(t.name(), null, error.code(), message, -1, (short) -1))
                    .toList());
        }
    }

    record DeleteTopics(List<String> names) implements ControllerRequest {
        @Override
        public ControllerResponse errorResponse(Errors error, String message) {
            return new ControllerResponse.DeleteTopics(names.stream().map(n ->
                    new ControllerResponse.TopicError(n, error.code(), message)).toList());
        }
    }

    /** Grows {@code name} to {@code count} partitions; {@code assignments} lists the new ones' replicas. */
    record PartitionsTopic(String name, int count, List<List<Integer>> assignments) {
    }

    record CreatePartitions(List<PartitionsTopic> topics, boolean validateOnly) implements ControllerRequest {
        @Override
        public ControllerResponse errorResponse(Errors error, String message) {
            return new ControllerResponse.CreatePartitions(topics.stream().map(t ->
                    new ControllerResponse.TopicError(t.name(), error.code(), message)).toList());
        }
    }

    /** Incremental change of one resource's configs: keys to set and keys to delete. */
    record AlterableConfig(ConfigResourceType resourceType, String resourceName, Map<String, String> set,
                           List<String> delete) {
        public AlterableConfig {
            set = set == null ? Map.of() : Map.copyOf(set);
            delete = delete == null ? List.of() : List.copyOf(delete);
        }
    }

    record AlterConfigs(List<AlterableConfig> resources, boolean validateOnly) implements ControllerRequest {
        @Override
        public ControllerResponse errorResponse(Errors error, String message) {
            return new ControllerResponse.AlterConfigs(resources.stream().map(r ->
                    new ControllerResponse.ResourceError(r.resourceType(), r.resourceName(), error.code(), message))
                    .toList());
        }
    }

    /** A partition leader asks to change the ISR (compare-and-set on the partition epoch). */
    record AlterPartition(int brokerId, long brokerEpoch, Uuid topicId, int partitionId, int leaderEpoch,
                          int partitionEpoch, List<Integer> newIsr) implements ControllerRequest {
        @Override
        public ControllerResponse errorResponse(Errors error, String message) {
            return new ControllerResponse.AlterPartition(error.code(), message, -1, -1, -1, List.of());
        }
    }

    record AllocateProducerIds(int brokerId, long brokerEpoch) implements ControllerRequest {
        @Override
        public ControllerResponse errorResponse(Errors error, String message) {
            return new ControllerResponse.AllocateProducerIds(error.code(), -1L, 0);
        }
    }

    enum ElectionType {
        PREFERRED,
        UNCLEAN
    }

    record PartitionRef(String topic, int partition) {
    }

    /** Elects leaders for the given partitions, or for every partition when {@code partitions} is null. */
    record ElectLeaders(ElectionType electionType, List<PartitionRef> partitions) implements ControllerRequest {
        @Override
        public ControllerResponse errorResponse(Errors error, String message) {
            List<PartitionRef> refs = partitions == null ? List.of() : partitions;
            return new ControllerResponse.ElectLeaders(error.code(), refs.stream().map(p ->
                    new ControllerResponse.PartitionResult(p.topic(), p.partition(), error.code(), message)).toList());
        }
    }

    /**
     * A group coordinator persists group state (Group, GroupTombstone, OffsetCommit, OffsetDelete
     * records) for groups of {@code shardId}, as the coordinator of that shard in {@code coordinatorEpoch}.
     */
    record WriteGroupState(int shardId, int coordinatorEpoch, List<MetadataRecord> records) implements ControllerRequest {
        @Override
        public ControllerResponse errorResponse(Errors error, String message) {
            return new ControllerResponse.WriteGroupState(error.code(), message);
        }
    }

    /** The wanted replicas of one partition; null {@code replicas} cancels its ongoing reassignment. */
    record ReassignmentTarget(String topic, int partition, List<Integer> replicas) {
    }

    /**
     * Starts, changes or cancels partition reassignments (KIP-455). With {@code allowReplicationFactorChange}
     * false a target of another size than the current replica set is refused.
     */
    record AlterPartitionReassignments(List<ReassignmentTarget> targets, boolean allowReplicationFactorChange)
            implements ControllerRequest {
        @Override
        public ControllerResponse errorResponse(Errors error, String message) {
            return new ControllerResponse.AlterPartitionReassignments(error.code(), message, targets.stream().map(t ->
                    new ControllerResponse.PartitionResult(t.topic(), t.partition(), error.code(), message)).toList());
        }
    }

    /** Lists ongoing reassignments of the given partitions, or of all partitions when {@code partitions} is null. */
    record ListPartitionReassignments(List<PartitionRef> partitions) implements ControllerRequest {
        @Override
        public ControllerResponse errorResponse(Errors error, String message) {
            return new ControllerResponse.ListPartitionReassignments(error.code(), message, List.of());
        }
    }
}
