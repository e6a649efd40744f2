package io.tributary.metadata.image;

import io.tributary.metadata.record.BrokerRegistrationChangeRecord;
import io.tributary.metadata.record.ConfigRecord;
import io.tributary.metadata.record.ConfigResourceType;
import io.tributary.metadata.record.ControllerActivationRecord;
import io.tributary.metadata.record.CoordinatorShardRecord;
import io.tributary.metadata.record.ConsumerGroupRecord;
import io.tributary.metadata.record.GroupRecord;
import io.tributary.metadata.record.GroupTombstoneRecord;
import io.tributary.metadata.record.MetadataRecord;
import io.tributary.metadata.record.OffsetCommitRecord;
import io.tributary.metadata.record.OffsetDeleteRecord;
import io.tributary.metadata.record.PartitionChangeRecord;
import io.tributary.metadata.record.PartitionRecord;
import io.tributary.metadata.record.ProducerIdsRecord;
import io.tributary.metadata.record.RegisterBrokerRecord;
import io.tributary.metadata.record.RemoveTopicRecord;
import io.tributary.metadata.record.TopicRecord;
import io.tributary.metadata.record.UnregisterBrokerRecord;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.Uuid;
import org.pcollections.PMap;

/**
 * The changes of one log entry on top of a base image: {@link #replay} records into it, then
 * {@link #apply} builds the next image. Listeners receive it to learn what changed without diffing
 * whole images. Confined to the apply thread while being built; treat it as read-only once handed
 * to listeners.
 */
public final class MetadataDelta {

    private final MetadataImage base;
    private final long offset;
    private final boolean fullReload;
    /** Changed brokers; a null value means unregistered. */
    private final Map<Integer, BrokerRegistration> brokers = new LinkedHashMap<>();
    /** Changed topics; a null value means deleted. */
    private final Map<Uuid, TopicImage> topics = new LinkedHashMap<>();
    /** Working partition maps of topics changed here (copied once per topic per delta, not per record). */
    private final Map<Uuid, Map<Integer, PartitionRegistration>> partitionsOf = new HashMap<>();
    private final Set<PartitionKey> changedPartitions = new HashSet<>();
    private final Map<ConfigResourceKey, Map<String, String>> configs = new LinkedHashMap<>();
    private Long nextProducerId;
    private Long controllerTerm;
    private final Map<Integer, CoordinatorShard> shards = new LinkedHashMap<>();
    /** Changed groups; a null value means deleted. */
    private final Map<String, GroupImage> groups = new LinkedHashMap<>();
    /** Groups whose offsets changed, with their full new offset map. */
    private final Map<String, Map<PartitionKey, CommittedOffset>> offsets = new LinkedHashMap<>();
    /**
     * Groups whose map in {@link #offsets} is this delta's own working copy: a commit of N partitions
     * copies the group's offsets once, not once per partition. Sealed (read-only) by {@link #apply}.
     */
    private final Set<String> offsetsCopied = new HashSet<>();

    /** Starts a delta for the entry at {@code offset}. */
    public MetadataDelta(MetadataImage base, long offset) {
        this(base, offset, false);
    }

    private MetadataDelta(MetadataImage base, long offset, boolean fullReload) {
        this.base = base;
        this.offset = offset;
        this.fullReload = fullReload;
    }

    /** The delta published when a snapshot replaced the whole state: everything may have changed. */
    public static MetadataDelta fullReload(MetadataImage oldImage, MetadataImage newImage) {
        MetadataDelta d = new MetadataDelta(oldImage, newImage.offset(), true);
        for (Integer id : union(oldImage.brokers().keySet(), newImage.brokers().keySet())) {
            d.brokers.put(id, newImage.broker(id));
        }
        for (Uuid id : union(oldImage.topicsById().keySet(), newImage.topicsById().keySet())) {
            TopicImage t = newImage.topicsById().get(id);
            d.topics.put(id, t);
            if (t != null) {
                t.partitions().keySet().forEach(p -> d.changedPartitions.add(new PartitionKey(id, p)));
            }
        }
        for (ConfigResourceKey k : union(oldImage.configs().keySet(), newImage.configs().keySet())) {
            d.configs.put(k, newImage.configs(k));
        }
        d.nextProducerId = newImage.nextProducerId();
        d.shards.putAll(newImage.coordinatorShards());
        for (String g : union(oldImage.groups().keySet(), newImage.groups().keySet())) {
            d.groups.put(g, newImage.groups().get(g));
        }
        for (String g : union(oldImage.committedOffsets().keySet(), newImage.committedOffsets().keySet())) {
            d.offsets.put(g, newImage.offsets(g));
        }
        return d;
    }

