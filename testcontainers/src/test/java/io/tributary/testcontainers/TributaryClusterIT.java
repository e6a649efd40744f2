package io.tributary.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.output.Slf4jLogConsumer;

/**
 * Three Tributary containers under an idempotent acks=all producer (RF=3, min.insync.replicas=2):
 * one follower is frozen with docker pause and the partition leader is SIGKILLed with docker kill;
 * the cluster keeps acknowledging writes through both, the nodes rejoin the ISR when they return,
 * and every acknowledged record is read back exactly once.
 */
@Timeout(240)
class TributaryClusterIT {
    private static final Logger LOG = LoggerFactory.getLogger(TributaryClusterIT.class);
    private static final String TOPIC = "ledger";
    private static final TopicPartition TP = new TopicPartition(TOPIC, 0);
    private static final Set<Integer> ALL = Set.of(1, 2, 3);

    @BeforeEach
    void docker() {
        TestImage.requireDocker();
    }

    @Test
    void shouldKeepAcknowledgedRecordsWhenOneNodeIsPausedAndTheLeaderIsKilled() throws Exception {
        try (TributaryCluster cluster = new TributaryCluster(TestImage.tributary(), 3)
                // Fast failure detection, so the test spends seconds, not Kafka's default half-minutes.
                .withSetting("replica.lag.time.max.ms", "3000")
                .withSetting("broker.heartbeat.interval.ms", "1000")
                .withSetting("broker.session.timeout.ms", "6000")) {
            cluster.getNodes().forEach(n -> n.withLogConsumer(
                    new Slf4jLogConsumer(LoggerFactory.getLogger("tributary.node-" + n.getNodeId()))));
            cluster.start();

            Set<String> acked;
            try (Admin admin = Admin.create(adminProps(cluster))) {
                // The leader is not the active controller, so killing it tests partition failover alone.
                int controller = admin.describeCluster().controller().get().id();
                List<Integer> replicas = new ArrayList<>();
                ALL.stream().filter(id -> id != controller).sorted().forEach(replicas::add);
                replicas.add(controller);
                int leader = replicas.get(0);
                int follower = replicas.get(1);
                admin.createTopics(List.of(new NewTopic(TOPIC, Map.of(0, replicas)))).all().get();
                await("all three replicas are in the ISR", Duration.ofSeconds(30), () -> isr(admin).equals(ALL));

                try (AckingProducer producer = new AckingProducer(cluster.getBootstrapServers())) {
                    producer.awaitAcked(200, Duration.ofSeconds(30));

                    LOG.info("Pausing follower {}", follower);
                    cluster.node(follower).pause();
                    producer.awaitAcked(producer.acked() + 300, Duration.ofSeconds(40));
                    cluster.node(follower).unpause();
                    await("paused follower " + follower + " back in the ISR", Duration.ofSeconds(40), () -> isr(admin).equals(ALL));

                    LOG.info("Killing leader {}", leader);
                    cluster.node(leader).kill();
                    producer.awaitAcked(producer.acked() + 300, Duration.ofSeconds(60));
                    cluster.node(leader).startAgain();
                    await("killed leader " + leader + " back in the ISR", Duration.ofSeconds(60), () -> isr(admin).equals(ALL));
                    producer.awaitAcked(producer.acked() + 100, Duration.ofSeconds(30));
                    acked = producer.stopAndFlush();
                    assertThat(producer.failure()).as("a send failed").isNull();
                }
            }
            List<String> read = readAll(cluster.getBootstrapServers());
            assertThat(new TreeSet<>(read)).as("no value twice").hasSize(read.size());
            assertThat(read).as("every acknowledged value read back").containsAll(acked);
            LOG.info("{} values acknowledged, {} read back", acked.size(), read.size());
        }
    }

    private static Properties adminProps(TributaryCluster cluster) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.getBootstrapServers());
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "6000");
        return p;
    }

    private static Set<Integer> isr(Admin admin) {
        try {
            TopicDescription d = admin.describeTopics(List.of(TOPIC)).allTopicNames().get().get(TOPIC);
            TopicPartitionInfo p = d.partitions().get(0);
            Set<Integer> ids = new TreeSet<>();
            p.isr().forEach(n -> ids.add(n.id()));
            return ids;
        } catch (Exception e) {
            return Set.of();
        }
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out after " + timeout + " waiting until " + what);
            }
            Thread.sleep(200);
        }
    }

    private static List<String> readAll(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(TP));
            consumer.seekToBeginning(List.of(TP));
            long end = consumer.endOffsets(List.of(TP)).get(TP);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (consumer.position(TP) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    values.add(r.value());
                }
            }
            assertThat(consumer.position(TP)).as("read up to the end offset").isEqualTo(end);
        }
        return values;
    }

    /** Writes unique values one after another on a background thread, remembering which were acknowledged. */
    private static final class AckingProducer implements AutoCloseable {
        private final KafkaProducer<String, String> producer;
        private final Set<String> acked = ConcurrentHashMap.newKeySet();
        private final AtomicReference<Exception> failure = new AtomicReference<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        AckingProducer(String bootstrap) {
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
            p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
            p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
            p.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, "50");
            p.put(ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, "500");
            producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
            thread = new Thread(this::run, "acking-producer");
            thread.start();
        }

        private void run() {
            for (int i = 0; running.get(); i++) {
                String value = "v-" + i;
                producer.send(new ProducerRecord<>(TOPIC, 0, null, value), (md, e) -> {
                    if (e == null) {
                        acked.add(value);
                    } else {
                        failure.compareAndSet(null, e);
                    }
                });
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        int acked() {
            return acked.size();
        }

        Exception failure() {
            return failure.get();
        }

        void awaitAcked(int count, Duration timeout) throws InterruptedException {
            await(count + " values acknowledged (now " + acked() + ")", timeout, () -> acked() >= count);
        }

        /** Stops sending and waits until every send has its ack or its error; returns the acknowledged values. */
        Set<String> stopAndFlush() throws InterruptedException {
            running.set(false);
            thread.join(10_000);
            producer.flush();
            return Set.copyOf(acked);
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(10_000);
            producer.close(Duration.ofSeconds(10));
        }
    }
}
