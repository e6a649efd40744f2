package io.tributary.metadata.controller;

import io.tributary.metadata.image.BrokerRegistration;
import io.tributary.metadata.image.CoordinatorShard;
import io.tributary.metadata.image.MetadataImage;
import io.tributary.metadata.image.PartitionRegistration;
import io.tributary.metadata.image.TopicImage;
import io.tributary.metadata.record.ConfigResourceType;
import io.tributary.metadata.record.CoordinatorShardRecord;
import io.tributary.metadata.record.Precondition;
import io.tributary.metadata.image.ConfigResourceKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntPredicate;

/**
 * Moves partition and coordinator-shard leadership when brokers leave (fenced, controlled shutdown,
 * re-registered) or become live, and balances leaders back to their preferred replica. Pure: reads an
 * image, appends to a {@link BatchBuilder}. Iterates topics in name order so that the same image gives
 * the same records (seeded simulations replay exactly).
 */
final class LeadershipPlanner {

    private final ControllerConfig config;

    LeadershipPlanner(ControllerConfig config) {
        this.config = config;
    }

    /** Effective {@code unclean.leader.election.enable}: the topic's override, else the cluster's. */
    boolean uncleanEnabled(MetadataImage image, String topic) {
        String override = image.configs(new ConfigResourceKey(ConfigResourceType.TOPIC, topic))
                .get(ControllerConfig.UNCLEAN_LEADER_ELECTION_ENABLE);
        return override == null ? config.uncleanLeaderElectionEnable() : Boolean.parseBoolean(override);
    }

    static List<TopicImage> topicsInOrder(MetadataImage image) {
        List<TopicImage> topics = new ArrayList<>(image.topicsById().values());
        topics.sort(Comparator.comparing(TopicImage::name));
        return topics;
    }

    /**
     * For every partition that {@code leaving} brokers lead or are in the ISR of, and every
     * leaderless partition: drop the leaving brokers from the ISR (never emptying it) and elect a
     * leader among brokers {@code liveAfter} the change.
     */
    void planPartitions(MetadataImage image, IntPredicate leaving, IntPredicate liveAfter, BatchBuilder out) {
        for (TopicImage t : topicsInOrder(image)) {
            ElectionMode mode = uncleanEnabled(image, t.name()) ? ElectionMode.UNCLEAN : ElectionMode.ONLINE;
            for (Map.Entry<Integer, PartitionRegistration> e : t.partitions().entrySet()) {
                PartitionRegistration p = e.getValue();
                boolean touched = p.leader() < 0 || leaving.test(p.leader()) || p.isr().stream().anyMatch(leaving::test);
                if (!touched) {
                    continue;
                }
                PartitionChangeBuilder.build(t.id(), e.getKey(), p, PartitionChangeBuilder.without(p.isr(), leaving),
                        mode, liveAfter).ifPresent(change -> out
                        .require(new Precondition.PartitionEpochIs(t.id(), e.getKey(), p.partitionEpoch()))
                        .add(change));
            }
        }
    }

    /** Preferred-replica election for every partition whose preferred replica is live, in the ISR and not leading. */
    void planPreferredLeaders(MetadataImage image, BatchBuilder out) {
        for (TopicImage t : topicsInOrder(image)) {
            for (Map.Entry<Integer, PartitionRegistration> e : t.partitions().entrySet()) {
                PartitionRegistration p = e.getValue();
                int preferred = p.preferredLeader();
                if (p.leader() != preferred && p.isr().contains(preferred) && image.isBrokerActive(preferred)) {
                    PartitionChangeBuilder.build(t.id(), e.getKey(), p, null, ElectionMode.PREFERRED, image::isBrokerActive)
                            .ifPresent(change -> out
                                    .require(new Precondition.PartitionEpochIs(t.id(), e.getKey(), p.partitionEpoch()))
                                    .add(change));
                }
            }
        }
    }