    private static <T> Set<T> union(Set<T> a, Set<T> b) {
        Set<T> s = new HashSet<>(a);
        s.addAll(b);
        return s;
    }

    /** Applies one record to this delta. */
    public void replay(MetadataRecord record) {
        if (record instanceof RegisterBrokerRecord r) {
            brokers.put(r.brokerId(), new BrokerRegistration(r.brokerId(),
                r.incarnationId(), r.brokerEpoch(), r.endpoints(), r.rack(), r.fenced(),
                r.inControlledShutdown(), offset));
        } else if (record instanceof BrokerRegistrationChangeRecord r) {
            BrokerRegistration b = broker(r.brokerId());
            if (b == null || b.epoch() != r.brokerEpoch()) {
                throw new InvalidRecordException("no broker " + r.brokerId() + " with epoch " + r.brokerEpoch());
            }
            brokers.put(b.id(), new BrokerRegistration(b.id(), b.incarnationId(), b.epoch(), b.endpoints(),
                    b.rack(), r.fenced() == null ? b.fenced() : r.fenced(),
                    r.inControlledShutdown() == null ? b.inControlledShutdown() : r.inControlledShutdown(),
                    b.registeredOffset()));
        } else if (record instanceof UnregisterBrokerRecord r) {
            BrokerRegistration b = broker(r.brokerId());
            if (b == null || b.epoch() != r.brokerEpoch()) {
                throw new InvalidRecordException("no broker " + r.brokerId() + " with epoch " + r.brokerEpoch());
            }
            brokers.put(r.brokerId(), null);
        } else if (record instanceof TopicRecord r) {
            if (topicIdByName(r.name()) != null || topic(r.topicId()) != null) {
                throw new InvalidRecordException("topic " + r.name() + " or id " + r.topicId() + " exists");
            }
            topics.put(r.topicId(), new TopicImage(r.name(), r.topicId(), Map.of()));
            partitionsOf.put(r.topicId(), new HashMap<>());
        } else if (record instanceof PartitionRecord r) {
            TopicImage t = requireTopic(r.topicId());
            putPartition(t, r.partitionId(), PartitionRegistration.from(r));
        } else if (record instanceof PartitionChangeRecord r) {
            TopicImage t = requireTopic(r.topicId());
            PartitionRegistration p = workingPartitions(t).get(r.partitionId());
            if (p == null) {
                throw new InvalidRecordException("no partition " + r.topicId() + "-" + r.partitionId());
            }
            putPartition(t, r.partitionId(), p.merge(r));
        } else if (record instanceof RemoveTopicRecord r) {
            TopicImage t = requireTopic(r.topicId());
            topics.put(r.topicId(), null);
            partitionsOf.remove(r.topicId());
            changedPartitions.removeIf(k -> k.topicId().equals(r.topicId()));
            ConfigResourceKey key = new ConfigResourceKey(ConfigResourceType.TOPIC, t.name());
            if (!config(key).isEmpty()) {
                configs.put(key, Map.of());
            }
            // Committed offsets of a deleted topic go with it, as Kafka's group coordinator does.
            Set<String> groupsWithOffsets = new HashSet<>(base.committedOffsets().keySet());
            groupsWithOffsets.addAll(offsets.keySet());
            for (String groupId : groupsWithOffsets) {
                Map<PartitionKey, CommittedOffset> current = offsets(groupId);
                if (current.keySet().stream().anyMatch(k -> k.topicId().equals(r.topicId()))) {
                    offsetsToChange(groupId).keySet().removeIf(k -> k.topicId().equals(r.topicId()));
                }
            }
        } else if (record instanceof ConfigRecord r) {
            ConfigResourceKey key = new ConfigResourceKey(r.resourceType(), r.resourceName());
            Map<String, String> updated = new HashMap<>(config(key));
            if (r.value() == null) {
                updated.remove(r.name());
            } else {
                updated.put(r.name(), r.value());
            }
            configs.put(key, Collections.unmodifiableMap(updated));
        } else if (record instanceof ProducerIdsRecord r) {
            nextProducerId = r.nextProducerId();
        } else if (record instanceof CoordinatorShardRecord r) {
            shards.put(r.shardId(), new CoordinatorShard(r.shardId(), r.leader(), r.epoch()));
        } else if (record instanceof GroupRecord r) {
            groups.put(r.groupId(), new GroupImage(r.groupId(), r.protocolType(), r.protocol(),
                r.generation(), r.leader(), r.members()));
        } else if (record instanceof ConsumerGroupRecord r) {
            groups.put(r.groupId(), GroupImage.of(r));
        } else if (record instanceof GroupTombstoneRecord r) {
            groups.put(r.groupId(), null);
            offsets.put(r.groupId(), Map.of());
            offsetsCopied.remove(r.groupId());
        } else if (record instanceof OffsetCommitRecord r) {
            offsetsToChange(r.groupId()).put(new PartitionKey(r.topicId(), r.partition()),
                    new CommittedOffset(r.offset(), r.leaderEpoch(), r.metadata(), r.commitTimestampMs()));
        } else if (record instanceof OffsetDeleteRecord r) {
            offsetsToChange(r.groupId()).remove(new PartitionKey(r.topicId(), r.partition()));
        } else if (record instanceof ControllerActivationRecord r) {
            // Monotonic: a late activation of an older controller cannot un-fence it.
            long current = controllerTerm != null ? controllerTerm : base.controllerTerm();
            controllerTerm = Math.max(current, r.term());
        } else {
            throw new InvalidRecordException("unsupported record " + record);
        }
    }

