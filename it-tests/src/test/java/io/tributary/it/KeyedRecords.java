package io.tributary.it;

import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

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

    /** The values of records {@code from .. from+count-1}. */
    static Set<String> values(int from, int count) {
        Set<String> out = new HashSet<>();
        for (int i = from; i < from + count; i++) {
            out.add("v" + i);
        }
        return out;
    }
}
