package io.tributary.metadata.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.metadata.image.PartitionRegistration;
import io.tributary.metadata.record.LeaderRecoveryState;
import io.tributary.metadata.record.PartitionChangeRecord;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.IntPredicate;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.apache.kafka.common.Uuid;

/** Election rules hold for any partition state, target ISR and set of live brokers. */
class PartitionChangeBuilderPropertyTest {

    private static final Uuid TOPIC = Uuid.fromString("AAAAAAAAAAAAAAAAAAAAAQ");

    @Property(tries = 500)
    void shouldNeverEmptyIsrNorElectOutsideIt(@ForAll long seed, @ForAll @IntRange(min = 1, max = 5) int rf,
                                              @ForAll ElectionMode mode) {
        Random random = new Random(seed);
        List<Integer> replicas = new ArrayList<>(List.of(1, 2, 3, 4, 5, 6));
        Collections.shuffle(replicas, random);
        replicas = List.copyOf(replicas.subList(0, rf));
        List<Integer> isr = replicas.stream().filter(r -> random.nextBoolean()).toList();
        if (isr.isEmpty()) {
            isr = List.of(replicas.get(random.nextInt(rf)));
        }
        int leader = random.nextBoolean() ? isr.get(random.nextInt(isr.size())) : -1;
        PartitionRegistration p = new PartitionRegistration(replicas, isr, List.of(), List.of(), leader,
                LeaderRecoveryState.RECOVERED, 3, 7);
        Set<Integer> live = Set.copyOf(replicas.stream().filter(r -> random.nextInt(3) > 0).toList());
        IntPredicate acceptable = live::contains;
        List<Integer> target = isr.stream().filter(r -> random.nextBoolean()).toList();

        Optional<PartitionChangeRecord> change = PartitionChangeBuilder.build(TOPIC, 0, p, target, mode, acceptable);
        PartitionRegistration after = change.map(p::merge).orElse(p);

        assertThat(after.isr()).isNotEmpty();
        assertThat(replicas).containsAll(after.isr());
        if (after.leader() >= 0) {
            assertThat(after.isr()).contains(after.leader());
            assertThat(live).contains(after.leader());
        }
        if (after.leader() != p.leader()) {
            assertThat(after.leaderEpoch()).isEqualTo(p.leaderEpoch() + 1);
        }
        if (change.isPresent()) {
            assertThat(after.partitionEpoch()).isEqualTo(p.partitionEpoch() + 1);
        }
        boolean cleanCandidate = (target.isEmpty() ? isr : target).stream().anyMatch(live::contains);
        if (cleanCandidate) {
            assertThat(after.leader()).as("a live in-sync replica must be elected").isNotNegative();
            assertThat(after.leaderRecoveryState()).isEqualTo(LeaderRecoveryState.RECOVERED);
        } else if (mode == ElectionMode.UNCLEAN && !live.isEmpty()) {
            assertThat(after.isr()).containsExactly(after.leader());
            assertThat(after.leaderRecoveryState()).isEqualTo(LeaderRecoveryState.RECOVERING);
        } else {
            assertThat(after.leader()).isEqualTo(-1);
        }
        if (mode == ElectionMode.PREFERRED && after.isr().contains(replicas.get(0)) && live.contains(replicas.get(0))) {
            assertThat(after.leader()).isEqualTo(replicas.get(0));
        }
    }
}
