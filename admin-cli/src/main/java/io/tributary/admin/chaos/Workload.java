package io.tributary.admin.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queue workload of a chaos run: idempotent {@code acks=all} producers writing unique values
 * round-robin over the partitions, and consumers in one group reading with {@code read_committed}
 * and committing after every poll. It records what it sees into {@link History} parts and a
 * {@link Timeline}; each producer and consumer runs on its own thread.
 */
final class Workload {
    private static final Logger LOG = LoggerFactory.getLogger(Workload.class);
    private static final int MAX_IN_FLIGHT_PER_PRODUCER = 100;

    private final String bootstrap;
    private final String topic;
    private final String group;
    private final int partitions;
    private final int ratePerProducer;
    private final LongSupplier nowMs;
    private final Timeline timeline;

    private final Set<String> attempted = ConcurrentHashMap.newKeySet();
    private final ConcurrentLinkedQueue<History.Ack> acks = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<History.Read> reads = new ConcurrentLinkedQueue<>();
    private final Map<String, Long> sendErrors = new ConcurrentHashMap<>();
    private final AtomicLong commitFailures = new AtomicLong();
    private final AtomicBoolean producing = new AtomicBoolean(true);
    private final List<Thread> producerThreads = new ArrayList<>();
    private final Map<Integer, ConsumerLoop> consumers = new ConcurrentHashMap<>();
    private final AtomicLong consumerGeneration = new AtomicLong();

    Workload(String bootstrap, String topic, String group, int partitions, int ratePerProducer, LongSupplier nowMs, Timeline timeline) {
        this.bootstrap = bootstrap;
        this.topic = topic;
        this.group = group;
        this.partitions = partitions;
        this.ratePerProducer = ratePerProducer;
        this.nowMs = nowMs;
        this.timeline = timeline;
    }

    void start(int producerCount, int consumerCount) {
        for (int i = 0; i < consumerCount; i++) {
            startConsumer(i);
        }
        for (int i = 0; i < producerCount; i++) {
            int index = i;
            Thread t = new Thread(() -> produce(index), "chaos-producer-" + i);
            t.setDaemon(true);
            producerThreads.add(t);
            t.start();
        }
    }

    private void produce(int index) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
        p.put(ProducerConfig.METADATA_MAX_AGE_CONFIG, "5000");
        p.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000");
        Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT_PER_PRODUCER);
        long started = nowMs.getAsLong();
        long seq = 0;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            while (producing.get()) {
                long due = started + seq * 1000 / ratePerProducer;
                long wait = due - nowMs.getAsLong();
                if (wait > 0) {
                    Thread.sleep(wait);
                }
                if (!inFlight.tryAcquire(200, TimeUnit.MILLISECONDS)) {
                    continue;
                }
                String value = "p" + index + "-" + seq;
                int partition = (int) (seq % partitions);
                seq++;
                attempted.add(value);
                long sentAt = nowMs.getAsLong();
                try {
                    producer.send(new ProducerRecord<>(topic, partition, null, value), (md, e) -> {
                        inFlight.release();
                        long at = nowMs.getAsLong();
                        if (e == null) {
                            acks.add(new History.Ack(value, md.partition(), md.offset()));
                            timeline.ack(at, at - sentAt);
                        } else {
                            sendErrors.merge(e.getClass().getSimpleName(), 1L, Long::sum);
                            timeline.error(at);
                        }
                    });
                } catch (RuntimeException e) {
                    inFlight.release();
                    sendErrors.merge(e.getClass().getSimpleName(), 1L, Long::sum);
                    timeline.error(nowMs.getAsLong());
                }
            }
            // close() waits for every outstanding send to be acknowledged or to fail (delivery timeout).
            producer.close(Duration.ofSeconds(45));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("Chaos producer {} stopped: {}", index, e.toString());
        }
    }

    /** One consumer of the group, confined to its own thread. */
    private final class ConsumerLoop implements Runnable {
        final String name;
        final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicBoolean crash = new AtomicBoolean();
        final Thread thread;
        int epoch;

        ConsumerLoop(String name) {
            this.name = name;
            this.thread = new Thread(this, "chaos-" + name);
            this.thread.setDaemon(true);
        }

        @Override
        public void run() {
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
            p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000");
            p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "1000");
            p.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
            p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
            KafkaConsumer<String, String> c = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
            try {
                c.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                    @Override
                    public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
                        epoch++;
                    }

                    @Override
                    public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
                        epoch++;
                    }

                    @Override
                    public void onPartitionsLost(Collection<TopicPartition> lost) {
                        epoch++;
                    }
                });
                while (running.get() && !crash.get()) {
                    ConsumerRecords<String, String> records;
                    try {
                        records = c.poll(Duration.ofMillis(200));
                    } catch (RuntimeException e) {
                        LOG.info("Chaos {} poll failed: {}", name, e.toString());
                        epoch++;
                        continue;
                    }
                    for (ConsumerRecord<String, String> r : records) {
                        reads.add(new History.Read(name, epoch, r.partition(), r.offset(), r.value()));
                    }
                    if (!records.isEmpty()) {
                        timeline.reads(nowMs.getAsLong(), records.count());
                        try {
                            c.commitSync(Duration.ofSeconds(10));
                        } catch (RuntimeException e) {
                            commitFailures.incrementAndGet();
                        }
                    }
                }
            } finally {
                if (crash.get()) {
                    // A crash: no LeaveGroup, so the group finds out through the session timeout.
                    c.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP)
                            .withTimeout(Duration.ofSeconds(2)));
                } else {
                    c.close(Duration.ofSeconds(5));
                }
            }
        }
    }

    private void startConsumer(int index) {
        ConsumerLoop loop = new ConsumerLoop("consumer-" + index + "." + consumerGeneration.incrementAndGet());
        consumers.put(index, loop);
        loop.thread.start();
    }

    /** The consumer stops dead; returns false if there is no such consumer. */
    boolean crashConsumer(int index) throws InterruptedException {
        ConsumerLoop loop = consumers.get(index);
        if (loop == null) {
            return false;
        }
        loop.crash.set(true);
        loop.thread.join(10_000);
        return true;
    }

    /** A new consumer (new member) takes the crashed one's place. */
    void replaceConsumer(int index) {
        ConsumerLoop loop = consumers.get(index);
        if (loop == null || !loop.thread.isAlive()) {
            startConsumer(index);
        }
    }

    void stopProducers() throws InterruptedException {
        producing.set(false);
        for (Thread t : producerThreads) {
            t.join(60_000);
        }
    }

    void stopConsumers() throws InterruptedException {
        consumers.values().forEach(l -> l.running.set(false));
        for (ConsumerLoop l : consumers.values()) {
            l.thread.join(20_000);
        }
    }

    long readCount() {
        return reads.size();
    }

    Set<String> attempted() {
        return attempted;
    }

    List<History.Ack> acks() {
        return List.copyOf(acks);
    }

    List<History.Read> reads() {
        return List.copyOf(reads);
    }

    Map<String, Long> sendErrors() {
        return Map.copyOf(sendErrors);
    }

    long commitFailures() {
        return commitFailures.get();
    }
}
