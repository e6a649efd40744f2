package io.tributary.metadata.controller;

import io.tributary.metadata.controller.rpc.ControllerRequest;
import io.tributary.metadata.controller.rpc.ControllerResponse;
import io.tributary.metadata.image.MetadataImage;
import io.tributary.metadata.image.PartitionRegistration;
import io.tributary.metadata.image.TopicImage;
import io.tributary.metadata.record.PartitionChangeRecord;
import io.tributary.metadata.record.Precondition;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.protocol.Errors;

/**
 * AlterPartitionReassignments and ListPartitionReassignments: validates requests with Kafka's error
 * codes and turns them into the partition changes of {@link PartitionReassignment}. Completion
 * after catch-up happens on the ISR-expand path ({@code ReplicationControlManager.alterPartition}).
 * Pure; confined to the controller thread.
 */
final class ReassignmentControlManager {

    ControllerResult<ControllerResponse> alter(ControllerRequest.AlterPartitionReassignments req, MetadataImage image) {
        BatchBuilder batch = new BatchBuilder();
        List<ControllerResponse.PartitionResult> results = new ArrayList<>();
        Set<ControllerRequest.PartitionRef> seen = new HashSet<>();
        for (ControllerRequest.ReassignmentTarget target : req.targets()) {
            ControllerRequest.PartitionRef ref = new ControllerRequest.PartitionRef(target.topic(), target.partition());
            if (!seen.add(ref)) {
                results.add(result(target, Errors.INVALID_REQUEST, "Partition " + ref + " appears more than once."));
                continue;
            }
            TopicImage t = image.topic(target.topic()).orElse(null);
            PartitionRegistration p = t == null ? null : t.partition(target.partition());
            if (p == null) {
                results.add(result(target, Errors.UNKNOWN_TOPIC_OR_PARTITION, "Unable to find partition "
                        + target.topic() + "-" + target.partition() + "."));
                continue;
            }
            Optional<PartitionChangeRecord> change;
            if (target.replicas() == null) {
                if (!PartitionReassignment.inProgress(p)) {
                    results.add(result(target, Errors.NO_REASSIGNMENT_IN_PROGRESS, "No ongoing reassignment for partition "
                            + target.topic() + "-" + target.partition() + "."));
                    continue;
                }
                change = PartitionReassignment.cancel(t.id(), target.partition(), p, image::isBrokerActive);
                if (change.isEmpty()) {
                    results.add(result(target, Errors.INVALID_REPLICA_ASSIGNMENT, "Unable to revert partition assignment for "
                            + target.topic() + "-" + target.partition() + " because none of its original replicas is in sync."));
                    continue;
                }
            } else {
                String problem = validateTarget(target.replicas(), image);
                if (problem != null) {
                    results.add(result(target, Errors.INVALID_REPLICA_ASSIGNMENT, problem));
                    continue;
                }
                int currentSize = p.replicas().size() - p.addingReplicas().size();
                if (!req.allowReplicationFactorChange() && target.replicas().size() != currentSize) {
                    results.add(result(target, Errors.INVALID_REPLICATION_FACTOR, "The replication factor is changed from "
                            + currentSize + " to " + target.replicas().size()));
                    continue;
                }
                change = PartitionReassignment.start(t.id(), target.partition(), p, target.replicas(), image::isBrokerActive);
            }
            change.ifPresent(c -> batch.require(new Precondition.PartitionEpochIs(t.id(), target.partition(),
                    p.partitionEpoch())).add(c));
            results.add(result(target, Errors.NONE, null));
        }
        return batch.build(new ControllerResponse.AlterPartitionReassignments(Errors.NONE.code(), null, results));
    }

    /** Kafka's checks of a manual assignment: not empty, no broker twice, every broker registered. */
    private static String validateTarget(List<Integer> replicas, MetadataImage image) {
        if (replicas.isEmpty()) {
            return "The manual partition assignment includes an empty replica list.";
        }
        Set<Integer> distinct = new HashSet<>();
        for (int r : replicas) {
            if (!distinct.add(r)) {
                return "The manual partition assignment includes the broker " + r + " more than once.";
            }
            if (image.broker(r) == null) {
                return "The manual partition assignment includes broker " + r + ", but no such broker is registered.";
            }
        }
        return null;
    }

    ControllerResponse list(ControllerRequest.ListPartitionReassignments req, MetadataImage image) {
        List<ControllerResponse.OngoingReassignment> out = new ArrayList<>();
        if (req.partitions() == null) {
            for (TopicImage t : LeadershipPlanner.topicsInOrder(image)) {
                for (Map.Entry<Integer, PartitionRegistration> e : t.partitions().entrySet()) {
                    ongoing(t.name(), e.getKey(), e.getValue()).ifPresent(out::add);
                }
            }
        } else {
            // Unknown topics and partitions are left out, as Kafka does.
            for (ControllerRequest.PartitionRef ref : new LinkedHashSet<>(req.partitions())) {
                image.topic(ref.topic()).map(t -> t.partition(ref.partition()))
                        .flatMap(p -> ongoing(ref.topic(), ref.partition(), p)).ifPresent(out::add);
            }
        }
        return new ControllerResponse.ListPartitionReassignments(Errors.NONE.code(), null, out);
    }

    private static Optional<ControllerResponse.OngoingReassignment> ongoing(String topic, int partition, PartitionRegistration p) {
        if (!PartitionReassignment.inProgress(p)) {
            return Optional.empty();
        }
        return Optional.of(new ControllerResponse.OngoingReassignment(topic, partition, p.replicas(), p.addingReplicas(),
                p.removingReplicas()));
    }

    private static ControllerResponse.PartitionResult result(ControllerRequest.ReassignmentTarget t, Errors e, String message) {
        return new ControllerResponse.PartitionResult(t.topic(), t.partition(), e.code(), message);
    }
}
