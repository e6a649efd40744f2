package io.tributary.metadata.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.metadata.image.BrokerRegistration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.apache.kafka.common.Uuid;

/** Placement spreads replicas and leaders and respects racks, for any cluster shape. */
class ReplicaPlacerPropertyTest {

    @Property(tries = 300)
    void shouldPlaceDistinctRackDiverseReplicasWithBalancedLeaders(
            @ForAll @IntRange(min = 1, max = 9) int brokers, @ForAll @IntRange(min = 1, max = 4) int racks,
            @ForAll @IntRange(min = 1, max = 40) int partitions, @ForAll @IntRange(min = 1, max = 5) int rfWanted,
            @ForAll @IntRange(min = 0, max = 100) int start) {
        int rf = Math.min(rfWanted, brokers);
        List<BrokerRegistration> regs = new ArrayList<>();
        Map<Integer, String> rackOf = new HashMap<>();
        for (int b = 0; b < brokers; b++) {
            String rack = "r" + (b % racks);
            rackOf.put(b + 10, rack);
            regs.add(new BrokerRegistration(b + 10, Uuid.ZERO_UUID, 1L, List.of(), rack, false, false, 0L));
        }
        int distinctRacks = (int) rackOf.values().stream().distinct().count();

        List<Integer> order = ReplicaPlacer.rackAlternatingOrder(regs);
        List<List<Integer>> placement = ReplicaPlacer.place(order, rackOf, 0, partitions, rf, start);

        assertThat(placement).hasSize(partitions);
        Map<Integer, Integer> leaders = new HashMap<>();
        for (List<Integer> replicas : placement) {
            assertThat(replicas).hasSize(rf).doesNotHaveDuplicates().allMatch(rackOf::containsKey);
            Set<String> used = new HashSet<>();
            replicas.forEach(r -> used.add(rackOf.get(r)));
            assertThat(used).hasSize(Math.min(rf, distinctRacks));
            leaders.merge(replicas.get(0), 1, Integer::sum);
        }
        int max = leaders.values().stream().max(Integer::compare).orElse(0);
        int min = brokers <= partitions ? leaders.values().stream().min(Integer::compare).orElse(0) : 0;
        if (brokers <= partitions) {
            assertThat(leaders).hasSize(brokers);
        }
        assertThat(max - min).as("leaders per broker differ by at most one").isLessThanOrEqualTo(1);
    }
}
