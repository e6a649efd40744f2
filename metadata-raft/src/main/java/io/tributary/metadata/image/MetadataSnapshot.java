package io.tributary.metadata.image;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.metadata.record.ConfigResourceType;
import io.tributary.metadata.record.ConsumerGroupRecord;
import io.tributary.metadata.record.MetadataJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.Uuid;

/**
 * Snapshot format: the whole image as one JSON document,
 * {@code {"v":1,"offset":N,"brokers":[...],"topics":[...],"configs":[...],"nextProducerId":N,
 * "coordinatorShards":[...],"groups":[...],"offsets":[...],"controllerTerm":N,"consumerGroups":[...]}} (classic
 * groups in "groups", KIP-848 groups as their records in "consumerGroups"), every list sorted so the same image
 * always encodes to the same bytes. Unknown fields are ignored (as for log entries). A snapshot is
 * written to a temporary file by the quorum and only then made visible, so a torn snapshot is never
 * loaded. Stateless and thread-safe.
 */
public final class MetadataSnapshot {

    public static final int VERSION = 1;

    private MetadataSnapshot() {
    }

    record TopicEntry(String name, Uuid id, Map<Integer, PartitionRegistration> partitions) {
    }

    record ConfigEntry(ConfigResourceType type, String name, Map<String, String> configs) {
    }

    record OffsetEntry(String groupId, Uuid topicId, int partition, CommittedOffset committed) {
    }

    record Document(int v, long offset, List<BrokerRegistration> brokers, List<TopicEntry> topics,
                    List<ConfigEntry> configs, long nextProducerId, List<CoordinatorShard> coordinatorShards,
                    List<GroupImage> groups, List<OffsetEntry> offsets, Long controllerTerm,
                    List<ConsumerGroupRecord> consumerGroups) {
    }

    public static void write(MetadataImage image, OutputStream out) throws IOException {
        List<BrokerRegistration> brokers = new ArrayList<>(image.brokers().values());
        brokers.sort(Comparator.comparingInt(BrokerRegistration::id));
        List<TopicEntry> topics = new ArrayList<>();
        image.topicsById().values().forEach(t -> topics.add(new TopicEntry(t.name(), t.id(), t.partitions())));
        topics.sort(Comparator.comparing(TopicEntry::name));
        List<ConfigEntry> configs = new ArrayList<>();
        image.configs().forEach((k, v) -> configs.add(new ConfigEntry(k.type(), k.name(), v)));
        configs.sort(Comparator.comparing((ConfigEntry c) -> c.type()).thenComparing(ConfigEntry::name));
        List<CoordinatorShard> shards = new ArrayList<>(image.coordinatorShards().values());
        shards.sort(Comparator.comparingInt(CoordinatorShard::shardId));
        List<GroupImage> groups = new ArrayList<>();
        List<ConsumerGroupRecord> consumerGroups = new ArrayList<>();
        image.groups().values().forEach(g -> {
            if (g.isConsumerGroup()) {
                consumerGroups.add(g.consumerGroup());
            } else {
                groups.add(g);
            }
        });
        groups.sort(Comparator.comparing(GroupImage::groupId));
        consumerGroups.sort(Comparator.comparing(ConsumerGroupRecord::groupId));
        List<OffsetEntry> offsets = new ArrayList<>();
        image.committedOffsets().forEach((g, m) -> m.forEach((k, c) ->
                offsets.add(new OffsetEntry(g, k.topicId(), k.partitionId(), c))));
        offsets.sort(Comparator.comparing(OffsetEntry::groupId).thenComparing(o -> o.topicId().toString())
                .thenComparingInt(OffsetEntry::partition));
        Document doc = new Document(VERSION, image.offset(), brokers, topics, configs, image.nextProducerId(),
                shards, groups, offsets, image.controllerTerm(), consumerGroups);
        MetadataJson.mapper().writeValue(new NonClosingOutputStream(out), doc);
    }

    public static MetadataImage read(InputStream in) throws IOException {
        JsonNode tree = MetadataJson.mapper().readTree(in.readAllBytes());
        int v = tree == null ? -1 : tree.path("v").asInt(-1);
        if (v < 1 || v > VERSION) {
            throw new IOException("unsupported metadata snapshot version " + v + " (this node reads 1.." + VERSION + ")");
        }
        Document doc = MetadataJson.mapper().treeToValue(tree, Document.class);
        Map<Integer, BrokerRegistration> brokers = new HashMap<>();
        nullToEmpty(doc.brokers()).forEach(b -> brokers.put(b.id(), b));
        Map<Uuid, TopicImage> topics = new HashMap<>();
        Map<String, Uuid> names = new HashMap<>();
        for (TopicEntry t : nullToEmpty(doc.topics())) {
            topics.put(t.id(), new TopicImage(t.name(), t.id(), t.partitions() == null ? Map.of() : t.partitions()));
            names.put(t.name(), t.id());
        }
        Map<ConfigResourceKey, Map<String, String>> configs = new HashMap<>();
        nullToEmpty(doc.configs()).forEach(c -> configs.put(new ConfigResourceKey(c.type(), c.name()), Map.copyOf(c.configs())));
        Map<Integer, CoordinatorShard> shards = new HashMap<>();
        nullToEmpty(doc.coordinatorShards()).forEach(s -> shards.put(s.shardId(), s));
        Map<String, GroupImage> groups = new HashMap<>();
        nullToEmpty(doc.groups()).forEach(g -> groups.put(g.groupId(), g));
        nullToEmpty(doc.consumerGroups()).forEach(g -> groups.put(g.groupId(), GroupImage.of(g)));
        Map<String, Map<PartitionKey, CommittedOffset>> offsets = new HashMap<>();
        for (OffsetEntry o : nullToEmpty(doc.offsets())) {
            offsets.computeIfAbsent(o.groupId(), g -> new HashMap<>()).put(new PartitionKey(o.topicId(), o.partition()), o.committed());
        }
        offsets.replaceAll((g, m) -> Map.copyOf(m));
        return new MetadataImage(doc.offset(), brokers, topics, names, configs, doc.nextProducerId(), shards, groups, offsets,
                doc.controllerTerm() == null ? -1L : doc.controllerTerm());
    }

    private static <T> List<T> nullToEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    /** Jackson closes the stream it writes to; the quorum owns the stream, so shield it. */
    private static final class NonClosingOutputStream extends java.io.FilterOutputStream {
        NonClosingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
