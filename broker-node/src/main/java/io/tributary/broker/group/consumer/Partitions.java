package io.tributary.broker.group.consumer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;

/**
 * Sets of partitions keyed by topic id, as KIP-848 assignments are: immutable maps of immutable
 * sorted sets, with no empty set in them, so two equal sets are equal maps.
 */
public final class Partitions {
    public static final Map<Uuid, Set<Integer>> NONE = Map.of();

    private Partitions() {
    }

    /** An immutable copy without empty topics. */
    public static Map<Uuid, Set<Integer>> copyOf(Map<Uuid, ? extends Iterable<Integer>> partitions) {
        if (partitions == null || partitions.isEmpty()) {
            return NONE;
        }
        Map<Uuid, Set<Integer>> copy = new HashMap<>();
        partitions.forEach((topic, ps) -> {
            TreeSet<Integer> set = new TreeSet<>();
            ps.forEach(set::add);
            if (!set.isEmpty()) {
                copy.put(topic, Collections.unmodifiableSet(set));
            }
        });
        return Map.copyOf(copy);
    }

    public static int size(Map<Uuid, Set<Integer>> partitions) {
        return partitions.values().stream().mapToInt(Set::size).sum();
    }

    public static boolean contains(Map<Uuid, Set<Integer>> partitions, Uuid topic, int partition) {
        Set<Integer> ps = partitions.get(topic);
        return ps != null && ps.contains(partition);
    }

    /** {@code a} ∩ {@code b}. */
    public static Map<Uuid, Set<Integer>> intersect(Map<Uuid, Set<Integer>> a, Map<Uuid, Set<Integer>> b) {
        Map<Uuid, List<Integer>> out = new HashMap<>();
        a.forEach((topic, ps) -> ps.forEach(p -> {
            if (contains(b, topic, p)) {
                out.computeIfAbsent(topic, t -> new ArrayList<>()).add(p);
            }
        }));
        return copyOf(out);
    }

    /** {@code a} − {@code b}. */
    public static Map<Uuid, Set<Integer>> minus(Map<Uuid, Set<Integer>> a, Map<Uuid, Set<Integer>> b) {
        Map<Uuid, List<Integer>> out = new HashMap<>();
        a.forEach((topic, ps) -> ps.forEach(p -> {
            if (!contains(b, topic, p)) {
                out.computeIfAbsent(topic, t -> new ArrayList<>()).add(p);
            }
        }));
        return copyOf(out);
    }

    /** {@code a} ∪ {@code b}. */
    public static Map<Uuid, Set<Integer>> union(Map<Uuid, Set<Integer>> a, Map<Uuid, Set<Integer>> b) {
        Map<Uuid, List<Integer>> out = new HashMap<>();
        a.forEach((topic, ps) -> out.computeIfAbsent(topic, t -> new ArrayList<>()).addAll(ps));
        b.forEach((topic, ps) -> out.computeIfAbsent(topic, t -> new ArrayList<>()).addAll(ps));
        return copyOf(out);
    }

    public static boolean intersects(Map<Uuid, Set<Integer>> a, Map<Uuid, Set<Integer>> b) {
        return !intersect(a, b).isEmpty();
    }

    /** The owned partitions a heartbeat reports; null stays null (unchanged since the last heartbeat). */
    public static Map<Uuid, Set<Integer>> fromRequest(List<ConsumerGroupHeartbeatRequestData.TopicPartitions> owned) {
        if (owned == null) {
            return null;
        }
        Map<Uuid, List<Integer>> out = new HashMap<>();
        owned.forEach(tp -> out.computeIfAbsent(tp.topicId(), t -> new ArrayList<>()).addAll(tp.partitions()));
        return copyOf(out);
    }

    public static List<ConsumerGroupHeartbeatResponseData.TopicPartitions> toResponse(Map<Uuid, Set<Integer>> partitions) {
        List<ConsumerGroupHeartbeatResponseData.TopicPartitions> out = new ArrayList<>();
        new TreeMap<>(partitions).forEach((topic, ps) -> out.add(new ConsumerGroupHeartbeatResponseData.TopicPartitions()
                .setTopicId(topic).setPartitions(new ArrayList<>(ps))));
        return out;
    }

    /** As persisted: topic id → sorted partition list. */
    public static Map<Uuid, List<Integer>> toRecord(Map<Uuid, Set<Integer>> partitions) {
        Map<Uuid, List<Integer>> out = new HashMap<>();
        partitions.forEach((topic, ps) -> out.put(topic, List.copyOf(ps)));
        return out;
    }
}
