package io.tributary.metadata.controller;

import io.tributary.metadata.controller.rpc.ControllerRequest;
import io.tributary.metadata.controller.rpc.ControllerResponse;
import io.tributary.metadata.image.BrokerRegistration;
import io.tributary.metadata.image.MetadataImage;
import io.tributary.metadata.image.PartitionRegistration;
import io.tributary.metadata.image.TopicImage;
import io.tributary.metadata.record.ConfigRecord;
import io.tributary.metadata.record.ConfigResourceType;
import io.tributary.metadata.record.LeaderRecoveryState;
import io.tributary.metadata.record.PartitionChangeRecord;
import io.tributary.metadata.record.PartitionRecord;
import io.tributary.metadata.record.Precondition;
import io.tributary.metadata.record.RemoveTopicRecord;
import io.tributary.metadata.record.TopicRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.protocol.Errors;

/**
 * Topics and partitions: create, delete, add partitions, ISR changes requested by partition leaders
 * (compare-and-set on the partition epoch), and leader elections on request. Validation follows
 * Kafka's error semantics. Pure: reads an image, returns records and a response; confined to the
 * controller thread.
 */
final class ReplicationControlManager {

    private final ControllerConfig config;
    private final Supplier<Uuid> topicIds;

    ReplicationControlManager(ControllerConfig config, Supplier<Uuid> topicIds) {
        this.config = config;
        this.topicIds = topicIds;
    }

    /** Brokers that may receive new replicas: registered, unfenced, not shutting down. */
    private static List<BrokerRegistration> usableBrokers(MetadataImage image) {
        List<BrokerRegistration> usable = new ArrayList<>();
        for (BrokerRegistration b : image.brokers().values()) {
            if (b.isActive()) {
                usable.add(b);
            }
        }
        usable.sort(Comparator.comparingInt(BrokerRegistration::id));
        return usable;
    }

    /**
     * Brokers for new replicas: the usable ones that contacted this controller since it became
     * active, if there are enough of them for {@code rf}. Right after a failover a broker that died
     * with the old controller still looks usable until its session expires; avoid it when possible.
     */
    private static List<BrokerRegistration> placementBrokers(MetadataImage image, Set<Integer> heardFrom, int rf) {
        List<BrokerRegistration> usable = usableBrokers(image);
        List<BrokerRegistration> heard = usable.stream().filter(b -> heardFrom.contains(b.id())).toList();
        return heard.size() >= rf ? heard : usable;
    }

    private static Map<Integer, String> racks(List<BrokerRegistration> brokers) {
        Map<Integer, String> racks = new HashMap<>();
        brokers.forEach(b -> racks.put(b.id(), b.rack() == null ? "" : b.rack()));
        return racks;
    }

    private static int totalPartitions(MetadataImage image) {
        return image.topicsById().values().stream().mapToInt(t -> t.partitions().size()).sum();
    }

