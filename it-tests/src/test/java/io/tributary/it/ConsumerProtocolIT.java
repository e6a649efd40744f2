package io.tributary.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Consumer groups with the KIP-848 protocol ({@code group.protocol=consumer}) on three real nodes,
 * driven by unmodified KafkaConsumers, plus the classic protocol's cooperative-sticky assignor. A
 * short consumer session (6 s) and heartbeat interval (500 ms) keep it fast; the test that kills
 * the coordinator's node runs last.
 */
@Timeout(300)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsumerProtocolIT extends ClusterTestBase {
    private static final String TOPIC = "kip848";
    private static final int PARTITIONS = 6;
    private static final int SESSION_MS = 6_000;
    private static final Map<String, String> SINGLE_REPLICA = Map.of("min.insync.replicas", "1");

    @Override
    protected int nodes() {
        return 3;
    }

    @Override
    protected Map<String, String> nodeOverrides() {
        return Map.of("group.initial.rebalance.delay.ms", "0",
                "group.consumer.session.timeout.ms", String.valueOf(SESSION_MS),
                "group.consumer.heartbeat.interval.ms", "500");
    }

    @Override
    protected void onClusterStarted() throws Exception {
        // One replica per partition (the cluster's min.insync.replicas is 2): only group behaviour is under test.
        admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 1).configs(SINGLE_REPLICA))).all().get();
    }

    private KafkaConsumer<String, String> consumer(String group, Properties extra, ConsumerRebalanceListener listener) {
        Properties p = new Properties();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.putAll(extra);
        KafkaConsumer<String, String> c = cluster.consumer(p);
        if (listener == null) {
            c.subscribe(List.of(TOPIC));
        } else {
            c.subscribe(List.of(TOPIC), listener);
        }
        return c;
    }

    private KafkaConsumer<String, String> consumer(String group) {
        return consumer(group, new Properties(), null);
    }

    private void produce(int from, int count) throws Exception {
        KeyedRecords.produce(cluster, TOPIC, PARTITIONS, from, count);
    }

    /**
     * Polls every consumer in turn (one thread) and collects values; fails if, after any poll, two
     * consumers own the same partition.
     */
    private static void pollAll(List<KafkaConsumer<String, String>> consumers, Set<String> seen) {
        for (KafkaConsumer<String, String> c : consumers) {
            for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(50))) {
                seen.add(r.value());
            }
            assertNoPartitionOwnedTwice(consumers);
        }
    }

    private static void assertNoPartitionOwnedTwice(List<KafkaConsumer<String, String>> consumers) {
        List<TopicPartition> all = new ArrayList<>();
        consumers.forEach(c -> all.addAll(c.assignment()));
        assertThat(new HashSet<>(all)).as("partitions owned by more than one consumer at once").hasSameSizeAs(all);
    }

    private static boolean coversAll(List<KafkaConsumer<String, String>> consumers) {
        Set<TopicPartition> union = new HashSet<>();
        consumers.forEach(c -> union.addAll(c.assignment()));
        return union.size() == PARTITIONS;
    }

    private static Set<String> values(int from, int count) {
        return KeyedRecords.values(from, count);
    }

    @Test
    @Order(1)
    void shouldShareTopicAmongThreeConsumersAndMovePartitionsOfKilledConsumerWithinSession() throws Exception {
        String group = "g848-share";
        produce(0, 600);
        List<KafkaConsumer<String, String>> consumers = new ArrayList<>(List.of(consumer(group), consumer(group), consumer(group)));
        try {
            Set<String> seen = new HashSet<>();
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ZERO).until(() -> {
                pollAll(consumers, seen);
                // Seeing every value is not enough: a partition that moved between consumers may
                // have been read by its old owner while its new owner is still behind on it.
                return seen.size() == 600 && consumers.stream().allMatch(c -> c.assignment().size() == 2)
                        && KeyedRecords.positionsSum(consumers) == 600;
            });
            assertThat(seen).isEqualTo(values(0, 600));
            for (KafkaConsumer<String, String> c : consumers) {
                c.commitSync(Duration.ofSeconds(20));
            }
            assertThat(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().values().stream()
                    .mapToLong(OffsetAndMetadata::offset).sum()).isEqualTo(600);

            ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
            assertThat(d.type()).isEqualTo(GroupType.CONSUMER);
            assertThat(d.groupState()).isEqualTo(GroupState.STABLE);
            assertThat(d.partitionAssignor()).isEqualTo("uniform");
            assertThat(d.members()).hasSize(3).allSatisfy(m -> assertThat(m.assignment().topicPartitions()).hasSize(2));
            Map<String, GroupType> listed = new HashMap<>();
            for (GroupListing l : admin.listGroups().all().get()) {
                listed.put(l.groupId(), l.type().orElse(null));
            }
            assertThat(listed).containsEntry(group, GroupType.CONSUMER);

            // A consumer dies without leaving: after the session timeout its partitions move to the others.
            KafkaConsumer<String, String> dead = consumers.remove(2);
            Set<TopicPartition> orphaned = Set.copyOf(dead.assignment());
            dead.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP)
                    .withTimeout(Duration.ofSeconds(5)));
            produce(600, 60);
            long killedAt = System.nanoTime();
            Set<String> after = new HashSet<>();
            Awaitility.await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ZERO).until(() -> {
                pollAll(consumers, after);
                return coversAll(consumers) && consumers.stream().allMatch(c -> c.assignment().size() == 3);
            });
            long movedMs = (System.nanoTime() - killedAt) / 1_000_000;
            assertThat(movedMs).as("partitions moved within the session timeout plus reconciliation")
                    .isLessThan(SESSION_MS + 10_000L);
            Set<TopicPartition> owned = new HashSet<>();
            consumers.forEach(c -> owned.addAll(c.assignment()));
            assertThat(owned).containsAll(orphaned);
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ZERO).until(() -> {
                pollAll(consumers, after);
                return after.size() == 60;
            });
            assertThat(after).isEqualTo(values(600, 60));
        } finally {
            consumers.forEach(c -> c.close(Duration.ofSeconds(5)));
        }
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(admin.describeConsumerGroups(List.of(group)).all().get().get(group).groupState()).isEqualTo(GroupState.EMPTY));
    }

    @Test
    @Order(2)
    void shouldGiveRestartedStaticMemberItsPartitionsWithoutReassigningOthers() throws Exception {
        String group = "g848-static";
        Properties staticProps = new Properties();
        staticProps.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "instance-1");
        AtomicInteger othersAssignments = new AtomicInteger();
        ConsumerRebalanceListener counting = new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                if (!partitions.isEmpty()) {
                    othersAssignments.incrementAndGet();
                }
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                if (!partitions.isEmpty()) {
                    othersAssignments.incrementAndGet();
                }
            }
        };
        KafkaConsumer<String, String> first = consumer(group, staticProps, null);
        KafkaConsumer<String, String> other = consumer(group, new Properties(), counting);
        KafkaConsumer<String, String> restarted = null;
        try {
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ZERO).until(() -> {
                pollAll(List.of(first, other), new HashSet<>());
                return coversAll(List.of(first, other)) && first.assignment().size() == 3 && other.assignment().size() == 3;
            });
            int changesBefore = othersAssignments.get();
            Set<TopicPartition> staticPartitions = Set.copyOf(first.assignment());
            Set<TopicPartition> otherPartitions = Set.copyOf(other.assignment());
            String otherId = admin.describeConsumerGroups(List.of(group)).all().get().get(group).members().stream()
                    .filter(m -> m.groupInstanceId().isEmpty()).findFirst().orElseThrow().consumerId();

            first.close(Duration.ofSeconds(5)); // a static member's close keeps its place (epoch -2)
            KafkaConsumer<String, String> next = consumer(group, staticProps, null);
            restarted = next;
            Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ZERO).until(() -> {
                pollAll(List.of(next, other), new HashSet<>());
                return next.assignment().equals(staticPartitions);
            });
            for (int i = 0; i < 20; i++) { // a few heartbeat intervals: a reassignment would show up now
                pollAll(List.of(next, other), new HashSet<>());
            }
            assertThat(othersAssignments.get()).isEqualTo(changesBefore);
            assertThat(other.assignment()).isEqualTo(otherPartitions);
            ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
            assertThat(d.groupState()).isEqualTo(GroupState.STABLE);
            assertThat(d.members()).hasSize(2).anySatisfy(m -> assertThat(m.consumerId()).isEqualTo(otherId));
        } finally {
            other.close(Duration.ofSeconds(5));
            if (restarted != null) {
                restarted.close(Duration.ofSeconds(5));
            }
        }
    }

    @Test
    @Order(3)
    void shouldRebalanceWhenPartitionsAreAddedAndAcceptRangeAssignor() throws Exception {
        String topic = "kip848-grow";
        admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1).configs(SINGLE_REPLICA))).all().get();
        Properties range = new Properties();
        range.put(ConsumerConfig.GROUP_REMOTE_ASSIGNOR_CONFIG, "range");
        range.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "1000");
        List<KafkaConsumer<String, String>> consumers = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                KafkaConsumer<String, String> c = cluster.consumer(withGroup(range, "g848-range"));
                c.subscribe(List.of(topic));
                consumers.add(c);
            }
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ZERO).until(() -> {
                pollAll(consumers, new HashSet<>());
                return consumers.stream().allMatch(c -> c.assignment().size() == 1);
            });
            admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(4))).all().get();
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ZERO).until(() -> {
                pollAll(consumers, new HashSet<>());
                return consumers.stream().allMatch(c -> c.assignment().size() == 2);
            });
            ConsumerGroupDescription d = admin.describeConsumerGroups(List.of("g848-range")).all().get().get("g848-range");
            assertThat(d.partitionAssignor()).isEqualTo("range");
            // range hands out contiguous partition numbers
            assertThat(d.members()).allSatisfy(m -> {
                List<Integer> ps = m.assignment().topicPartitions().stream().map(TopicPartition::partition).sorted().toList();
                assertThat(ps.get(1) - ps.get(0)).isEqualTo(1);
            });
        } finally {
            consumers.forEach(c -> c.close(Duration.ofSeconds(5)));
        }
    }

    private static Properties withGroup(Properties base, String group) {
        Properties p = new Properties();
        p.putAll(base);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return p;
    }

    @Test
    @Order(4)
    void shouldShareTopicWithCooperativeStickyClassicConsumers() throws Exception {
        String group = "g-coop";
        Properties coop = new Properties();
        coop.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        coop.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        coop.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, "org.apache.kafka.clients.consumer.CooperativeStickyAssignor");
        coop.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000");
        coop.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "500");
        List<KafkaConsumer<String, String>> consumers = new ArrayList<>();
        // Cooperative rebalancing revokes only what moves: a consumer keeping a partition is never told to give it up.
        Map<KafkaConsumer<String, String>, Set<TopicPartition>> revoked = new HashMap<>();
        try {
            for (int i = 0; i < 3; i++) {
                KafkaConsumer<String, String> c = cluster.consumer(coop);
                Set<TopicPartition> lost = new HashSet<>();
                revoked.put(c, lost);
                c.subscribe(List.of(TOPIC), new ConsumerRebalanceListener() {
                    @Override
                    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                        lost.addAll(partitions);
                    }

                    @Override
                    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    }
                });
                consumers.add(c);
            }
            Set<String> seen = new HashSet<>();
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ZERO).until(() -> {
                pollAll(consumers, seen);
                return seen.containsAll(values(0, 600)) && consumers.stream().allMatch(c -> c.assignment().size() == 2);
            });
            Map<KafkaConsumer<String, String>, Set<TopicPartition>> before = new HashMap<>();
            consumers.forEach(c -> before.put(c, Set.copyOf(c.assignment())));
            revoked.values().forEach(Set::clear);

            KafkaConsumer<String, String> leaving = consumers.remove(2);
            leaving.close(Duration.ofSeconds(10));
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ZERO).until(() -> {
                pollAll(consumers, new HashSet<>());
                return coversAll(consumers) && consumers.stream().allMatch(c -> c.assignment().size() == 3);
            });
            for (KafkaConsumer<String, String> c : consumers) {
                assertThat(c.assignment()).containsAll(before.get(c));
                assertThat(revoked.get(c)).as("partitions revoked from a remaining member").isEmpty();
            }
            assertThat(admin.describeConsumerGroups(List.of(group)).all().get().get(group).partitionAssignor())
                    .isEqualTo("cooperative-sticky");
        } finally {
            consumers.forEach(c -> c.close(Duration.ofSeconds(5)));
        }
    }

    @Test
    @Order(5)
    void shouldContinueGroupWithOffsetsWhenCoordinatorIsKilled() throws Exception {
        String group = "g848-failover";
        List<KafkaConsumer<String, String>> consumers = new ArrayList<>(List.of(consumer(group), consumer(group)));
        try {
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ZERO).until(() -> {
                pollAll(consumers, new HashSet<>());
                return coversAll(consumers) && consumers.stream().allMatch(c -> c.assignment().size() == 3);
            });
            Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
            for (KafkaConsumer<String, String> c : consumers) {
                Map<TopicPartition, OffsetAndMetadata> mine = new HashMap<>();
                c.assignment().forEach(tp -> mine.put(tp, new OffsetAndMetadata(100 + tp.partition(), "m")));
                c.commitSync(mine, Duration.ofSeconds(20));
                committed.putAll(mine);
            }
            ConsumerGroupDescription before = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
            Set<String> memberIds = new HashSet<>();
            before.members().forEach(m -> memberIds.add(m.consumerId()));
            Map<String, Set<TopicPartition>> assignments = new HashMap<>();
            before.members().forEach(m -> assignments.put(m.consumerId(), m.assignment().topicPartitions()));
            int coordinator = before.coordinator().id();

            cluster.kill(coordinator);

            Awaitility.await().atMost(Duration.ofSeconds(90)).ignoreExceptions().untilAsserted(() -> {
                pollAll(consumers, new HashSet<>());
                ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
                assertThat(d.coordinator().id()).isNotEqualTo(coordinator);
                assertThat(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()).isEqualTo(committed);
            });
            // The members go on with their ids and assignments, and commit through the new coordinator.
            Awaitility.await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
                pollAll(consumers, new HashSet<>());
                for (KafkaConsumer<String, String> c : consumers) {
                    Map<TopicPartition, OffsetAndMetadata> mine = new HashMap<>();
                    c.assignment().forEach(tp -> mine.put(tp, new OffsetAndMetadata(200 + tp.partition(), "m")));
                    c.commitSync(mine, Duration.ofSeconds(10));
                }
            });
            // Asked once more until it holds: the describe may reach a broker whose metadata still trails.
            Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
                ConsumerGroupDescription after = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
                Map<String, Set<TopicPartition>> afterAssignments = new HashMap<>();
                after.members().forEach(m -> afterAssignments.put(m.consumerId(), m.assignment().topicPartitions()));
                assertThat(afterAssignments).isEqualTo(assignments);
                assertThat(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().values())
                        .allSatisfy(o -> assertThat(o.offset()).isGreaterThanOrEqualTo(200));
            });
        } finally {
            consumers.forEach(c -> c.close(Duration.ofSeconds(5)));
        }
    }
}
