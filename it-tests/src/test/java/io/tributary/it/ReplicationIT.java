package io.tributary.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Partition replication across three real node processes (RF=3, min.insync.replicas=2): no
 * acknowledged record is lost or duplicated when the leader is SIGKILLed under an idempotent
 * acks=all producer, and the killed broker rejoins the ISR after a restart.
 */
@Timeout(300)
class ReplicationIT extends ClusterTestBase {
    private static final String TOPIC = "replicated";
    private static final TopicPartition TP = new TopicPartition(TOPIC, 0);

    @Override
    protected int nodes() {
        return 3;
    }

    private boolean isrIs(String topic, Set<Integer> expected) {
        return isr(topic).equals(expected);
    }

    @Test
    void shouldLoseNoAcknowledgedRecordWhenLeaderIsKilledUnderIdempotentAcksAll() throws Exception {
        // The partition is led by a broker that is not the active controller: this kills a partition
        // leader, not the controller too (LeaderFailoverIT covers that case).
        int controller = admin.describeCluster().controller().get().id();
        List<Integer> replicas = new ArrayList<>(IntStream.rangeClosed(1, 3).filter(id -> id != controller).boxed().toList());
        replicas.add(controller);
        admin.createTopics(List.of(new NewTopic(TOPIC, Map.of(0, replicas)))).all().get();
        awaitCondition("the ISR holds all three replicas", Duration.ofSeconds(30), () -> isrIs(TOPIC, Set.of(1, 2, 3)));
        int leader = describePartition0(TOPIC).leader().id();
        assertThat(leader).isNotEqualTo(controller);

        Properties p = new Properties();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "60000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        p.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, "50");
        p.put(ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, "200");
        Set<String> acked = ConcurrentHashMap.newKeySet();
        ConcurrentLinkedQueue<Long> ackTimesNs = new ConcurrentLinkedQueue<>();
        AtomicReference<Exception> failure = new AtomicReference<>();
        AtomicInteger sent = new AtomicInteger();
        long killedAtNs;
        try (KafkaProducer<String, String> producer = cluster.producer(p)) {
            // Phase 1: a steady stream, then SIGKILL the leader mid-stream and keep producing.
            killedAtNs = -1;
            int total = 3000;
            for (int i = 0; i < total; i++) {
                String value = "v-" + i;
                producer.send(new ProducerRecord<>(TOPIC, 0, null, value), (md, e) -> {
                    if (e == null) {
                        acked.add(value);
                        ackTimesNs.add(System.nanoTime());
                    } else {
                        failure.compareAndSet(null, e);
                    }
                });
                sent.incrementAndGet();
                if (i == 1000) {
                    producer.flush();
                    killedAtNs = System.nanoTime();
                    cluster.kill(leader);
                }
                if (i % 50 == 0) {
                    Thread.sleep(5);
                }
            }
            producer.flush();
        }
        assertThat(failure.get()).as("no send may fail").isNull();
        assertThat(acked).hasSize(3000);

        // The produce stall seen by the producer: the longest gap between acknowledgements after the kill.
        List<Long> after = new ArrayList<>();
        long last = killedAtNs;
        long maxGapNs = 0;
        for (long t : new TreeSet<>(ackTimesNs)) {
            if (t >= killedAtNs) {
                maxGapNs = Math.max(maxGapNs, t - last);
                last = t;
                after.add(t);
            }
        }
        System.out.printf("REPLICATION-IT: produce stall after SIGKILL of leader %d: %d ms (longest gap between acks)%n",
                leader, maxGapNs / 1_000_000);

        // Every acknowledged record is read back exactly once from the new leader.
        TopicPartitionInfo now = describePartition0(TOPIC);
        assertThat(now.leader().id()).isNotEqualTo(leader);
        Map<Long, String> log = readPartition(TP);
        Map<String, Integer> seen = new HashMap<>();
        log.values().forEach(v -> seen.merge(v, 1, Integer::sum));
        assertThat(seen.keySet()).containsAll(acked);
        assertThat(seen.values()).allMatch(n -> n == 1);

        // The killed broker comes back, truncates whatever it alone had, catches up and rejoins the ISR.
        cluster.restart(leader);
        awaitCondition("broker " + leader + " rejoins the ISR", Duration.ofSeconds(90), () -> isrIs(TOPIC, Set.of(1, 2, 3)));

        // Led by the returned broker again (preferred election), the partition holds exactly the same records at the same offsets.
        awaitCondition("broker " + leader + " leads again", Duration.ofSeconds(60), () -> {
            try {
                admin.electLeaders(ElectionType.PREFERRED, Set.of(TP)).all().get();
            } catch (Exception e) {
                // ELECTION_NOT_NEEDED once it leads; other errors: try again
            }
            try {
                return describePartition0(TOPIC).leader().id() == leader;
            } catch (Exception e) {
                return false;
            }
        });
        assertThat(readPartition(TP)).isEqualTo(log);
    }
}
