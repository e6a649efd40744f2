package io.tributary.admin.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Plans {@code broker decommission}: every replica on the leaving broker moves to the live broker
 * with the fewest replicas that does not already hold the partition, keeping the replica's position
 * in the list (so preferred leadership moves with it). Pure and deterministic (ties go to the lower id).
 */
public final class DecommissionPlanner {
    private DecommissionPlanner() {
    }

    /**
     * @param current the replicas of every partition
     * @param leaving the broker to empty
     * @param live    brokers that may take replicas (the leaving one is ignored if listed)
     * @return new replica lists for the partitions that change, in a stable order
     * @throws IllegalArgumentException when some partition has no broker left to move to
     */
    public static Map<TopicPartition, List<Integer>> plan(Map<TopicPartition, List<Integer>> current, int leaving, List<Integer> live) {
        Map<Integer, Integer> load = new HashMap<>();
        live.stream().filter(b -> b != leaving).forEach(b -> load.put(b, 0));
        current.values().forEach(rs -> rs.forEach(r -> load.computeIfPresent(r, (k, v) -> v + 1)));
        List<TopicPartition> order = new ArrayList<>(current.keySet());
        order.sort(Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
        Map<TopicPartition, List<Integer>> moves = new LinkedHashMap<>();
        for (TopicPartition tp : order) {
            List<Integer> replicas = current.get(tp);
            int at = replicas.indexOf(leaving);
            if (at < 0) {
                continue;
            }
            Integer target = load.entrySet().stream()
                    .filter(e -> !replicas.contains(e.getKey()))
                    .min(Map.Entry.<Integer, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                    .map(Map.Entry::getKey).orElse(null);
            if (target == null) {
                throw new IllegalArgumentException("No broker can take " + tp + "'s replica from broker " + leaving
                        + ": every other live broker already holds it (replication factor " + replicas.size() + ")");
            }
            List<Integer> next = new ArrayList<>(replicas);
            next.set(at, target);
            load.merge(target, 1, Integer::sum);
            moves.put(tp, next);
        }
        return moves;
    }
}
