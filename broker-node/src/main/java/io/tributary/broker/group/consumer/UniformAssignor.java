package io.tributary.broker.group.consumer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.Uuid;

/**
 * {@code uniform} (the default): spreads the subscribed partitions as evenly as the subscriptions
 * allow while moving as few as possible. Members first keep what they had (when every member has
 * the same subscription, at most the ceiling of an even share), free partitions go to the least
 * loaded subscriber, and then partitions move from the most to the least loaded member that
 * subscribes to them until no two such members differ by more than one.
 */
public final class UniformAssignor implements PartitionAssignor {
    public static final String NAME = "uniform";

    private record TopicPartition(Uuid topic, int partition) {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Map<Uuid, Set<Integer>>> assign(AssignmentSpec spec) {
        Map<String, TreeSet<TopicPartition>> load = new TreeMap<>();
        spec.members().keySet().forEach(m -> load.put(m, new TreeSet<>(ORDER)));
        if (spec.members().isEmpty()) {
            return Map.of();
        }
        List<TopicPartition> all = new ArrayList<>();
        new TreeMap<>(spec.partitionCounts()).forEach((topic, count) -> {
            boolean subscribed = spec.members().values().stream().anyMatch(m -> m.subscribedTopics().contains(topic));
            for (int p = 0; subscribed && p < count; p++) {
                all.add(new TopicPartition(topic, p));
            }
        });
        boolean homogeneous = spec.members().values().stream().map(MemberSpec::subscribedTopics).distinct().count() == 1;
        int cap = homogeneous ? (all.size() + load.size() - 1) / load.size() : Integer.MAX_VALUE;

        Map<TopicPartition, String> owner = new HashMap<>();
        spec.members().forEach((id, m) -> m.currentTarget().forEach((topic, ps) -> ps.forEach(p -> {
            TopicPartition tp = new TopicPartition(topic, p);
            Integer count = spec.partitionCounts().get(topic);
            if (m.subscribedTopics().contains(topic) && count != null && p < count && !owner.containsKey(tp)
                    && load.get(id).size() < cap) {
                owner.put(tp, id);
                load.get(id).add(tp);
            }
        })));
        for (TopicPartition tp : all) {
            if (!owner.containsKey(tp)) {
                String least = leastLoaded(spec, load, tp.topic());
                owner.put(tp, least);
                load.get(least).add(tp);
            }
        }
        balance(spec, load);

        Map<String, Map<Uuid, Set<Integer>>> out = new TreeMap<>();
        load.forEach((m, tps) -> {
            Map<Uuid, List<Integer>> a = new HashMap<>();
            tps.forEach(tp -> a.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition()));
            out.put(m, Partitions.copyOf(a));
        });
        return out;
    }

    private static final Comparator<TopicPartition> ORDER =
            Comparator.comparing((TopicPartition tp) -> tp.topic().toString()).thenComparingInt(TopicPartition::partition);

    private static String leastLoaded(AssignmentSpec spec, Map<String, TreeSet<TopicPartition>> load, Uuid topic) {
        String best = null;
        for (Map.Entry<String, TreeSet<TopicPartition>> e : load.entrySet()) {
            if (spec.members().get(e.getKey()).subscribedTopics().contains(topic)
                    && (best == null || e.getValue().size() < load.get(best).size())) {
                best = e.getKey();
            }
        }
        return best;
    }

    /** Moves one partition at a time from a member to one holding at least two fewer that subscribes to it. */
    private static void balance(AssignmentSpec spec, Map<String, TreeSet<TopicPartition>> load) {
        int guard = 1 + load.values().stream().mapToInt(Set::size).sum() * load.size();
        boolean moved = true;
        while (moved && guard-- > 0) {
            moved = false;
            List<String> byLoad = new ArrayList<>(load.keySet());
            byLoad.sort(Comparator.comparingInt((String m) -> load.get(m).size()).thenComparing(m -> m));
            outer:
            for (int i = byLoad.size() - 1; i > 0; i--) {
                String from = byLoad.get(i);
                for (int j = 0; j < i; j++) {
                    String to = byLoad.get(j);
                    if (load.get(from).size() - load.get(to).size() <= 1) {
                        break;
                    }
                    Set<Uuid> wanted = spec.members().get(to).subscribedTopics();
                    for (TopicPartition tp : load.get(from).descendingSet()) {
                        if (wanted.contains(tp.topic())) {
                            load.get(from).remove(tp);
                            load.get(to).add(tp);
                            moved = true;
                            break outer;
                        }
                    }
                }
            }
        }
    }
}
