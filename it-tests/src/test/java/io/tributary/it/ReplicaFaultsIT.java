package io.tributary.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.NotEnoughReplicasAfterAppendException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Faults other than a clean SIGKILL of one leader, on three nodes (each broker and voter), RF=3,
 * min.insync.replicas=2, default settings: a leader paused past the session timeout and resumed (a
 * zombie), two of three replicas killed, and a rolling restart by controlled shutdown. Each ends
 * with a full read-back (every acknowledged record exactly once) and identical replicas on disk.
 */
@Timeout(420)
class ReplicaFaultsIT extends ClusterTestBase {
    private static final Set<Integer> ALL = Set.of(1, 2, 3);

    @Override
    protected int nodes() {
        return 3;
    }

    /** A topic whose partition 0 is led by a broker that is not the active controller. */
    private int createTopicLedOffController(String topic) throws Exception {
        int controller = admin.describeCluster().controller().get().id();
        List<Integer> replicas = new java.util.ArrayList<>(IntStream.rangeClosed(1, 3).filter(id -> id != controller).boxed().toList());
        replicas.add(controller);
        admin.createTopics(List.of(new NewTopic(topic, Map.of(0, replicas)).configs(Map.of("min.insync.replicas", "2"))))
                .all().get();
        await("the ISR of " + topic + " holds all three replicas", Duration.ofSeconds(30), () -> isr(topic).equals(ALL));
        // A new topic starts with a full ISR, so that proves nothing about the leader: it may not have
        // applied the topic yet (a broker just restarted lags), and the strict producers below do not
        // retry. ListOffsets goes to the leader and succeeds only once it leads.
        TopicPartition tp = new TopicPartition(topic, 0);
        awaitCondition(replicas.get(0) + " serves " + tp + " as its leader", Duration.ofSeconds(30),
                () -> admin.listOffsets(Map.of(tp, OffsetSpec.latest())).all().get(5, TimeUnit.SECONDS) != null);
        return replicas.get(0);
    }

    private void assertReadBackAndReplicasIdentical(String topic, AckLedger ledger) throws Exception {
        ReplicaLogs.assertNoLossNoDuplicateOnAllReplicas(cluster, new TopicPartition(topic, 0), ledger);
    }

    @Test
    void shouldNeverAcknowledgeThroughAPausedLeaderAfterItIsReplaced() throws Exception {
        String topic = "zombie";
        int leader = createTopicLedOffController(topic);
        AckLedger ledger = new AckLedger();
        try (BackgroundProducer producer = new BackgroundProducer(cluster, topic, "z", ledger)) {
            producer.awaitAcks(200, Duration.ofSeconds(30));
            cluster.pause(leader);
            try {
                // A paused process still accepts connections, so only the session timeout (9 s) fences it.
                await("a new leader replaces the paused " + leader, Duration.ofSeconds(30), () -> {
                    try {
                        return describePartition0(topic).leader().id() != leader;
                    } catch (Exception e) {
                        return false;
                    }
                });
                producer.awaitAcks(200, Duration.ofSeconds(30));
            } finally {
                cluster.resume(leader);
            }
            // The zombie learns its epoch is over; what it appended alone is truncated, nothing it
            // held is acknowledged. It catches up and rejoins.
            await(leader + " rejoins the ISR", Duration.ofSeconds(60), () -> isr(topic).equals(ALL));
            producer.awaitAcks(200, Duration.ofSeconds(30));
        }
        assertThat(ledger.errors()).as("errors the producer saw").isEmpty();
        assertReadBackAndReplicasIdentical(topic, ledger);
    }

    @Test
    void shouldNeverAcknowledgeWithTwoOfThreeReplicasDownAndRecoverWhenTheyReturn() throws Exception {
        String topic = "two-down";
        int leader = createTopicLedOffController(topic);
        List<Integer> others = IntStream.rangeClosed(1, 3).filter(id -> id != leader).boxed().toList();
        AckLedger ledger = new AckLedger();
        Properties p = new Properties();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        p.put(ProducerConfig.RETRIES_CONFIG, "0");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "4000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "5000");
        try (KafkaProducer<String, String> producer = cluster.producer(p)) {
            // The first acks=all write waits for both followers to apply the new topic and fetch; on a
            // slow machine that can outlast this producer's 5 s delivery timeout. Each try has its own
            // value, so one that timed out but was appended is no duplicate.
            AtomicInteger tries = new AtomicInteger();
            awaitCondition("a first write is acknowledged by all three replicas", Duration.ofSeconds(60), () -> {
                String v = "warm-up-" + tries.incrementAndGet();
                producer.send(new ProducerRecord<>(topic, 0, null, v), ledger.callbackFor(v)).get(20, TimeUnit.SECONDS);
                return true;
            });
            for (int i = 0; i < 50; i++) {
                String v = "before-" + i;
                producer.send(new ProducerRecord<>(topic, 0, null, v), ledger.callbackFor(v)).get(20, TimeUnit.SECONDS);
            }
            // With two of three nodes gone the metadata quorum is lost too: nobody can shrink the ISR,
            // so an acks=all write waits for replicas that never come and times out (or is refused).
            cluster.kill(others.get(0));
            cluster.kill(others.get(1));
            for (int i = 0; i < 2; i++) {
                String v = "during-" + i;
                try {
                    producer.send(new ProducerRecord<>(topic, 0, null, v), ledger.callbackFor(v)).get(30, TimeUnit.SECONDS);
                    throw new AssertionError("acks=all was acknowledged with 2 of 3 replicas down");
                } catch (ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOfAny(TimeoutException.class, NotEnoughReplicasException.class,
                            NotEnoughReplicasAfterAppendException.class);
                }
            }
        }
        assertThat(ledger.acked()).noneMatch(v -> v.startsWith("during-"));

        cluster.restart(others.get(0), others.get(1));
        await("the ISR of " + topic + " holds all three replicas again", Duration.ofSeconds(60), () -> isr(topic).equals(ALL));
        AckLedger after = new AckLedger();
        try (BackgroundProducer producer = new BackgroundProducer(cluster, topic, "after", after)) {
            producer.awaitAcks(200, Duration.ofSeconds(60));
        }
        assertThat(after.errors()).isEmpty();
        assertReadBackAndReplicasIdentical(topic, ledger);
        assertReadBackAndReplicasIdentical(topic, after);
    }

    @Test
    void shouldLoseNothingAndSeeNoProducerErrorDuringARollingRestart() throws Exception {
        String topic = "rolling";
        createTopicLedOffController(topic);
        AckLedger ledger = new AckLedger();
        try (BackgroundProducer producer = new BackgroundProducer(cluster, topic, "r", ledger)) {
            for (int node = 1; node <= 3; node++) {
                producer.awaitAcks(200, Duration.ofSeconds(30));
                long stoppedNs = System.nanoTime();
                cluster.stop(node); // SIGTERM: controlled shutdown moves its leaderships first
                producer.awaitAcks(100, Duration.ofSeconds(30));
                System.out.printf("REPLICA-FAULTS-IT rolling restart: SIGTERM of node %d: produce stall %d ms%n",
                        node, ledger.longestAckGapMs(stoppedNs, System.nanoTime()));
                cluster.restart(node);
                int n = node;
                await(node + " rejoins the ISR of " + topic, Duration.ofSeconds(60), () -> isr(topic).contains(n));
            }
            producer.awaitAcks(200, Duration.ofSeconds(30));
        }
        assertThat(ledger.errors()).as("errors the producer saw").isEmpty();
        assertReadBackAndReplicasIdentical(topic, ledger);
    }
}
