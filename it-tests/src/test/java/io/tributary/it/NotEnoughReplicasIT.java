package io.tributary.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidMetadataException;
import org.apache.kafka.common.errors.NotEnoughReplicasAfterAppendException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Timeout;

/**
 * With 2 of a partition's 3 replicas killed (RF=3, min.insync.replicas=2), an acks=all produce is
 * refused with NOT_ENOUGH_REPLICAS and nothing is appended. Five nodes, so that the metadata quorum
 * keeps its majority (and the controller can shrink the ISR) while two replicas are down.
 */
@Timeout(300)
class NotEnoughReplicasIT extends ClusterTestBase {
    private static final String TOPIC = "fragile";
    private static final TopicPartition TP = new TopicPartition(TOPIC, 0);

    @Override
    protected int nodes() {
        return 5;
    }

    private Set<Integer> isr() {
        try {
            TopicDescription d = admin.describeTopics(List.of(TOPIC)).allTopicNames().get().get(TOPIC);
            Set<Integer> out = new TreeSet<>();
            d.partitions().get(0).isr().forEach(n -> out.add(n.id()));
            return out;
        } catch (Exception e) {
            return Set.of();
        }
    }

    private void awaitIsr(Set<Integer> expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!isr().equals(expected)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("ISR still " + isr() + ", expected " + expected);
            }
            Thread.sleep(200);
        }
    }

    @Test
    void shouldRefuseAcksAllWithNotEnoughReplicasWhenTwoOfThreeReplicasAreDown() throws Exception {
        // Replicas on three brokers that are not the active controller, so that killing two of them
        // tests replication, not a controller failover.
        int controller = admin.describeCluster().controller().get().id();
        List<Integer> replicas = IntStream.rangeClosed(1, 5).filter(id -> id != controller).limit(3).boxed().toList();
        int leader = replicas.get(0);
        admin.createTopics(List.of(new NewTopic(TOPIC, Map.of(0, replicas)))).all().get();
        awaitIsr(new TreeSet<>(replicas), Duration.ofSeconds(30));

        int afterAppended;
        Properties p = new Properties();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        p.put(ProducerConfig.RETRIES_CONFIG, "0");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "20000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        try (KafkaProducer<String, String> producer = cluster.producer(p)) {
            // The Admin saw the ISR through some broker; the leader may apply the new topic a moment
            // later and refuse with a metadata error (nothing appended) until then.
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
                try {
                    producer.send(new ProducerRecord<>(TOPIC, 0, null, "before")).get(20, TimeUnit.SECONDS);
                    return true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof InvalidMetadataException || e.getCause() instanceof TimeoutException) {
                        return false;
                    }
                    throw e;
                }
            });

            cluster.kill(replicas.get(1));
            cluster.kill(replicas.get(2));
            // Both leave the ISR (fenced by the controller, or shrunk by the leader); the leader stays.
            awaitIsr(Set.of(leader), Duration.ofSeconds(75));

            // Until the leader itself has applied the ISR change (the Admin may have asked another
            // broker), an append can still happen and be answered NOT_ENOUGH_REPLICAS_AFTER_APPEND,
            // never acknowledged — Kafka's behaviour in the same window. Then it must be refused before
            // anything is appended.
            AtomicInteger appendedInWindow = new AtomicInteger();
            AtomicReference<Throwable> refusal = new AtomicReference<>();
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
                try {
                    producer.send(new ProducerRecord<>(TOPIC, 0, null, "after")).get(20, TimeUnit.SECONDS);
                    throw new AssertionError("acks=all was acknowledged with 2 of 3 replicas down");
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof NotEnoughReplicasAfterAppendException) {
                        appendedInWindow.incrementAndGet();
                        return false;
                    }
                    refusal.set(e.getCause());
                    return true;
                }
            });
            assertThat(refusal.get()).isInstanceOf(NotEnoughReplicasException.class);
            afterAppended = appendedInWindow.get();
        }
        // The refused record was not appended: the log holds "before" (more than once if an append was
        // answered with a retriable error and sent again, as Kafka's non-idempotent producer may) and
        // only the "after" records appended in the window above.
        Map<Long, String> log = readPartition(TP);
        assertThat(log.values()).as("log %s", log).contains("before")
                .filteredOn("after"::equals).hasSize(afterAppended);
    }
}
