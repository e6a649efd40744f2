import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Consumer-group benchmark against any bootstrap (Tributary or Apache Kafka), with unmodified
 * kafka-clients:
 *   rebalance: N consumers (one thread each) subscribe to a fresh topic at once; the figure is the
 *              time from the first subscribe until every consumer owns partitions and together
 *              they own each partition exactly once (classic and consumer protocol, N = 10 and 50).
 *   commit:    commitSync of 6 partitions in a loop from 1 and from 8 threads (each its own group,
 *              no membership): commits/s and per-commit latency percentiles.
 * Usage: java -cp <kafka-clients and slf4j jars> GroupBench.java BOOTSTRAP [LABEL]   (env WHAT=commit or
 *        WHAT=rebalance runs only those)
 */
public class GroupBench {
    static String bootstrap;

    public static void main(String[] args) throws Exception {
        bootstrap = args[0];
        String label = args.length > 1 ? args[1] : "target";
        String what = System.getenv().getOrDefault("WHAT", "all"); // commit | rebalance | all
        for (String protocol : what.equals("commit") ? List.<String>of() : List.of("classic", "consumer")) {
            for (int n : List.of(10, 50)) {
                long ms = rebalance(protocol, n);
                System.out.printf("REBALANCE %s protocol=%s consumers=%d ms=%d%n", label, protocol, n, ms);
            }
        }
        for (int threads : what.equals("rebalance") ? List.<Integer>of() : List.of(1, 8)) {
            commit(label, threads, 10_000);
        }
    }

    static Properties common() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return p;
    }

    static String topic(int partitions) throws Exception {
        String name = "gb-" + UUID.randomUUID().toString().substring(0, 8);
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        try (Admin admin = Admin.create(p)) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
        }
        Thread.sleep(1000); // let every broker see the topic
        return name;
    }

    static long rebalance(String protocol, int n) throws Exception {
        int partitions = 2 * n;
        String topic = topic(partitions);
        String group = "gb-rb-" + UUID.randomUUID();
        Map<Integer, Set<TopicPartition>> owned = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        long t0 = System.nanoTime();
        AtomicLong doneAt = new AtomicLong();
        for (int i = 0; i < n; i++) {
            int id = i;
            Thread t = new Thread(() -> {
                Properties p = common();
                p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
                p.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, protocol);
                if (protocol.equals("classic")) {
                    p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "1000");
                }
                try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
                    c.subscribe(List.of(topic));
                    while (!stop.get()) {
                        c.poll(Duration.ofMillis(50));
                        owned.put(id, Set.copyOf(c.assignment()));
                    }
                }
            });
            t.start();
            threads.add(t);
        }
        long deadline = System.nanoTime() + 180_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (complete(owned, n, partitions)) {
                doneAt.set(System.nanoTime());
                break;
            }
            Thread.sleep(5);
        }
        stop.set(true);
        for (Thread t : threads) {
            t.join(30_000);
        }
        return doneAt.get() == 0 ? -1 : (doneAt.get() - t0) / 1_000_000;
    }

    static boolean complete(Map<Integer, Set<TopicPartition>> owned, int n, int partitions) {
        if (owned.size() < n) {
            return false;
        }
        Set<TopicPartition> union = new HashSet<>();
        int total = 0;
        for (Set<TopicPartition> s : owned.values()) {
            if (s.isEmpty()) {
                return false;
            }
            union.addAll(s);
            total += s.size();
        }
        return union.size() == partitions && total == partitions;
    }

    static void commit(String label, int threads, long durationMs) throws Exception {
        String topic = topic(6);
        List<long[]> latencies = new ArrayList<>();
        List<Thread> ts = new ArrayList<>();
        long end = System.nanoTime() + durationMs * 1_000_000L;
        for (int i = 0; i < threads; i++) {
            long[] lat = new long[2_000_000];
            latencies.add(lat);
            String group = "gb-commit-" + UUID.randomUUID();
            Thread t = new Thread(() -> {
                Properties p = common();
                p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
                try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
                    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                    long offset = 0;
                    int k = 0;
                    c.commitSync(Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(0))); // warm up: coordinator lookup
                    while (System.nanoTime() < end && k < lat.length - 1) {
                        offset++;
                        for (int part = 0; part < 6; part++) {
                            offsets.put(new TopicPartition(topic, part), new OffsetAndMetadata(offset));
                        }
                        long s = System.nanoTime();
                        c.commitSync(offsets);
                        lat[++k] = System.nanoTime() - s;
                    }
                    lat[0] = k;
                }
            });
            t.start();
            ts.add(t);
        }
        for (Thread t : ts) {
            t.join();
        }
        List<Long> all = new ArrayList<>();
        for (long[] lat : latencies) {
            for (int k = 1; k <= lat[0]; k++) {
                all.add(lat[k]);
            }
        }
        long[] sorted = all.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("COMMIT %s threads=%d commits=%d commits_per_s=%.0f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f%n", label,
                threads, sorted.length, sorted.length * 1000.0 / durationMs, pct(sorted, 0.50), pct(sorted, 0.99),
                sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6);
    }

    static double pct(long[] sorted, double q) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (q * sorted.length))] / 1e6;
    }
}
