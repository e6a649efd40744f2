package io.tributary.it;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * One cluster of real node processes shared by the tests of a class: started before the first test,
 * stopped (by PID, logs kept under target/node-logs) after the last, whatever happened.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ClusterTestBase {
    protected ClusterFixture cluster;
    protected Admin admin;

    /** How many nodes (each broker and quorum voter) the class needs. */
    protected abstract int nodes();

    /** Node settings (Kafka key names) that replace the planned ones on every node; none by default. */
    protected java.util.Map<String, String> nodeOverrides() {
        return java.util.Map.of();
    }

    /** Set-up that needs the running cluster (topics, ...). */
    protected void onClusterStarted() throws Exception {
    }

    @BeforeAll
    final void startCluster(@TempDir Path dir) throws Exception {
        cluster = ClusterFixture.start(getClass(), dir.resolve("cluster"), nodes(), nodeOverrides());
        admin = cluster.admin();
        onClusterStarted();
    }


    /** The ISR of partition 0 of {@code topic}, empty when it cannot be described right now. */
    protected java.util.Set<Integer> isr(String topic) {
        try {
            java.util.Set<Integer> out = new java.util.TreeSet<>();
            describePartition0(topic).isr().forEach(n -> out.add(n.id()));
            return out;
        } catch (Exception e) {
            return java.util.Set.of();
        }
    }

    /** Polls {@code condition} every 200 ms; fails naming {@code what} after {@code timeout}. */
    protected static void await(String what, Duration timeout, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        awaitCondition(what, timeout, condition::getAsBoolean);
    }

    @AfterAll
    final void stopCluster() throws Exception {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Polls {@code condition} every 200 ms until it holds (an exception counts as "not yet"); fails after {@code timeout}. */
    protected static void awaitCondition(String what, Duration timeout, Callable<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                if (condition.call()) {
                    return;
                }
            } catch (Exception notYet) {
                // try again until the deadline
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out after " + timeout + " waiting until " + what);
            }
            Thread.sleep(200);
        }
    }

    /**
     * Partition 0 of {@code topic} as the Admin client describes it. A topic just created may not be
     * on the broker asked yet (CreateTopics answers once the controller committed), so an unknown
     * topic is asked again for up to 15 s.
     */
    protected TopicPartitionInfo describePartition0(String topic) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true) {
            try {
                return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().get(0);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    /** Every record of {@code tp} up to its end offset, by offset, read from its current leader (bounded to 60 s). */
    protected Map<Long, String> readPartition(TopicPartition tp) {
        return ReplicaLogs.readFromLeader(cluster, tp);
    }
}
