package io.tributary.broker.group.consumer;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.Uuid;

/** Topics held in memory, for driving consumer groups in tests. */
final class FakeTopics implements TopicLookup {
    private final Map<String, TopicMeta> byName = new LinkedHashMap<>();

    FakeTopics add(String name, int partitions) {
        Uuid id = byName.containsKey(name) ? byName.get(name).id() : new Uuid(0, byName.size() + 1);
        byName.put(name, new TopicMeta(name, id, partitions));
        return this;
    }

    Uuid id(String name) {
        return byName.get(name).id();
    }

    @Override
    public TopicMeta byName(String name) {
        return byName.get(name);
    }

    @Override
    public TopicMeta byId(Uuid id) {
        return byName.values().stream().filter(t -> t.id().equals(id)).findFirst().orElse(null);
    }

    @Override
    public Collection<String> names() {
        return byName.keySet();
    }
}