    private BrokerRegistration broker(int id) {
        return brokers.containsKey(id) ? brokers.get(id) : base.broker(id);
    }

    private TopicImage topic(Uuid id) {
        return topics.containsKey(id) ? topics.get(id) : base.topicsById().get(id);
    }

    private Uuid topicIdByName(String name) {
        for (TopicImage t : topics.values()) {
            if (t != null && t.name().equals(name)) {
                return t.id();
            }
        }
        Uuid id = base.topicIdsByName().get(name);
        return id != null && topics.containsKey(id) && topics.get(id) == null ? null : id;
    }

    private TopicImage requireTopic(Uuid id) {
        TopicImage t = topic(id);
        if (t == null) {
            throw new InvalidRecordException("no topic with id " + id);
        }
        return t;
    }

    private Map<Integer, PartitionRegistration> workingPartitions(TopicImage t) {
        return partitionsOf.computeIfAbsent(t.id(), id -> new HashMap<>(t.partitions()));
    }

    private void putPartition(TopicImage t, int partitionId, PartitionRegistration p) {
        workingPartitions(t).put(partitionId, p);
        if (!topics.containsKey(t.id())) {
            // Marks the topic changed; its partitions are filled in from the working map by apply().
            topics.put(t.id(), t);
        }
        changedPartitions.add(new PartitionKey(t.id(), partitionId));
    }

    /** Brings changed topics' images up to date with their working partition maps. */
    private void sealTopics() {
        for (Map.Entry<Uuid, Map<Integer, PartitionRegistration>> e : partitionsOf.entrySet()) {
            TopicImage t = topics.get(e.getKey());
            if (t != null && !t.partitions().equals(e.getValue())) {
                topics.put(t.id(), new TopicImage(t.name(), t.id(), e.getValue()));
            }
        }
        partitionsOf.clear();
    }

    private Map<String, String> config(ConfigResourceKey key) {
        return configs.containsKey(key) ? configs.get(key) : base.configs(key);
    }

    private Map<PartitionKey, CommittedOffset> offsets(String groupId) {
        return offsets.containsKey(groupId) ? offsets.get(groupId) : base.offsets(groupId);
    }

    /** The group's offsets as this delta's own mutable copy, made on the group's first change here. */
    private Map<PartitionKey, CommittedOffset> offsetsToChange(String groupId) {
        if (offsetsCopied.add(groupId)) {
            offsets.put(groupId, new HashMap<>(offsets(groupId)));
        }
        return offsets.get(groupId);
    }

