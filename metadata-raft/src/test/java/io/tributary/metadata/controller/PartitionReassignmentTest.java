package io.tributary.metadata.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.metadata.image.PartitionRegistration;
import io.tributary.metadata.record.LeaderRecoveryState;
import io.tributary.metadata.record.PartitionChangeRecord;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntPredicate;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;

/**
 * Every reassignment of every small replica set: for all current replica lists and all target lists
 * over brokers 1..4 (sizes 1..3), ISRs and leaders, the start / catch-up / complete / cancel steps
 * keep the invariants. Exhaustive, so no seed is needed.
 */
class PartitionReassignmentTest {

    private static final Uuid TOPIC = Uuid.fromString("AAAAAAAAAAAAAAAAAAAAAQ");
    private static final IntPredicate ALL_LIVE = b -> true;

    /** All ordered lists of distinct brokers from 1..4 with 1 to 3 elements. */
    private static List<List<Integer>> lists() {
        List<List<Integer>> out = new ArrayList<>();
        extend(new ArrayList<>(), out);
        return out;
    }

    private static void extend(List<Integer> prefix, List<List<Integer>> out) {
        if (!prefix.isEmpty()) {
            out.add(List.copyOf(prefix));
        }
        if (prefix.size() == 3) {
            return;
        }
        for (int b = 1; b <= 4; b++) {
            if (!prefix.contains(b)) {
                prefix.add(b);
                extend(prefix, out);
                prefix.remove(prefix.size() - 1);
            }
        }
    }

    private static PartitionRegistration apply(PartitionRegistration p, Optional<PartitionChangeRecord> change) {
        return change.map(p::merge).orElse(p);
    }

    @Test
    void shouldReachExactlyTheTargetOnceAddedReplicasCatchUp() {
        int cases = 0;
        for (List<Integer> current : lists()) {
            for (List<Integer> isr : List.of(current, List.of(current.get(0)))) {
                for (List<Integer> target : lists()) {
                    PartitionRegistration p = new PartitionRegistration(current, isr, List.of(), List.of(), isr.get(0),
                            LeaderRecoveryState.RECOVERED, 5, 9);
                    PartitionRegistration started = apply(p, PartitionReassignment.start(TOPIC, 0, p, target, ALL_LIVE));
                    checkWellFormed(started);
                    assertThat(started.replicas().subList(0, target.size())).as("%s -> %s isr %s: %s", current, target, isr, started).isEqualTo(target);
                    Set<Integer> union = new HashSet<>(current);
                    union.addAll(target);
                    if (PartitionReassignment.inProgress(started)) {
                        assertThat(Set.copyOf(started.replicas())).isEqualTo(union);
                    } else {
                        assertThat(started.replicas()).as("nothing to catch up: done at once").isEqualTo(target);
                    }

                    // Every adding replica catches up: the leader adds them to the ISR one by one.
                    PartitionRegistration s = started;
                    for (int adding : started.addingReplicas()) {
                        List<Integer> newIsr = new ArrayList<>(s.isr());
                        newIsr.add(adding);
                        PartitionRegistration before = s;
                        s = apply(s, PartitionReassignment.completeIfReady(TOPIC, 0, s, newIsr, ALL_LIVE)
                                .or(() -> Optional.of(PartitionChangeRecord.of(TOPIC, 0, newIsr, PartitionChangeRecord.NO_CHANGE))));
                        checkWellFormed(s);
                        assertThat(s.partitionEpoch()).isEqualTo(before.partitionEpoch() + 1);
                    }
                    boolean originalIsrSurvives = isr.stream().anyMatch(target::contains) || !started.addingReplicas().isEmpty();
                    if (originalIsrSurvives) {
                        assertThat(PartitionReassignment.inProgress(s)).as("%s -> %s isr %s", current, target, isr).isFalse();
                        assertThat(s.replicas()).isEqualTo(target);
                        assertThat(target).containsAll(s.isr());
                        assertThat(s.leader()).isIn(s.isr());
                        if (!target.contains(p.leader()) || !target.containsAll(current)) {
                            assertThat(s.leaderEpoch()).isGreaterThan(p.leaderEpoch());
                        }
                    }
                    cases++;
                }
            }
        }
        assertThat(cases).as("40 replica lists, 2 ISRs, 40 targets").isEqualTo(2 * 40 * 40);
    }

    @Test
    void shouldRestoreOriginalReplicasWhenCancelledBeforeCompletion() {
        for (List<Integer> current : lists()) {
            for (List<Integer> target : lists()) {
                PartitionRegistration p = new PartitionRegistration(current, current, List.of(), List.of(), current.get(0),
                        LeaderRecoveryState.RECOVERED, 5, 9);
                PartitionRegistration started = apply(p, PartitionReassignment.start(TOPIC, 0, p, target, ALL_LIVE));
                if (!PartitionReassignment.inProgress(started)) {
                    continue;
                }
                Optional<PartitionChangeRecord> cancel = PartitionReassignment.cancel(TOPIC, 0, started, ALL_LIVE);
                assertThat(cancel).as("%s -> %s", current, target).isPresent();
                PartitionRegistration reverted = started.merge(cancel.get());
                // As in Kafka, the revert keeps the merged order (the original order is not stored).
                assertThat(reverted.replicas()).containsExactlyInAnyOrderElementsOf(current);
                assertThat(reverted.isr()).containsExactlyInAnyOrderElementsOf(current);
                assertThat(reverted.leader()).isEqualTo(p.leader());
                assertThat(PartitionReassignment.inProgress(reverted)).isFalse();
            }
        }
    }

    @Test
    void shouldRefuseCancelWhenNoOriginalReplicaIsInSync() {
        PartitionRegistration p = new PartitionRegistration(List.of(3, 1), List.of(3), List.of(1), List.of(3), 3,
                LeaderRecoveryState.RECOVERED, 5, 9);

        assertThat(PartitionReassignment.cancel(TOPIC, 0, p, ALL_LIVE)).isEmpty();
    }

    @Test
    void shouldElectLiveTargetReplicaWhenLeaderIsRemoved() {
        PartitionRegistration p = new PartitionRegistration(List.of(2, 3, 1), List.of(1, 2, 3), List.of(1), List.of(2, 3),
                1, LeaderRecoveryState.RECOVERED, 5, 9);

        PartitionRegistration done = p.merge(PartitionReassignment.completeIfReady(TOPIC, 0, p, p.isr(), b -> b != 2)
                .orElseThrow());

        assertThat(done.leader()).as("2 is not live").isEqualTo(3);
        assertThat(done.replicas()).containsExactly(2, 3);
    }

    private static void checkWellFormed(PartitionRegistration p) {
        assertThat(p.replicas()).doesNotHaveDuplicates();
        assertThat(p.replicas()).containsAll(p.isr());
        assertThat(p.replicas()).containsAll(p.addingReplicas()).containsAll(p.removingReplicas());
        assertThat(p.addingReplicas().stream().filter(p.removingReplicas()::contains)).isEmpty();
        assertThat(p.isr()).isNotEmpty();
        assertThat(p.leader()).isIn(p.isr());
    }
}
