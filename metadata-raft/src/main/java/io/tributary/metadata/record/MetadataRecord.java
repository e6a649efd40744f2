package io.tributary.metadata.record;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * One change to the replicated metadata, mirroring KRaft's metadata records. Records are immutable
 * values; they are only ever produced by the active controller and applied by
 * {@code MetadataReplayer}, identically on every node.
 *
 * <p>On the wire each record carries a {@code "type"} name (the names below are part of the log
 * format: never rename one, only add new ones).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = RegisterBrokerRecord.class, name = "RegisterBroker"),
    @JsonSubTypes.Type(value = BrokerRegistrationChangeRecord.class, name = "BrokerRegistrationChange"),
    @JsonSubTypes.Type(value = UnregisterBrokerRecord.class, name = "UnregisterBroker"),
    @JsonSubTypes.Type(value = TopicRecord.class, name = "Topic"),
    @JsonSubTypes.Type(value = PartitionRecord.class, name = "Partition"),
    @JsonSubTypes.Type(value = PartitionChangeRecord.class, name = "PartitionChange"),
    @JsonSubTypes.Type(value = RemoveTopicRecord.class, name = "RemoveTopic"),
    @JsonSubTypes.Type(value = ConfigRecord.class, name = "Config"),
    @JsonSubTypes.Type(value = ProducerIdsRecord.class, name = "ProducerIds"),
    @JsonSubTypes.Type(value = CoordinatorShardRecord.class, name = "CoordinatorShard"),
    @JsonSubTypes.Type(value = GroupRecord.class, name = "Group"),
    @JsonSubTypes.Type(value = GroupTombstoneRecord.class, name = "GroupTombstone"),
    @JsonSubTypes.Type(value = OffsetCommitRecord.class, name = "OffsetCommit"),
    @JsonSubTypes.Type(value = OffsetDeleteRecord.class, name = "OffsetDelete"),
    @JsonSubTypes.Type(value = ControllerActivationRecord.class, name = "ControllerActivation"),
    @JsonSubTypes.Type(value = ConsumerGroupRecord.class, name = "ConsumerGroup"),
})
public sealed interface MetadataRecord permits RegisterBrokerRecord, BrokerRegistrationChangeRecord,
        UnregisterBrokerRecord, TopicRecord, PartitionRecord, PartitionChangeRecord, RemoveTopicRecord,
        ConfigRecord, ProducerIdsRecord, CoordinatorShardRecord, GroupRecord, GroupTombstoneRecord,
        OffsetCommitRecord, OffsetDeleteRecord, ControllerActivationRecord, ConsumerGroupRecord {
}