    /** Builds the image that results from the base plus this delta. */
    public MetadataImage apply() {
        sealTopics();
        Map<Integer, BrokerRegistration> newBrokers = base.brokers();
        if (!brokers.isEmpty()) {
            newBrokers = new HashMap<>(base.brokers());
            for (Map.Entry<Integer, BrokerRegistration> e : brokers.entrySet()) {
                putOrRemove(newBrokers, e.getKey(), e.getValue());
            }
        }
        Map<Uuid, TopicImage> newTopics = base.topicsById();
        Map<String, Uuid> newNames = base.topicIdsByName();
        if (!topics.isEmpty()) {
            newTopics = new HashMap<>(base.topicsById());
            newNames = new HashMap<>(base.topicIdsByName());
            for (Map.Entry<Uuid, TopicImage> e : topics.entrySet()) {
                TopicImage old = base.topicsById().get(e.getKey());
                if (old != null) {
                    newNames.remove(old.name());
                }
                putOrRemove(newTopics, e.getKey(), e.getValue());
            }
            for (TopicImage t : topics.values()) {
                if (t != null) {
                    newNames.put(t.name(), t.id());
                }
            }
        }
        Map<ConfigResourceKey, Map<String, String>> newConfigs = base.configs();
        if (!configs.isEmpty()) {
            newConfigs = new HashMap<>(base.configs());
            for (Map.Entry<ConfigResourceKey, Map<String, String>> e : configs.entrySet()) {
                putOrRemove(newConfigs, e.getKey(), e.getValue().isEmpty() ? null : e.getValue());
            }
        }
        Map<Integer, CoordinatorShard> newShards = base.coordinatorShards();
        if (!shards.isEmpty()) {
            newShards = new HashMap<>(base.coordinatorShards());
            newShards.putAll(shards);
        }
        PMap<String, GroupImage> newGroups = MetadataImage.persistent(base.groups());
        for (Map.Entry<String, GroupImage> e : groups.entrySet()) {
            newGroups = e.getValue() == null ? newGroups.minus(e.getKey()) : newGroups.plus(e.getKey(), e.getValue());
        }
        PMap<String, Map<PartitionKey, CommittedOffset>> newOffsets = MetadataImage.persistent(base.committedOffsets());
        for (Map.Entry<String, Map<PartitionKey, CommittedOffset>> e : offsets.entrySet()) {
            if (offsetsCopied.remove(e.getKey())) {
                e.setValue(Collections.unmodifiableMap(e.getValue())); // no change after this
            }
            newOffsets = e.getValue().isEmpty() ? newOffsets.minus(e.getKey()) : newOffsets.plus(e.getKey(), e.getValue());
        }
        return new MetadataImage(offset, newBrokers, newTopics, newNames, newConfigs,
                nextProducerId == null ? base.nextProducerId() : nextProducerId, newShards, newGroups, newOffsets,
                controllerTerm == null ? base.controllerTerm() : controllerTerm);
    }

    private static <K, V> void putOrRemove(Map<K, V> map, K key, V value) {
        if (value == null) {
            map.remove(key);
        } else {
            map.put(key, value);
        }
    }

    // ---- What changed, for listeners ----

    /** True when a snapshot replaced the state; then every entity of either image is listed as changed. */
    public boolean isFullReload() {
        return fullReload;
    }

    public long offset() {
        return offset;
    }

    /** Brokers registered, changed or (value null) unregistered. */
    public Map<Integer, BrokerRegistration> changedBrokers() {
        return Collections.unmodifiableMap(brokers);
    }

    /** Topics created or changed, and (value null) deleted. */
    public Map<Uuid, TopicImage> changedTopics() {
        return Collections.unmodifiableMap(topics);
    }

    /** Topics deleted by this entry. */
    public Set<Uuid> deletedTopicIds() {
        Set<Uuid> deleted = new HashSet<>();
        topics.forEach((id, t) -> {
            if (t == null) {
                deleted.add(id);
            }
        });
        return deleted;
    }

    /** Partitions created or changed (not those of deleted topics). */
    public Set<PartitionKey> changedPartitions() {
        return Collections.unmodifiableSet(changedPartitions);
    }

    public Map<ConfigResourceKey, Map<String, String>> changedConfigs() {
        return Collections.unmodifiableMap(configs);
    }

    public Map<Integer, CoordinatorShard> changedCoordinatorShards() {
        return Collections.unmodifiableMap(shards);
    }

    /** Groups written or (value null) deleted. */
    public Map<String, GroupImage> changedGroups() {
        return Collections.unmodifiableMap(groups);
    }

    /** Groups whose committed offsets changed. */
    public Set<String> groupsWithChangedOffsets() {
        return Collections.unmodifiableSet(offsets.keySet());
    }

    public boolean isEmpty() {
        return brokers.isEmpty() && topics.isEmpty() && configs.isEmpty() && nextProducerId == null
                && controllerTerm == null
                && shards.isEmpty() && groups.isEmpty() && offsets.isEmpty();
    }
}