    ControllerResult<ControllerResponse> createTopics(ControllerRequest.CreateTopics req, MetadataImage image,
                                                      Set<Integer> heardFrom) {
        BatchBuilder batch = new BatchBuilder();
        List<ControllerResponse.CreatableTopicResult> results = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Set<String> duplicates = new HashSet<>();
        for (ControllerRequest.CreatableTopic t : req.topics()) {
            if (!seen.add(t.name())) {
                duplicates.add(t.name());
            }
        }
        int placementStart = totalPartitions(image);
        List<String> createdNames = new ArrayList<>();
        for (ControllerRequest.CreatableTopic t : req.topics()) {
            if (duplicates.contains(t.name())) {
                results.add(failure(t.name(), Errors.INVALID_REQUEST, "Duplicate topic name."));
                continue;
            }
            Failure problem = validateNewTopic(t, image, createdNames);
            if (problem != null) {
                results.add(failure(t.name(), problem.error, problem.message));
                continue;
            }
            List<List<Integer>> assignment;
            if (!t.assignments().isEmpty()) {
                Failure bad = validateAssignment(t.assignments(), image);
                if (bad != null) {
                    results.add(failure(t.name(), bad.error, bad.message));
                    continue;
                }
                assignment = new ArrayList<>(new TreeMap<>(t.assignments()).values());
            } else {
                int partitions = t.numPartitions() == -1 ? config.numPartitions() : t.numPartitions();
                int rf = t.replicationFactor() == -1 ? config.defaultReplicationFactor() : t.replicationFactor();
                if (partitions <= 0) {
                    results.add(failure(t.name(), Errors.INVALID_PARTITIONS, "Number of partitions was set to an invalid non-positive value."));
                    continue;
                }
                if (rf <= 0) {
                    results.add(failure(t.name(), Errors.INVALID_REPLICATION_FACTOR, "Replication factor must be larger than 0."));
                    continue;
                }
                List<BrokerRegistration> usable = placementBrokers(image, heardFrom, rf);
                if (rf > usable.size()) {
                    results.add(failure(t.name(), Errors.INVALID_REPLICATION_FACTOR, "Unable to replicate the partition "
                            + rf + " time(s): The target replication factor of " + rf + " cannot be reached because only "
                            + usable.size() + " broker(s) are registered."));
                    continue;
                }
                assignment = ReplicaPlacer.place(ReplicaPlacer.rackAlternatingOrder(usable), racks(usable), 0, partitions, rf, placementStart);
                placementStart += partitions;
            }
            createdNames.add(t.name());
            Uuid id = newTopicId(image);
            results.add(new ControllerResponse.CreatableTopicResult(t.name(), id, Errors.NONE.code(), null,
                    assignment.size(), (short) assignment.get(0).size()));
            if (req.validateOnly()) {
                continue;
            }
            batch.require(new Precondition.TopicAbsent(t.name())).add(new TopicRecord(t.name(), id));
            new TreeMap<>(t.configs()).forEach((k, v) -> batch.add(new ConfigRecord(ConfigResourceType.TOPIC, t.name(), k, v)));
            for (int p = 0; p < assignment.size(); p++) {
                batch.add(newPartition(id, p, assignment.get(p), image));
            }
        }
        return batch.build(new ControllerResponse.CreateTopics(results));
    }

    private Uuid newTopicId(MetadataImage image) {
        Uuid id = topicIds.get();
        while (Uuid.RESERVED.contains(id) || image.topicsById().containsKey(id) || id.toString().startsWith("-")) {
            id = topicIds.get();
        }
        return id;
    }

    /** A new partition: ISR = its live replicas, leader = the first of them in replica order. */
    private static PartitionRecord newPartition(Uuid topicId, int partitionId, List<Integer> replicas, MetadataImage image) {
        List<Integer> isr = replicas.stream().filter(image::isBrokerActive).toList();
        return new PartitionRecord(topicId, partitionId, replicas, isr, List.of(), List.of(), isr.get(0),
                LeaderRecoveryState.RECOVERED, 0, 0);
    }

    private record Failure(Errors error, String message) {
    }

    private static ControllerResponse.CreatableTopicResult failure(String name, Errors error, String message) {
        return new ControllerResponse.CreatableTopicResult(name, null, error.code(), message, -1, (short) -1);
    }

    private Failure validateNewTopic(ControllerRequest.CreatableTopic t, MetadataImage image, List<String> creating) {
        try {
            Topic.validate(t.name());
        } catch (InvalidTopicException e) {
            return new Failure(Errors.INVALID_TOPIC_EXCEPTION, e.getMessage());
        }
        if (image.topic(t.name()).isPresent()) {
            return new Failure(Errors.TOPIC_ALREADY_EXISTS, "Topic '" + t.name() + "' already exists.");
        }
        for (String existing : image.topicIdsByName().keySet()) {
            if (Topic.hasCollision(existing, t.name())) {
                return new Failure(Errors.INVALID_TOPIC_EXCEPTION, "Topic '" + t.name()
                        + "' collides with existing topic: " + existing);
            }
        }
        for (String other : creating) {
            if (Topic.hasCollision(other, t.name())) {
                return new Failure(Errors.INVALID_TOPIC_EXCEPTION, "Topic '" + t.name() + "' collides with topic: " + other);
            }
        }
        if (!t.assignments().isEmpty() && (t.numPartitions() != -1 || t.replicationFactor() != -1)) {
            return new Failure(Errors.INVALID_REQUEST,
                    "Both numPartitions or replicationFactor and replicasAssignments were set.");
        }
        String badConfig = TopicConfigValidator.validate(t.configs());
        if (badConfig != null) {
            return new Failure(Errors.INVALID_CONFIG, badConfig);
        }
        return null;
    }