    /**
     * Gives every coordinator shard without a live leader a new one: the live broker leading the
     * fewest shards (lowest id on ties), with the shard's epoch bumped. Shards whose leader is live
     * stay put so that groups do not move needlessly. With no live broker, leaders become -1.
     */
    void planShards(MetadataImage image, IntPredicate liveAfter, BatchBuilder out) {
        Map<Integer, Integer> load = new TreeMap<>();
        for (BrokerRegistration b : image.brokers().values()) {
            if (liveAfter.test(b.id())) {
                load.put(b.id(), 0);
            }
        }
        for (CoordinatorShard s : image.coordinatorShards().values()) {
            if (s.leader() >= 0 && load.containsKey(s.leader())) {
                load.merge(s.leader(), 1, Integer::sum);
            }
        }
        for (int shard = 0; shard < config.offsetsTopicNumPartitions(); shard++) {
            CoordinatorShard s = image.coordinatorShards().get(shard);
            if (s != null && s.leader() >= 0 && load.containsKey(s.leader())) {
                continue;
            }
            int currentEpoch = s == null ? -1 : s.epoch();
            int nextEpoch = s == null ? 1 : s.epoch() + 1;
            if (load.isEmpty()) {
                if (s != null && s.leader() >= 0) {
                    out.require(new Precondition.CoordinatorEpochIs(shard, currentEpoch))
                            .add(new CoordinatorShardRecord(shard, -1, nextEpoch));
                }
                continue;
            }
            int pick = load.entrySet().stream().min(Map.Entry.<Integer, Integer>comparingByValue()
                    .thenComparing(Map.Entry.comparingByKey())).orElseThrow().getKey();
            load.merge(pick, 1, Integer::sum);
            out.require(new Precondition.CoordinatorEpochIs(shard, currentEpoch))
                    .add(new CoordinatorShardRecord(shard, pick, nextEpoch));
        }
    }

    /**
     * Evens out coordinator shards over live brokers (e.g. after brokers joined): moves shards, lowest
     * id first, from the most loaded broker to the least loaded while they differ by more than one.
     * Only brokers that are active and {@code eligible} give or take shards.
     */
    void planShardBalance(MetadataImage image, IntPredicate eligible, BatchBuilder out) {
        Map<Integer, List<CoordinatorShard>> byLeader = new TreeMap<>();
        for (BrokerRegistration b : image.brokers().values()) {
            if (b.isActive() && eligible.test(b.id())) {
                byLeader.put(b.id(), new ArrayList<>());
            }
        }
        if (byLeader.isEmpty()) {
            return;
        }
        List<CoordinatorShard> shards = new ArrayList<>(image.coordinatorShards().values());
        shards.sort(Comparator.comparingInt(CoordinatorShard::shardId));
        for (CoordinatorShard s : shards) {
            if (byLeader.containsKey(s.leader())) {
                byLeader.get(s.leader()).add(s);
            }
        }
        while (true) {
            int most = -1;
            int least = -1;
            for (Map.Entry<Integer, List<CoordinatorShard>> e : byLeader.entrySet()) {
                int size = e.getValue().size();
                if (most < 0 || size > byLeader.get(most).size()) {
                    most = e.getKey();
                }
                if (least < 0 || size < byLeader.get(least).size()) {
                    least = e.getKey();
                }
            }
            if (byLeader.get(most).size() - byLeader.get(least).size() <= 1) {
                return;
            }
            CoordinatorShard moved = byLeader.get(most).remove(0);
            byLeader.get(least).add(moved);
            out.require(new Precondition.CoordinatorEpochIs(moved.shardId(), moved.epoch()))
                    .add(new CoordinatorShardRecord(moved.shardId(), least, moved.epoch() + 1));
        }
    }

    /** Partitions and shards that {@code brokerId} leads. */
    static int leaderships(MetadataImage image, int brokerId) {
        int n = 0;
        for (TopicImage t : image.topicsById().values()) {
            for (PartitionRegistration p : t.partitions().values()) {
                if (p.leader() == brokerId) {
                    n++;
                }
            }
        }
        for (CoordinatorShard s : image.coordinatorShards().values()) {
            if (s.leader() == brokerId) {
                n++;
            }
        }
        return n;
    }
}
