package io.tributary.it;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/** Records k{i} → v{i}, spread round-robin over a topic's partitions, that group tests produce and expect back. */
final class KeyedRecords {
    private KeyedRecords() {
    }

    /** Produces records {@code from .. from+count-1}, record i to partition i mod {@code partitions}. */
    static void produce(ClusterFixture cluster, String topic, int partitions, int from, int count) throws Exception {
        try (KafkaProducer<String, String> producer = cluster.producer(new Properties())) {
            for (int i = from; i < from + count; i++) {
                producer.send(new ProducerRecord<>(topic, i % partitions, "k" + i, "v" + i));
            }
            producer.flush();
        }
    }

    /**
     * The sum of every consumer's position on its assigned partitions; -1 while one has none yet.
     * Group tests wait for it before committing: having seen every value is not enough, since a
     * partition that moved between consumers may have been read by its old owner while its new
     * owner is still behind on it.
     */
    static long positionsSum(List<KafkaConsumer<String, String>> consumers) {
        long sum = 0;
        for (KafkaConsumer<String, String> c : consumers) {
            for (TopicPartition tp : c.assignment()) {
                try {
                    sum += c.position(tp, Duration.ofSeconds(2));
                } catch (RuntimeException e) {
                    return -1;
                }
            }
        }
        return sum;
    }

    /** The values of records {@code from .. from+count-1}. */
    static Set<String> values(int from, int count) {
        Set<String> out = new HashSet<>();
        for (int i = from; i < from + count; i++) {
            out.add("v" + i);
        }
        return out;
    }
}