    /** Explicit assignments: partitions 0..n-1, equal non-zero sizes, distinct registered brokers, some live. */
    private static Failure validateAssignment(Map<Integer, List<Integer>> assignments, MetadataImage image) {
        int rf = -1;
        for (int p = 0; p < assignments.size(); p++) {
            List<Integer> replicas = assignments.get(p);
            if (replicas == null) {
                return new Failure(Errors.INVALID_REPLICA_ASSIGNMENT, "Partitions must be numbered 0 to "
                        + (assignments.size() - 1) + " without gaps.");
            }
            Failure f = validateReplicas(replicas, image);
            if (f != null) {
                return f;
            }
            if (rf >= 0 && replicas.size() != rf) {
                return new Failure(Errors.INVALID_REPLICA_ASSIGNMENT, "All partitions must have the same replication factor.");
            }
            rf = replicas.size();
        }
        return null;
    }

    private static Failure validateReplicas(List<Integer> replicas, MetadataImage image) {
        if (replicas.isEmpty()) {
            return new Failure(Errors.INVALID_REPLICA_ASSIGNMENT, "A partition needs at least one replica.");
        }
        if (Set.copyOf(replicas).size() != replicas.size()) {
            return new Failure(Errors.INVALID_REPLICA_ASSIGNMENT, "Duplicate brokers in replica assignment " + replicas);
        }
        for (int r : replicas) {
            if (image.broker(r) == null) {
                return new Failure(Errors.INVALID_REPLICA_ASSIGNMENT, "Broker " + r + " is not registered.");
            }
        }
        if (replicas.stream().noneMatch(image::isBrokerActive)) {
            return new Failure(Errors.INVALID_REPLICA_ASSIGNMENT, "All brokers of assignment " + replicas + " are fenced.");
        }
        return null;
    }

    ControllerResult<ControllerResponse> deleteTopics(ControllerRequest.DeleteTopics req, MetadataImage image) {
        BatchBuilder batch = new BatchBuilder();
        List<ControllerResponse.TopicError> results = new ArrayList<>();
        Set<String> done = new HashSet<>();
        for (String name : req.names()) {
            if (!done.add(name)) {
                results.add(new ControllerResponse.TopicError(name, Errors.INVALID_REQUEST.code(), "Duplicate topic name."));
                continue;
            }
            TopicImage t = image.topic(name).orElse(null);
            if (t == null) {
                results.add(new ControllerResponse.TopicError(name, Errors.UNKNOWN_TOPIC_OR_PARTITION.code(),
                        "This server does not host this topic-partition."));
                continue;
            }
            batch.require(new Precondition.TopicPresent(t.id())).add(new RemoveTopicRecord(t.id()));
            results.add(new ControllerResponse.TopicError(name, Errors.NONE.code(), null));
        }
        return batch.build(new ControllerResponse.DeleteTopics(results));
    }

