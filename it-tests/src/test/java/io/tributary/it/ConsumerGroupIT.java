package io.tributary.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Consumer groups with the classic protocol against a real node process, driven by unmodified
 * KafkaConsumers and the Admin client. The node runs with the default
 * {@code group.initial.rebalance.delay.ms} (3 s), so the first rebalance of a group takes that long.
 */
@Timeout(240)
class ConsumerGroupIT extends ClusterTestBase {
    private static final String TOPIC = "orders";
    private static final int PARTITIONS = 6;

    @Override
    protected int nodes() {
        return 1;
    }

    @Override
    protected void onClusterStarted() throws Exception {
        admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 1))).all().get();
    }

    private KafkaConsumer<String, String> consumer(String groupId) {
        return consumer(groupId, null);
    }

    private KafkaConsumer<String, String> consumer(String groupId, ConsumerRebalanceListener listener) {
        Properties p = new Properties();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000");
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "500");
        KafkaConsumer<String, String> c = cluster.consumer(p);
        if (listener == null) {
            c.subscribe(List.of(TOPIC));
        } else {
            c.subscribe(List.of(TOPIC), listener);
        }
        return c;
    }

    private void produce(int from, int count) throws Exception {
        KeyedRecords.produce(cluster, TOPIC, PARTITIONS, from, count);
    }

    /** Polls every consumer in turn (one thread, as KafkaConsumer requires) and collects record values. */
    private static void pollAll(List<KafkaConsumer<String, String>> consumers, Set<String> seen) {
        for (KafkaConsumer<String, String> c : consumers) {
            for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(100))) {
                seen.add(r.value());
            }
        }
    }

    /** True when the consumers' assignments are disjoint and together cover every partition. */
    private static boolean ownedExactlyOnce(List<KafkaConsumer<String, String>> consumers) {
        Set<TopicPartition> union = new HashSet<>();
        int total = 0;
        for (KafkaConsumer<String, String> c : consumers) {
            union.addAll(c.assignment());
            total += c.assignment().size();
        }
        return union.size() == PARTITIONS && total == PARTITIONS;
    }

    private static Set<String> values(int from, int count) {
        return KeyedRecords.values(from, count);
    }

    @Test
    void shouldShareTopicCommitResumeAndRebalanceWhenConsumersComeAndGo() throws Exception {
        String group = "g-share";
        produce(0, 600);
        List<KafkaConsumer<String, String>> consumers = new ArrayList<>(List.of(consumer(group), consumer(group), consumer(group)));
        try {
            Set<String> seen = new HashSet<>();
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ZERO).until(() -> {
                pollAll(consumers, seen);
                return seen.size() == 600 && consumers.stream().allMatch(c -> c.assignment().size() == 2) && ownedExactlyOnce(consumers)
                        && KeyedRecords.positionsSum(consumers) == 600;
            });
            assertThat(seen).isEqualTo(values(0, 600));

            for (KafkaConsumer<String, String> c : consumers) {
                c.commitSync(Duration.ofSeconds(20));
            }
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            assertThat(committed).hasSize(PARTITIONS);
            assertThat(committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum()).isEqualTo(600);

            // One consumer leaves: the other two take over its partitions.
            KafkaConsumer<String, String> leaving = consumers.remove(2);
            Set<TopicPartition> moved = leaving.assignment();
            leaving.close(Duration.ofSeconds(10));
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ZERO).until(() -> {
                pollAll(consumers, new HashSet<>());
                return ownedExactlyOnce(consumers) && consumers.stream().allMatch(c -> c.assignment().size() == 3);
            });
            Set<TopicPartition> nowOwned = new HashSet<>();
            consumers.forEach(c -> nowOwned.addAll(c.assignment()));
            assertThat(nowOwned).containsAll(moved);

            // Everyone leaves; a new consumer of the group resumes from the committed offsets.
            for (KafkaConsumer<String, String> c : consumers) {
                c.commitSync(Duration.ofSeconds(20));
                c.close(Duration.ofSeconds(10));
            }
            consumers.clear();
            produce(600, 60);
            consumers.add(consumer(group));
            Set<String> resumed = new HashSet<>();
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ZERO).until(() -> {
                pollAll(consumers, resumed);
                return resumed.size() >= 60 && consumers.get(0).assignment().size() == PARTITIONS;
            });
            assertThat(resumed).isEqualTo(values(600, 60));

            ConsumerGroupDescription described = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
            assertThat(described.groupState()).isEqualTo(GroupState.STABLE);
            assertThat(described.members()).hasSize(1);
            assertThat(described.members().iterator().next().assignment().topicPartitions()).hasSize(PARTITIONS);
            Set<String> listed = new HashSet<>();
            for (GroupListing l : admin.listGroups().all().get()) {
                listed.add(l.groupId());
            }
            assertThat(listed).contains(group);
            assertThatThrownBy(() -> admin.deleteConsumerGroups(List.of(group)).all().get())
                    .hasCauseInstanceOf(GroupNotEmptyException.class);
        } finally {
            consumers.forEach(c -> c.close(Duration.ofSeconds(5)));
        }

        // Empty now: offsets can be altered from outside, then the group deleted.
        TopicPartition tp0 = new TopicPartition(TOPIC, 0);
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(admin.describeConsumerGroups(List.of(group)).all().get().get(group).groupState()).isEqualTo(GroupState.EMPTY));
        admin.alterConsumerGroupOffsets(group, Map.of(tp0, new OffsetAndMetadata(5))).all().get();
        assertThat(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().get(tp0).offset()).isEqualTo(5);
        admin.deleteConsumerGroupOffsets(group, Set.of(tp0)).all().get();
        assertThat(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()).doesNotContainKey(tp0);
        admin.deleteConsumerGroups(List.of(group)).all().get();
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Set<String> ids = new HashSet<>();
            admin.listGroups().all().get().forEach(l -> ids.add(l.groupId()));
            assertThat(ids).doesNotContain(group);
        });
        assertThatThrownBy(() -> admin.describeConsumerGroups(List.of(group)).all().get())
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(GroupIdNotFoundException.class);
        assertThat(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()).isEmpty();
    }

    @Test
    void shouldNotRebalanceOtherMembersWhenStaticMemberRestarts() throws Exception {
        String group = "g-static";
        Properties staticProps = new Properties();
        staticProps.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "instance-1");
        staticProps.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        staticProps.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "20000");
        staticProps.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "500");
        KafkaConsumer<String, String> first = cluster.consumer(staticProps);
        first.subscribe(List.of(TOPIC));
        // A dynamic member beside it counts its rebalances: with the eager range assignor every
        // rebalance revokes and reassigns its partitions.
        AtomicInteger othersAssignments = new AtomicInteger();
        KafkaConsumer<String, String> other = consumer(group, new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                othersAssignments.incrementAndGet();
            }
        });
        KafkaConsumer<String, String> second = null;
        try {
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ZERO).until(() -> {
                pollAll(List.of(first, other), new HashSet<>());
                return ownedExactlyOnce(List.of(first, other)) && !first.assignment().isEmpty() && !other.assignment().isEmpty();
            });
            int assignmentsBefore = othersAssignments.get();
            Set<TopicPartition> staticPartitions = Set.copyOf(first.assignment());
            Set<TopicPartition> otherPartitions = Set.copyOf(other.assignment());

            // A static member's close does not leave the group (KIP-345); its next incarnation takes over.
            first.close(Duration.ofSeconds(5));
            KafkaConsumer<String, String> restarted = cluster.consumer(staticProps);
            second = restarted;
            restarted.subscribe(List.of(TOPIC));
            Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ZERO).until(() -> {
                pollAll(List.of(restarted, other), new HashSet<>());
                return restarted.assignment().equals(staticPartitions);
            });
            for (int i = 0; i < 20; i++) { // a few heartbeat intervals: a rebalance would show up now
                pollAll(List.of(restarted, other), new HashSet<>());
            }
            assertThat(othersAssignments.get()).isEqualTo(assignmentsBefore);
            assertThat(other.assignment()).isEqualTo(otherPartitions);
            ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
            assertThat(d.groupState()).isEqualTo(GroupState.STABLE);
            assertThat(d.members()).hasSize(2);
        } finally {
            other.close(Duration.ofSeconds(5));
            if (second != null) {
                second.close(Duration.ofSeconds(5));
            }
        }
    }

    @Test
    void shouldConsumeAndCommitWhenKcatJoinsGroup() throws Exception {
        String topic = "kcat-orders";
        admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
        try (KafkaProducer<String, String> producer = cluster.producer(new Properties())) {
            for (int i = 0; i < 50; i++) {
                producer.send(new ProducerRecord<>(topic, i % 2, "k" + i, "kv" + i));
            }
            producer.flush();
        }
        // Start from committed offsets (OffsetFetch) rather than auto.offset.reset: librdkafka's
        // ListOffsets v2 request currently gets its connection closed by the broker (see the report).
        admin.alterConsumerGroupOffsets("g-kcat", Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(0),
                new TopicPartition(topic, 1), new OffsetAndMetadata(0))).all().get();
        // librdkafka's balanced consumer: classic protocol, its own assignors, offsets committed on exit.
        java.io.File stderr = java.io.File.createTempFile("kcat", ".log");
        Process kcat = new ProcessBuilder("kcat", "-b", cluster.bootstrap(), "-G", "g-kcat", "-c", "50", "-d", "cgrp,protocol",
                "-X", "auto.offset.reset=earliest", "-f", "%s\\n", topic).redirectError(stderr).start();
        try {
            boolean finished = kcat.waitFor(40, java.util.concurrent.TimeUnit.SECONDS);
            String log = java.nio.file.Files.readString(stderr.toPath());
            assertThat(finished).as("kcat finished; its log:%n%s", log.length() > 20000 ? log.substring(log.length() - 20000) : log).isTrue();
            String out = new String(kcat.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(kcat.exitValue()).as("kcat exit code").isZero();
            assertThat(new HashSet<>(List.of(out.trim().split("\\n")))).hasSize(50);
        } finally {
            kcat.destroyForcibly();
            stderr.delete();
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("g-kcat").partitionsToOffsetAndMetadata().get();
            assertThat(committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum()).isEqualTo(50);
        });
    }
}
