package io.tributary.broker.group.consumer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.Uuid;

/**
 * {@code range}: for each topic, its subscribers in member-id order get contiguous ranges of its
 * partitions, the first {@code partitions % subscribers} one more than the others; so members
 * subscribed to co-partitioned topics get the same partition numbers of each.
 */
public final class RangeAssignor implements PartitionAssignor {
    public static final String NAME = "range";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Map<Uuid, Set<Integer>>> assign(AssignmentSpec spec) {
        Map<String, Map<Uuid, List<Integer>>> out = new TreeMap<>();
        spec.members().keySet().forEach(m -> out.put(m, new HashMap<>()));
        new TreeMap<>(spec.partitionCounts()).forEach((topic, count) -> {
            List<String> subscribers = new ArrayList<>();
            spec.members().forEach((id, m) -> {
                if (m.subscribedTopics().contains(topic)) {
                    subscribers.add(id);
                }
            });
            if (subscribers.isEmpty()) {
                return;
            }
            int base = count / subscribers.size();
            int extra = count % subscribers.size();
            int next = 0;
            for (int i = 0; i < subscribers.size(); i++) {
                int n = base + (i < extra ? 1 : 0);
                List<Integer> range = out.get(subscribers.get(i)).computeIfAbsent(topic, t -> new ArrayList<>());
                for (int p = next; p < next + n; p++) {
                    range.add(p);
                }
                next += n;
            }
        });
        Map<String, Map<Uuid, Set<Integer>>> result = new TreeMap<>();
        out.forEach((m, a) -> result.put(m, Partitions.copyOf(a)));
        return result;
    }
}