    ControllerResult<ControllerResponse> createPartitions(ControllerRequest.CreatePartitions req, MetadataImage image,
                                                          Set<Integer> heardFrom) {
        BatchBuilder batch = new BatchBuilder();
        List<ControllerResponse.TopicError> results = new ArrayList<>();
        int placementStart = totalPartitions(image);
        for (ControllerRequest.PartitionsTopic pt : req.topics()) {
            TopicImage t = image.topic(pt.name()).orElse(null);
            if (t == null) {
                results.add(new ControllerResponse.TopicError(pt.name(), Errors.UNKNOWN_TOPIC_OR_PARTITION.code(), null));
                continue;
            }
            int current = t.partitions().size();
            if (pt.count() <= current) {
                results.add(new ControllerResponse.TopicError(pt.name(), Errors.INVALID_PARTITIONS.code(),
                        "Topic currently has " + current + " partitions, which is higher than or equal to the requested "
                                + pt.count() + "."));
                continue;
            }
            int rf = t.partition(0).replicas().size();
            int added = pt.count() - current;
            List<List<Integer>> assignment;
            if (pt.assignments() != null && !pt.assignments().isEmpty()) {
                if (pt.assignments().size() != added) {
                    results.add(new ControllerResponse.TopicError(pt.name(), Errors.INVALID_REPLICA_ASSIGNMENT.code(),
                            "Attempted to add " + added + " partitions, but only " + pt.assignments().size()
                                    + " assignments were supplied."));
                    continue;
                }
                Failure bad = null;
                for (List<Integer> replicas : pt.assignments()) {
                    bad = validateReplicas(replicas, image);
                    if (bad == null && replicas.size() != rf) {
                        bad = new Failure(Errors.INVALID_REPLICA_ASSIGNMENT, "The new partitions must have " + rf + " replicas.");
                    }
                    if (bad != null) {
                        break;
                    }
                }
                if (bad != null) {
                    results.add(new ControllerResponse.TopicError(pt.name(), bad.error.code(), bad.message));
                    continue;
                }
                assignment = pt.assignments();
            } else {
                List<BrokerRegistration> usable = placementBrokers(image, heardFrom, rf);
                if (usable.size() < rf) {
                    results.add(new ControllerResponse.TopicError(pt.name(), Errors.INVALID_REPLICATION_FACTOR.code(),
                            "Unable to replicate the partition " + rf + " time(s): only " + usable.size()
                                    + " broker(s) are usable."));
                    continue;
                }
                assignment = ReplicaPlacer.place(ReplicaPlacer.rackAlternatingOrder(usable), racks(usable), current, added, rf, placementStart);
                placementStart += added;
            }
            results.add(new ControllerResponse.TopicError(pt.name(), Errors.NONE.code(), null));
            if (req.validateOnly()) {
                continue;
            }
            batch.require(new Precondition.TopicPresent(t.id())).require(new Precondition.PartitionCountIs(t.id(), current));
            for (int i = 0; i < added; i++) {
                batch.add(newPartition(t.id(), current + i, assignment.get(i), image));
            }
        }
        return batch.build(new ControllerResponse.CreatePartitions(results));
    }

    ControllerResult<ControllerResponse> alterPartition(ControllerRequest.AlterPartition req, MetadataImage image) {
        BrokerRegistration b = image.broker(req.brokerId());
        if (b == null || b.epoch() != req.brokerEpoch()) {
            return ControllerResult.of(req.errorResponse(Errors.STALE_BROKER_EPOCH, null));
        }
        if (image.topic(req.topicId()).isEmpty()) {
            return ControllerResult.of(req.errorResponse(Errors.UNKNOWN_TOPIC_ID, null));
        }
        PartitionRegistration p = image.partition(req.topicId(), req.partitionId());
        if (p == null) {
            return ControllerResult.of(req.errorResponse(Errors.UNKNOWN_TOPIC_OR_PARTITION, null));
        }
        if (p.leader() != req.brokerId()) {
            return ControllerResult.of(current(Errors.NOT_LEADER_OR_FOLLOWER, p));
        }
        if (req.leaderEpoch() != p.leaderEpoch()) {
            return ControllerResult.of(current(Errors.FENCED_LEADER_EPOCH, p));
        }
        if (req.partitionEpoch() != p.partitionEpoch()) {
            return ControllerResult.of(current(Errors.INVALID_UPDATE_VERSION, p));
        }
        List<Integer> newIsr = req.newIsr() == null ? List.of() : req.newIsr();
        if (!newIsr.contains(p.leader()) || !p.replicas().containsAll(newIsr) || Set.copyOf(newIsr).size() != newIsr.size()) {
            return ControllerResult.of(current(Errors.INVALID_REQUEST, p));
        }
        for (int r : newIsr) {
            // KIP-841: fenced or shutting-down replicas may stay in the ISR but never join it.
            if (!p.isr().contains(r) && !image.isBrokerActive(r)) {
                return ControllerResult.of(current(Errors.INELIGIBLE_REPLICA, p));
            }
        }
        boolean recovered = p.leaderRecoveryState() == LeaderRecoveryState.RECOVERING;
        if (newIsr.equals(p.isr()) && !recovered) {
            return ControllerResult.of(current(Errors.NONE, p));
        }
        PartitionChangeRecord isrChange = new PartitionChangeRecord(req.topicId(), req.partitionId(), newIsr,
                PartitionChangeRecord.NO_CHANGE, null, null, null, recovered ? LeaderRecoveryState.RECOVERED : null);
        // An ISR that now holds every replica being added completes an ongoing reassignment (KIP-455).
        PartitionChangeRecord change = PartitionReassignment.completeIfReady(req.topicId(), req.partitionId(), p, newIsr,
                image::isBrokerActive).map(c -> recovered ? c.withLeaderRecoveryState(LeaderRecoveryState.RECOVERED) : c)
                .orElse(isrChange);
        PartitionRegistration after = p.merge(change);
        return new BatchBuilder()
                .require(new Precondition.PartitionEpochIs(req.topicId(), req.partitionId(), p.partitionEpoch()))
                .add(change)
                .build(current(Errors.NONE, after));
    }

