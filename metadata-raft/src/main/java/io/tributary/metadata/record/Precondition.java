package io.tributary.metadata.record;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.apache.kafka.common.Uuid;

/**
 * A fact about the state that the controller relied on when it produced a batch. The replayer
 * re-checks every precondition against the state as of the entry's position in the log; if one no
 * longer holds (a proposal from a deposed controller, or one computed against state that has moved
 * on) the whole batch is a no-op and the reply carries {@link #errorName()}. This is what makes stale
 * proposals harmless.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Precondition.PartitionEpochIs.class, name = "PartitionEpochIs"),
    @JsonSubTypes.Type(value = Precondition.BrokerEpochIs.class, name = "BrokerEpochIs"),
    @JsonSubTypes.Type(value = Precondition.TopicAbsent.class, name = "TopicAbsent"),
    @JsonSubTypes.Type(value = Precondition.TopicPresent.class, name = "TopicPresent"),
    @JsonSubTypes.Type(value = Precondition.PartitionCountIs.class, name = "PartitionCountIs"),
    @JsonSubTypes.Type(value = Precondition.CoordinatorEpochIs.class, name = "CoordinatorEpochIs"),
    @JsonSubTypes.Type(value = Precondition.NextProducerIdIs.class, name = "NextProducerIdIs"),
    @JsonSubTypes.Type(value = Precondition.ControllerTermIs.class, name = "ControllerTermIs"),
})
public sealed interface Precondition {

    /** Kafka {@code Errors} name reported when the precondition fails. */
    String errorName();

    /** The partition still has this partition epoch. */
    record PartitionEpochIs(Uuid topicId, int partitionId, int partitionEpoch) implements Precondition {
        @Override
        public String errorName() {
            return "INVALID_UPDATE_VERSION";
        }
    }

    /** The broker is registered with this epoch ({@code -1}: not registered at all). */
    record BrokerEpochIs(int brokerId, long brokerEpoch) implements Precondition {
        @Override
        public String errorName() {
            return "STALE_BROKER_EPOCH";
        }
    }

    /** No topic has this name. */
    record TopicAbsent(String name) implements Precondition {
        @Override
        public String errorName() {
            return "TOPIC_ALREADY_EXISTS";
        }
    }

    /** The topic with this id still exists. */
    record TopicPresent(Uuid topicId) implements Precondition {
        @Override
        public String errorName() {
            return "UNKNOWN_TOPIC_ID";
        }
    }

    /** The topic has exactly this many partitions. */
    record PartitionCountIs(Uuid topicId, int count) implements Precondition {
        @Override
        public String errorName() {
            return "INVALID_PARTITIONS";
        }
    }

    /** The coordinator shard is in this epoch. */
    record CoordinatorEpochIs(int shardId, int epoch) implements Precondition {
        @Override
        public String errorName() {
            return "NOT_COORDINATOR";
        }
    }

    /** The latest activated controller is the one of this Raft term (fences deposed controllers). */
    record ControllerTermIs(long term) implements Precondition {
        @Override
        public String errorName() {
            return "NOT_CONTROLLER";
        }
    }

    /** The next unallocated producer id is this one. */
    record NextProducerIdIs(long nextProducerId) implements Precondition {
        @Override
        public String errorName() {
            return "INVALID_UPDATE_VERSION";
        }
    }
}
