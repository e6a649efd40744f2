package io.tributary.metadata.controller;

import io.tributary.metadata.image.PartitionRegistration;
import io.tributary.metadata.record.PartitionChangeRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntPredicate;
import org.apache.kafka.common.Uuid;

/**
 * The partition changes of a replica reassignment (KIP-455, as KRaft does it), as pure functions of
 * the partition's registration:
 * <ol>
 *   <li>start: replicas become target ++ (current − target); {@code addingReplicas} = target − original,
 *       {@code removingReplicas} = current − target, where original = current − adding (the replicas
 *       before an ongoing reassignment, which a new one replaces); ISR and leader stay;</li>
 *   <li>the adding replicas fetch and join the ISR through the ordinary expand path;</li>
 *   <li>complete, as soon as the ISR without the removing replicas is not empty and holds every
 *       adding replica: replicas := target, ISR := ISR − removing, leader kept if still in the ISR,
 *       else the first live replica of the target that is in it;</li>
 *   <li>cancel: replicas := current − adding, ISR := ISR − adding, leader as above.</li>
 * </ol>
 * A start that needs no catch-up (a reorder, or only removals) completes in the same change.
 */
public final class PartitionReassignment {

    private PartitionReassignment() {
    }

    /** A partition layout: what a change sets. */
    record Layout(List<Integer> replicas, List<Integer> isr, List<Integer> adding, List<Integer> removing, int leader) {
    }

    public static boolean inProgress(PartitionRegistration p) {
        return !p.addingReplicas().isEmpty() || !p.removingReplicas().isEmpty();
    }

    /** The change that starts a reassignment of {@code p} to {@code target}, or empty when nothing changes. */
    public static Optional<PartitionChangeRecord> start(Uuid topicId, int partitionId, PartitionRegistration p,
                                                        List<Integer> target, IntPredicate live) {
        List<Integer> replicas = new ArrayList<>(target);
        p.replicas().stream().filter(r -> !target.contains(r)).forEach(replicas::add);
        // Relative to the replicas before any ongoing reassignment, so that a replaced reassignment
        // still waits for the target replicas it had not yet brought in sync.
        List<Integer> original = p.replicas().stream().filter(r -> !p.addingReplicas().contains(r)).toList();
        List<Integer> adding = target.stream().filter(r -> !original.contains(r)).toList();
        List<Integer> removing = p.replicas().stream().filter(r -> !target.contains(r)).toList();
        Layout started = new Layout(replicas, p.isr(), adding, removing, p.leader());
        Layout result = completed(started, p.isr(), live).orElse(started);
        return toChange(topicId, partitionId, p, result);
    }

    /**
     * The change that completes {@code p}'s reassignment if the ISR {@code newIsr} allows it (see the
     * class comment), or empty when there is no reassignment or it cannot complete yet.
     */
    public static Optional<PartitionChangeRecord> completeIfReady(Uuid topicId, int partitionId, PartitionRegistration p,
                                                                  List<Integer> newIsr, IntPredicate live) {
        if (!inProgress(p)) {
            return Optional.empty();
        }
        Layout current = new Layout(p.replicas(), newIsr, p.addingReplicas(), p.removingReplicas(), p.leader());
        return completed(current, newIsr, live).flatMap(done -> toChange(topicId, partitionId, p, done));
    }

    /**
     * The change that reverts {@code p} to its replicas before the reassignment, or empty when the
     * revert would leave no in-sync replica (the caller refuses the cancel then: it would need an
     * unclean election).
     */
    public static Optional<PartitionChangeRecord> cancel(Uuid topicId, int partitionId, PartitionRegistration p,
                                                         IntPredicate live) {
        List<Integer> replicas = p.replicas().stream().filter(r -> !p.addingReplicas().contains(r)).toList();
        List<Integer> isr = p.isr().stream().filter(replicas::contains).toList();
        if (isr.isEmpty()) {
            return Optional.empty();
        }
        Layout reverted = new Layout(replicas, isr, List.of(), List.of(), leaderFor(replicas, isr, p.leader(), live));
        return toChange(topicId, partitionId, p, reverted);
    }

    private static Optional<Layout> completed(Layout l, List<Integer> isr, IntPredicate live) {
        if (l.adding().isEmpty() && l.removing().isEmpty()) {
            return Optional.of(l);
        }
        List<Integer> newIsr = isr.stream().filter(r -> !l.removing().contains(r)).toList();
        if (newIsr.isEmpty() || !newIsr.containsAll(l.adding())) {
            return Optional.empty();
        }
        List<Integer> replicas = l.replicas().stream().filter(r -> !l.removing().contains(r)).toList();
        return Optional.of(new Layout(replicas, newIsr, List.of(), List.of(), leaderFor(replicas, newIsr, l.leader(), live)));
    }

    /** The current leader if it stays in the ISR, else the first live replica (target order) in the ISR, else none. */
    private static int leaderFor(List<Integer> replicas, List<Integer> isr, int current, IntPredicate live) {
        if (current >= 0 && isr.contains(current)) {
            return current;
        }
        for (int r : replicas) {
            if (isr.contains(r) && live.test(r)) {
                return r;
            }
        }
        return PartitionChangeRecord.NO_LEADER;
    }

    private static Optional<PartitionChangeRecord> toChange(Uuid topicId, int partitionId, PartitionRegistration p, Layout l) {
        boolean replicas = !l.replicas().equals(p.replicas());
        boolean isr = !l.isr().equals(p.isr());
        boolean adding = !l.adding().equals(p.addingReplicas());
        boolean removing = !l.removing().equals(p.removingReplicas());
        boolean leader = l.leader() != p.leader();
        if (!replicas && !isr && !adding && !removing && !leader) {
            return Optional.empty();
        }
        return Optional.of(new PartitionChangeRecord(topicId, partitionId, isr ? l.isr() : null,
                leader ? l.leader() : PartitionChangeRecord.NO_CHANGE, replicas ? l.replicas() : null,
                removing ? l.removing() : null, adding ? l.adding() : null, null));
    }
}
