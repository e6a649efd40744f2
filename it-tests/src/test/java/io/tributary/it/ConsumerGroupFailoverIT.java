package io.tributary.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Three nodes: the group's coordinator is killed; the controller moves its shard to another broker,
 * which continues the group from the quorum with no committed offset lost. The topic is not
 * replicated (no data is read): only group state and offsets are under test.
 */
@Timeout(240)
class ConsumerGroupFailoverIT extends ClusterTestBase {
    private static final String TOPIC = "replicated";
    private static final int PARTITIONS = 3;

    @Override
    protected int nodes() {
        return 3;
    }

    @Override
    protected void onClusterStarted() throws Exception {
        admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 1))).all().get();
    }

    private KafkaConsumer<String, String> consumer(String group) {
        Properties p = new Properties();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "45000");
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "500");
        KafkaConsumer<String, String> c = cluster.consumer(p);
        c.subscribe(List.of(TOPIC));
        return c;
    }

    private static Map<TopicPartition, OffsetAndMetadata> offsets(long base) {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            out.put(new TopicPartition(TOPIC, p), new OffsetAndMetadata(base + p, "m" + p));
        }
        return out;
    }

    @Test
    void shouldKeepGroupAndCommittedOffsetsWhenCoordinatorIsKilled() throws Exception {
        String group = "g-failover";
        try (KafkaConsumer<String, String> c = consumer(group)) {
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ZERO).until(() -> {
                c.poll(Duration.ofMillis(100));
                return c.assignment().size() == PARTITIONS;
            });
            c.commitSync(offsets(100), Duration.ofSeconds(20));
            ConsumerGroupDescription before = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
            String memberId = before.members().iterator().next().consumerId();
            int coordinator = before.coordinator().id();

            cluster.kill(coordinator);

            // Another broker takes the shard over and serves the offsets from its own copy of the quorum state.
            Awaitility.await().atMost(Duration.ofSeconds(90)).ignoreExceptions().untilAsserted(() -> {
                ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
                assertThat(d.coordinator().id()).isNotEqualTo(coordinator);
                assertThat(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()).isEqualTo(offsets(100));
            });
            // The member goes on in the same generation: it commits through the new coordinator without rejoining.
            Awaitility.await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
                c.poll(Duration.ofMillis(100));
                c.commitSync(offsets(200), Duration.ofSeconds(10));
            });
            assertThat(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()).isEqualTo(offsets(200));
            ConsumerGroupDescription after = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
            assertThat(after.groupState()).isEqualTo(GroupState.STABLE);
            assertThat(after.members()).singleElement().satisfies(m -> assertThat(m.consumerId()).isEqualTo(memberId));
        }
    }
}
