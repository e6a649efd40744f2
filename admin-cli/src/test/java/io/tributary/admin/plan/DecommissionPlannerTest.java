package io.tributary.admin.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class DecommissionPlannerTest {
    private static TopicPartition tp(String t, int p) {
        return new TopicPartition(t, p);
    }

    @Test
    void shouldReplaceTheLeavingBrokerInPlaceWithTheLeastLoadedBrokerNotYetAReplica() {
        Map<TopicPartition, List<Integer>> current = new LinkedHashMap<>();
        current.put(tp("t", 0), List.of(1, 2));
        current.put(tp("t", 1), List.of(2, 3));
        current.put(tp("t", 2), List.of(3, 1));
        current.put(tp("u", 0), List.of(1, 4));
        Map<TopicPartition, List<Integer>> plan = DecommissionPlanner.plan(current, 1, List.of(1, 2, 3, 4));
        // loads before: 2→2, 3→2, 4→1. t-0 (1,2): 4 is least loaded → (4,2); then 3 vs 4 both 2 → t-2 (3,1): 2 or 4 both 2 → lower id 2.
        assertThat(plan).containsExactly(
                Map.entry(tp("t", 0), List.of(4, 2)),
                Map.entry(tp("t", 2), List.of(3, 2)),
                Map.entry(tp("u", 0), List.of(3, 4)));
    }

    @Test
    void shouldPlanNothingWhenTheBrokerHoldsNoReplica() {
        assertThat(DecommissionPlanner.plan(Map.of(tp("t", 0), List.of(2)), 1, List.of(2, 3))).isEmpty();
    }

    @Test
    void shouldRefuseWhenEveryOtherBrokerAlreadyHoldsThePartition() {
        assertThatThrownBy(() -> DecommissionPlanner.plan(Map.of(tp("t", 0), List.of(1, 2, 3)), 1, List.of(1, 2, 3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("No broker can take t-0's replica from broker 1");
    }
}
