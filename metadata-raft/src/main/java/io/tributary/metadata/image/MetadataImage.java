package io.tributary.metadata.image;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.common.Uuid;
import org.pcollections.HashTreePMap;
import org.pcollections.PMap;

/**
 * The whole replicated metadata as of log index {@link #offset()} ({@code -1} before any entry).
 * Immutable and safe to share between threads: network threads read it without locks, and a new
 * image replaces it after each applied entry. Every node that applied the same entries holds an
 * equal image.
 *
 * @param nextProducerId first producer id of the next block to hand out
 * @param controllerTerm Raft term of the latest controller activation (-1 before any)
 */
public record MetadataImage(
        long offset,
        Map<Integer, BrokerRegistration> brokers,
        Map<Uuid, TopicImage> topicsById,
        Map<String, Uuid> topicIdsByName,
        Map<ConfigResourceKey, Map<String, String>> configs,
        long nextProducerId,
        Map<Integer, CoordinatorShard> coordinatorShards,
        Map<String, GroupImage> groups,
        Map<String, Map<PartitionKey, CommittedOffset>> committedOffsets,
        long controllerTerm) {

    public static final MetadataImage EMPTY = new MetadataImage(-1L, Map.of(), Map.of(), Map.of(), Map.of(), 0L,
            Map.of(), Map.of(), Map.of(), -1L);

    public MetadataImage {
        brokers = Map.copyOf(brokers);
        topicsById = Map.copyOf(topicsById);
        topicIdsByName = Map.copyOf(topicIdsByName);
        configs = Map.copyOf(configs);
        coordinatorShards = Map.copyOf(coordinatorShards);
        groups = persistent(groups);
        committedOffsets = persistent(committedOffsets);
    }

    /**
     * Groups and their offsets change with every offset commit and may number in the tens of
     * thousands: they are persistent maps, so the next image shares all but the changed entries
     * (a copy per entry made a commit cost O(groups), 1.3 ms with 10,000 groups).
     */
    static <K, V> PMap<K, V> persistent(Map<K, V> map) {
        if (map instanceof PMap<K, V> p) {
            return p;
        }
        map.forEach((k, v) -> Objects.requireNonNull(v, () -> "null value for " + k));
        return HashTreePMap.from(map);
    }

    /** The same state at a later offset (an entry that changed nothing, e.g. a rejected batch). */
    public MetadataImage withOffset(long newOffset) {
        return new MetadataImage(newOffset, brokers, topicsById, topicIdsByName, configs, nextProducerId,
                coordinatorShards, groups, committedOffsets, controllerTerm);
    }

    public BrokerRegistration broker(int brokerId) {
        return brokers.get(brokerId);
    }

    /** Registered, unfenced and not shutting down. */
    public boolean isBrokerActive(int brokerId) {
        BrokerRegistration b = brokers.get(brokerId);
        return b != null && b.isActive();
    }

    public Optional<TopicImage> topic(String name) {
        Uuid id = topicIdsByName.get(name);
        return id == null ? Optional.empty() : Optional.ofNullable(topicsById.get(id));
    }

    public Optional<TopicImage> topic(Uuid topicId) {
        return Optional.ofNullable(topicsById.get(topicId));
    }

    public PartitionRegistration partition(Uuid topicId, int partitionId) {
        TopicImage t = topicsById.get(topicId);
        return t == null ? null : t.partition(partitionId);
    }

    public Map<String, String> configs(ConfigResourceKey resource) {
        return configs.getOrDefault(resource, Map.of());
    }

    public Map<PartitionKey, CommittedOffset> offsets(String groupId) {
        return committedOffsets.getOrDefault(groupId, Map.of());
    }
}