    private static ControllerResponse.AlterPartition current(Errors error, PartitionRegistration p) {
        return new ControllerResponse.AlterPartition(error.code(), null, p.leader(), p.leaderEpoch(), p.partitionEpoch(), p.isr());
    }

    ControllerResult<ControllerResponse> electLeaders(ControllerRequest.ElectLeaders req, MetadataImage image) {
        List<ControllerRequest.PartitionRef> refs = req.partitions();
        if (refs == null) {
            refs = new ArrayList<>();
            for (TopicImage t : LeadershipPlanner.topicsInOrder(image)) {
                for (int p : t.partitions().keySet()) {
                    refs.add(new ControllerRequest.PartitionRef(t.name(), p));
                }
            }
        }
        BatchBuilder batch = new BatchBuilder();
        List<ControllerResponse.PartitionResult> results = new ArrayList<>();
        Set<ControllerRequest.PartitionRef> done = new HashSet<>();
        for (ControllerRequest.PartitionRef ref : refs) {
            if (!done.add(ref)) {
                continue;
            }
            TopicImage t = image.topic(ref.topic()).orElse(null);
            PartitionRegistration p = t == null ? null : t.partition(ref.partition());
            if (p == null) {
                results.add(result(ref, Errors.UNKNOWN_TOPIC_OR_PARTITION, null));
                continue;
            }
            Errors outcome;
            if (req.electionType() == ControllerRequest.ElectionType.PREFERRED) {
                int preferred = p.preferredLeader();
                if (p.leader() == preferred) {
                    outcome = Errors.ELECTION_NOT_NEEDED;
                } else if (!p.isr().contains(preferred) || !image.isBrokerActive(preferred)) {
                    outcome = Errors.PREFERRED_LEADER_NOT_AVAILABLE;
                } else {
                    outcome = Errors.NONE;
                    PartitionChangeBuilder.build(t.id(), ref.partition(), p, null, ElectionMode.PREFERRED, image::isBrokerActive)
                            .ifPresent(c -> batch.require(new Precondition.PartitionEpochIs(t.id(), ref.partition(), p.partitionEpoch())).add(c));
                }
            } else {
                if (p.hasLeader() && image.isBrokerActive(p.leader())) {
                    outcome = Errors.ELECTION_NOT_NEEDED;
                } else {
                    var change = PartitionChangeBuilder.build(t.id(), ref.partition(), p,
                            PartitionChangeBuilder.without(p.isr(), r -> !image.isBrokerActive(r)),
                            ElectionMode.UNCLEAN, image::isBrokerActive);
                    if (change.isPresent() && change.get().leader() >= 0) {
                        outcome = Errors.NONE;
                        batch.require(new Precondition.PartitionEpochIs(t.id(), ref.partition(), p.partitionEpoch())).add(change.get());
                    } else {
                        outcome = Errors.ELIGIBLE_LEADERS_NOT_AVAILABLE;
                    }
                }
            }
            results.add(result(ref, outcome, null));
        }
        return batch.build(new ControllerResponse.ElectLeaders(Errors.NONE.code(), results));
    }

    private static ControllerResponse.PartitionResult result(ControllerRequest.PartitionRef ref, Errors e, String msg) {
        return new ControllerResponse.PartitionResult(ref.topic(), ref.partition(), e.code(), msg);
    }
}
