package io.tributary.admin.chaos;

import io.tributary.admin.local.LocalCluster;
import io.tributary.admin.local.LocalClusterState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * One chaos run: (start or target) a local cluster, run the {@link Workload} while the
 * {@link FaultInjector} plays the schedule, heal everything, let the consumers catch up, read the
 * whole log back and check the history with {@link QueueChecker}.
 */
public final class ChaosRunner {
    private static final Duration CLUSTER_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration CATCH_UP = Duration.ofSeconds(30);
    private static final Duration DRAIN = Duration.ofSeconds(60);

    private final ChaosOptions options;
    private final Consumer<String> progress;
    private final long startNs = System.nanoTime();

    public ChaosRunner(ChaosOptions options, Consumer<String> progress) {
        this.options = options;
        this.progress = progress;
    }

    private long nowMs() {
        return (System.nanoTime() - startNs) / 1_000_000;
    }

    public ChaosReport run() throws Exception {
        boolean started = !LocalClusterState.exists(options.dir());
        LocalClusterState cluster;
        if (started) {
            progress.accept("Starting a " + options.nodes() + "-node cluster in " + options.dir());
            try {
                cluster = LocalCluster.up(options.dir(), options.nodes(), Map.of("group.initial.rebalance.delay.ms", "0"), CLUSTER_TIMEOUT);
            } catch (Exception e) {
                LocalCluster.down(options.dir(), Duration.ofSeconds(5));
                throw e;
            }
        } else {
            cluster = LocalClusterState.read(options.dir());
            LocalCluster.awaitBrokers(cluster, CLUSTER_TIMEOUT);
        }
        try {
            return runOn(cluster);
        } finally {
            if (started) {
                LocalCluster.down(options.dir(), Duration.ofSeconds(15));
            }
        }
    }

    private ChaosReport runOn(LocalClusterState cluster) throws Exception {
        int nodes = cluster.nodes().size();
        String topic = "chaos-" + options.name() + "-" + options.seed() + "-" + System.currentTimeMillis();
        String group = topic + "-group";
        try (Admin admin = admin(cluster.bootstrapServers())) {
            NewTopic t = new NewTopic(topic, options.partitions(), (short) Math.min(3, nodes))
                    .configs(Map.of("min.insync.replicas", Integer.toString(Math.min(2, nodes)), "unclean.leader.election.enable", "false"));
            createTopic(admin, t);

            Timeline timeline = new Timeline();
            long workloadStart = nowMs();
            Workload workload = new Workload(cluster.bootstrapServers(), topic, group, options.partitions(), options.ratePerProducer(),
                    () -> nowMs() - workloadStart, timeline);
            ConcurrentLinkedQueue<History.Commit> commits = new ConcurrentLinkedQueue<>();
            AtomicBoolean observing = new AtomicBoolean(true);
            Thread observer = new Thread(() -> observeCommits(cluster.bootstrapServers(), group, commits, observing), "chaos-commit-observer");
            observer.setDaemon(true);

            progress.accept("Workload on topic " + topic + ": " + options.producers() + " producers, " + options.consumers() + " consumers; "
                    + options.schedule().faults().size() + " faults in " + options.durationMs() / 1000 + " s");
            workload.start(options.producers(), options.consumers());
            observer.start();
            FaultInjector injector = new FaultInjector(options.dir(), admin, topic, group, workload);
            List<ChaosReport.InjectedFault> injected = new ArrayList<>();
            try {
                for (Fault f : options.schedule().faults()) {
                    sleepUntil(workloadStart + f.atMs());
                    long at = nowMs() - workloadStart;
                    FaultInjector.Hit hit = injector.start(f);
                    progress.accept(String.format("%6.1f s  %s -> %s", at / 1000.0, f.describe(), hit.ids()));
                    sleepUntil(workloadStart + Math.max(f.endMs(), at + f.durationMs()));
                    injector.end(f, hit);
                    long end = nowMs() - workloadStart;
                    progress.accept(String.format("%6.1f s  undone: %s", end / 1000.0, f.describe()));
                    injected.add(new ChaosReport.InjectedFault(f.describe(), f.kind().label(), at, end, hit.ids(), hit.note()));
                }
                sleepUntil(workloadStart + options.durationMs());
            } finally {
                injector.healAll();
            }
            progress.accept("Healed; waiting for every broker");
            LocalCluster.awaitBrokers(LocalClusterState.read(options.dir()), CLUSTER_TIMEOUT);
            workload.stopProducers();
            Map<TopicPartition, Long> listed = endOffsets(admin, topic);
            Map<TopicPartition, Long> ends = readTo(listed, topic, workload.acks());
            ends.forEach((tp, end) -> {
                if (end > listed.getOrDefault(tp, 0L)) {
                    progress.accept("Partition " + tp.partition() + ": listed end " + listed.get(tp)
                            + " is below an acknowledged write; reading to " + end);
                }
            });
            boolean caughtUp = awaitCommitted(admin, group, ends);
            workload.stopConsumers();
            observing.set(false);
            observer.join(10_000);
            observeOnce(admin, group, commits);
            progress.accept("Reading the whole log back");
            Drain drain = drain(cluster.bootstrapServers(), ends);

            History history = new History(workload.attempted(), workload.acks(), workload.reads(), List.copyOf(commits), drain.reads());
            List<CheckResult> checks = new ArrayList<>(QueueChecker.check(history));
            checks.add(new CheckResult("drained", "the final read reaches the end of every partition within "
                    + DRAIN.toSeconds() + " s", drain.missing().size(), drain.missing()));
            Map<String, Long> summary = new LinkedHashMap<>();
            summary.put("sent", (long) history.attempted().size());
            summary.put("acknowledged", (long) history.acks().size());
            summary.put("sendErrors", workload.sendErrors().values().stream().mapToLong(Long::longValue).sum());
            workload.sendErrors().forEach((k, v) -> summary.put("sendErrors." + k, v));
            summary.put("groupReads", (long) history.reads().size());
            summary.put("finalReads", (long) history.finalReads().size());
            summary.put("commitObservations", (long) history.commits().size());
            summary.put("commitFailures", workload.commitFailures());
            summary.put("groupCaughtUp", caughtUp ? 1L : 0L);
            return new ChaosReport(options.describe(), options.seed(), injected, timeline.seconds(), checks, summary);
        }
    }

