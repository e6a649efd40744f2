package io.tributary.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.output.Slf4jLogConsumer;

/** A single Tributary node in a container, used as a user's test would use it: Java producer and consumer. */
@Timeout(180)
class TributaryContainerIT {

    @BeforeEach
    void docker() {
        TestImage.requireDocker();
    }

    @Test
    void shouldServeProducerAndConsumerWhenStartedAsSingleNode() throws Exception {
        try (TributaryContainer node = new TributaryContainer(TestImage.tributary())
                .withLogConsumer(new Slf4jLogConsumer(LoggerFactory.getLogger("tributary.single")))) {
            node.start();
            String bootstrap = node.getBootstrapServers();
            assertThat(bootstrap).startsWith("PLAINTEXT://127.0.0.1:");

            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < 100; i++) {
                    producer.send(new ProducerRecord<>("orders", "k" + i, "v" + i)).get();
                }
            }

            Properties c = new Properties();
            c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            c.put(ConsumerConfig.GROUP_ID_CONFIG, "orders-reader");
            c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            List<String> values = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of("orders"));
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (values.size() < 100 && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                        values.add(r.value());
                    }
                }
                consumer.commitSync();
                Map<TopicPartition, ?> committed = consumer.committed(consumer.assignment());
                assertThat(committed).isNotEmpty();
            }
            assertThat(values).hasSize(100);
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                expected.add("v" + i);
            }
            assertThat(values).containsExactlyInAnyOrderElementsOf(expected);
        }
    }
}
