package io.tributary.metadata.controller;

import io.tributary.metadata.image.BrokerRegistration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Round-robin replica placement, rack-aware when brokers have {@code broker.rack}: brokers are
 * ordered by alternating racks (r1-b1, r2-b3, r1-b2, r2-b4, ...), so consecutive replicas of a
 * partition land on different racks whenever there are enough racks. Partition {@code p}'s replicas
 * start at position {@code start + p} and shift by one more for each full lap, spreading leaders and
 * followers evenly. Brokers without a rack form one rack of their own. Pure.
 */
final class ReplicaPlacer {

    private ReplicaPlacer() {
    }

    /** The usable brokers in placement order. */
    static List<Integer> rackAlternatingOrder(List<BrokerRegistration> brokers) {
        Map<String, List<Integer>> byRack = new TreeMap<>();
        for (BrokerRegistration b : brokers) {
            byRack.computeIfAbsent(b.rack() == null ? "" : b.rack(), r -> new ArrayList<>()).add(b.id());
        }
        byRack.values().forEach(l -> l.sort(Integer::compare));
        List<Integer> order = new ArrayList<>();
        for (int i = 0; order.size() < brokers.size(); i++) {
            for (List<Integer> rack : byRack.values()) {
                if (i < rack.size()) {
                    order.add(rack.get(i));
                }
            }
        }
        return order;
    }

    /**
     * Places {@code partitions} partitions of {@code replicationFactor} replicas, numbered from
     * {@code firstPartition}, on {@code order} (which must hold at least replicationFactor brokers).
     * Each follower is the next broker in order, after a per-lap shift, whose rack the partition does
     * not use yet; once every rack is used, any broker not chosen yet.
     */
    static List<List<Integer>> place(List<Integer> order, Map<Integer, String> racks, int firstPartition,
                                     int partitions, int replicationFactor, int start) {
        int n = order.size();
        long rackCount = order.stream().map(b -> racks.getOrDefault(b, "")).distinct().count();
        List<List<Integer>> result = new ArrayList<>(partitions);
        for (int i = 0; i < partitions; i++) {
            int p = firstPartition + i;
            int first = Math.floorMod(start + p, n);
            // Followers shift with each lap so a broker's followers are not always the same brokers.
            int shift = n > 1 ? 1 + Math.floorMod((start + p) / n, n - 1) : 0;
            List<Integer> replicas = new ArrayList<>(replicationFactor);
            java.util.Set<String> usedRacks = new java.util.HashSet<>();
            replicas.add(order.get(first));
            usedRacks.add(racks.getOrDefault(order.get(first), ""));
            for (int j = 1; j < replicationFactor; j++) {
                boolean needNewRack = usedRacks.size() < rackCount;
                int chosen = -1;
                for (int k = 0; k < n && chosen < 0; k++) {
                    int candidate = order.get(Math.floorMod(first + shift + k, n));
                    if (!replicas.contains(candidate)
                            && (!needNewRack || !usedRacks.contains(racks.getOrDefault(candidate, "")))) {
                        chosen = candidate;
                    }
                }
                replicas.add(chosen);
                usedRacks.add(racks.getOrDefault(chosen, ""));
            }
            result.add(List.copyOf(replicas));
        }
        return result;
    }
}
