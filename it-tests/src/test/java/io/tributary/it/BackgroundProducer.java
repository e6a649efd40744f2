package io.tributary.it;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * An idempotent acks=all producer that sends numbered values to one partition from its own thread,
 * a few hundred a second, while a test injects faults; every answer goes to an {@link AckLedger}.
 * Client settings are Kafka's defaults otherwise, so the stalls it sees are what users would see.
 */
final class BackgroundProducer implements AutoCloseable {
    private final KafkaProducer<String, String> producer;
    private final AckLedger ledger;
    private final Thread thread;
    private final AtomicInteger sent = new AtomicInteger();
    private volatile boolean running = true;

    BackgroundProducer(ClusterFixture cluster, String topic, String prefix, AckLedger ledger) {
        Properties p = new Properties();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
        this.producer = cluster.producer(p);
        this.ledger = ledger;
        this.thread = new Thread(() -> {
            while (running) {
                String value = prefix + "-" + sent.get();
                producer.send(new ProducerRecord<>(topic, 0, null, value), ledger.callbackFor(value));
                sent.incrementAndGet();
                try {
                    Thread.sleep(3);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "background-producer-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    int sent() {
        return sent.get();
    }

    /** Waits until {@code n} more values are acknowledged (bounded): the partition takes writes. */
    void awaitAcks(int n, Duration timeout) throws InterruptedException {
        int target = ledger.acked().size() + n;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (ledger.acked().size() < target) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Fewer than " + n + " acknowledgements within " + timeout + "; errors: " + ledger.errors());
            }
            Thread.sleep(20);
        }
    }

    /** Stops sending and waits (bounded by the delivery timeout) for the answers to everything sent. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(10_000);
        producer.flush();
        producer.close(Duration.ofSeconds(30));
    }
}