    private static Admin admin(String bootstrap) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        return Admin.create(p);
    }

    private void sleepUntil(long atMs) throws InterruptedException {
        long wait = atMs - nowMs();
        if (wait > 0) {
            Thread.sleep(wait);
        }
    }

    private static void observeCommits(String bootstrap, String group, ConcurrentLinkedQueue<History.Commit> commits, AtomicBoolean observing) {
        try (Admin admin = admin(bootstrap)) {
            while (observing.get()) {
                observeOnce(admin, group, commits);
                Thread.sleep(500);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Records the group's committed offsets as the cluster reports them now; an unanswered query records nothing. */
    private static void observeOnce(Admin admin, String group, ConcurrentLinkedQueue<History.Commit> commits) {
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(5, TimeUnit.SECONDS);
            offsets.forEach((tp, om) -> {
                if (om != null) {
                    commits.add(new History.Commit(tp.partition(), om.offset()));
                }
            });
        } catch (Exception e) {
            // Unavailable during a fault: that is what the faults are for.
        }
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin, String topic) throws Exception {
        Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
        var d = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
        d.partitions().forEach(p -> specs.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
        Map<TopicPartition, Long> ends = new HashMap<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                admin.listOffsets(specs, new org.apache.kafka.clients.admin.ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                        .all().get(10, TimeUnit.SECONDS).forEach((tp, info) -> ends.put(tp, info.offset()));
                return ends;
            } catch (Exception e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(500);
            }
        }
    }

    /**
     * Creates the run's topic, waiting (bounded) for enough brokers: right after an earlier run's
     * faults healed, restarted brokers may still be registering their new incarnations with a new
     * controller, which places replicas only on brokers it has heard from.
     */
    private static void createTopic(Admin admin, NewTopic topic) throws Exception {
        long deadline = System.nanoTime() + CLUSTER_TIMEOUT.toNanos();
        while (true) {
            try {
                admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException e) {
                if (e.getCause() instanceof TopicExistsException) {
                    return; // an earlier attempt that timed out created it
                }
                if (!(e.getCause() instanceof InvalidReplicationFactorException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(500);
            }
        }
    }

    /**
     * How far to read each partition back: to the end the cluster lists, and never short of an
     * acknowledged write. A leader restarted after a heal does not know its old high watermark until
     * its followers fetch again; it answers OFFSET_NOT_AVAILABLE meanwhile (KIP-207), but an end
     * listed lower than an acknowledged write must never make the read stop short and report it lost.
     * If the log really lacks them, the read cannot reach them and the drained and lost checks both fail.
     */
    static Map<TopicPartition, Long> readTo(Map<TopicPartition, Long> listed, String topic, List<History.Ack> acks) {
        Map<TopicPartition, Long> ends = new HashMap<>(listed);
        for (History.Ack a : acks) {
            ends.merge(new TopicPartition(topic, a.partition()), a.offset() + 1, Math::max);
        }
        return ends;
    }

    /** Waits (bounded) until the group has committed up to the end of every partition. */
    private static boolean awaitCommitted(Admin admin, String group, Map<TopicPartition, Long> ends) throws InterruptedException {
        long deadline = System.nanoTime() + CATCH_UP.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                Map<TopicPartition, OffsetAndMetadata> c = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                        .get(5, TimeUnit.SECONDS);
                if (ends.entrySet().stream().allMatch(e -> e.getValue() == 0
                        || (c.get(e.getKey()) != null && c.get(e.getKey()).offset() >= e.getValue()))) {
                    return true;
                }
            } catch (Exception e) {
                // Retried until the deadline.
            }
            Thread.sleep(500);
        }
        return false;
    }

    private record Drain(List<History.Read> reads, List<String> missing) {
    }

    /** Reads every partition from the beginning to the end offsets taken after the heal. */
    private static Drain drain(String bootstrap, Map<TopicPartition, Long> ends) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<History.Read> reads = new ArrayList<>();
        Map<TopicPartition, Long> positions = new HashMap<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            c.assign(ends.keySet());
            c.seekToBeginning(ends.keySet());
            long deadline = System.nanoTime() + DRAIN.toNanos();
            while (System.nanoTime() < deadline && !reachedEnds(positions, ends)) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
                    reads.add(new History.Read("final-read", 0, r.partition(), r.offset(), r.value()));
                    positions.merge(new TopicPartition(r.topic(), r.partition()), r.offset() + 1, Math::max);
                }
            }
        }
        List<String> missing = new ArrayList<>();
        ends.forEach((tp, end) -> {
            long at = positions.getOrDefault(tp, 0L);
            if (at < end) {
                missing.add("partition " + tp.partition() + " read to offset " + at + " of " + end);
            }
        });
        return new Drain(reads, missing);
    }

    private static boolean reachedEnds(Map<TopicPartition, Long> positions, Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream().allMatch(e -> positions.getOrDefault(e.getKey(), 0L) >= e.getValue());
    }
}
