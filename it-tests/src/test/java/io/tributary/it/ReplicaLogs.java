package io.tributary.it;

import io.tributary.admin.local.LocalNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.internal.FileLogInputStream;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.Record;

/**
 * Reads a partition back: through a consumer from the current leader, or straight from each
 * replica's segment files on disk (the nodes run on this machine), to check that every replica
 * holds the same records at the same offsets.
 */
final class ReplicaLogs {
    private ReplicaLogs() {
    }

    /** Every record of the partition up to its end offset, by offset, read from the current leader. */
    static Map<Long, String> readFromLeader(ClusterFixture cluster, TopicPartition tp) {
        Map<Long, String> out = new TreeMap<>();
        try (KafkaConsumer<String, String> consumer = cluster.consumer(new java.util.Properties())) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (consumer.position(tp) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    out.put(r.offset(), r.value());
                }
            }
        }
        return out;
    }

    /**
     * The records in one replica's segment files (offset → value), oldest segment first. A torn
     * or preallocated tail ends the read of a segment; a node that is down is read all the same.
     */
    static Map<Long, String> readFromDisk(LocalNode node, TopicPartition tp) throws IOException {
        Map<Long, String> out = new TreeMap<>();
        Path dir = Path.of(node.dir(), "data", tp.topic() + "-" + tp.partition());
        if (!Files.isDirectory(dir)) {
            return out;
        }
        List<Path> segments;
        try (Stream<Path> files = Files.list(dir)) {
            segments = files.filter(f -> f.getFileName().toString().endsWith(".log")).sorted().toList();
        }
        for (Path segment : segments) {
            try (FileRecords records = FileRecords.open(segment.toFile(), false)) {
                for (FileLogInputStream.FileChannelRecordBatch batch : records.batches()) {
                    for (Record r : batch) {
                        out.put(r.offset(), r.hasValue() ? StandardCharsets.UTF_8.decode(r.value()).toString() : null);
                    }
                }
            } catch (RuntimeException e) {
                // The tail of an active segment (a batch being written, or preallocated zeros): stop here.
            }
        }
        return out;
    }

    /**
     * Waits (bounded) until every node's copy of the partition holds exactly the records
     * {@code expected} holds, at the same offsets; fails naming the first replica that differs.
     */
    static void awaitIdenticalOnAllReplicas(ClusterFixture cluster, TopicPartition tp, Map<Long, String> expected,
                                            Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String mismatch = null;
            for (LocalNode node : cluster.state().nodes()) {
                Map<Long, String> onDisk = readFromDisk(node, tp);
                if (!onDisk.equals(expected)) {
                    mismatch = "node " + node.id() + " holds " + onDisk.size() + " records (expected " + expected.size()
                            + "), first difference at offset " + firstDifference(onDisk, expected);
                    break;
                }
            }
            if (mismatch == null) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Replicas of " + tp + " differ after " + timeout + ": " + mismatch);
            }
            Thread.sleep(250);
        }
    }

    /**
     * The end of every failure test: the partition, read from its leader, holds every value the
     * ledger saw acknowledged exactly once and no value twice, and every replica holds the same.
     */
    static void assertNoLossNoDuplicateOnAllReplicas(ClusterFixture cluster, TopicPartition tp, AckLedger ledger)
            throws Exception {
        Map<Long, String> log = readFromLeader(cluster, tp);
        ledger.assertReadBackExactlyOnce(log);
        awaitIdenticalOnAllReplicas(cluster, tp, log, Duration.ofSeconds(60));
    }

    private static long firstDifference(Map<Long, String> a, Map<Long, String> b) {
        TreeMap<Long, String> all = new TreeMap<>(a);
        all.putAll(b);
        for (Long offset : all.keySet()) {
            if (!java.util.Objects.equals(a.get(offset), b.get(offset))) {
                return offset;
            }
        }
        return -1;
    }
}
