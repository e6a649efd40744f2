package io.tributary.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One node (broker + controller) as a real process, driven by the unmodified Kafka Java clients. */
@Timeout(120)
class SingleNodeIT extends ClusterTestBase {
    @Override
    protected int nodes() {
        return 1;
    }

    private static List<ConsumerRecord<String, String>> readAll(KafkaConsumer<String, String> consumer, Collection<TopicPartition> tps, int expected) {
        consumer.assign(tps);
        consumer.seekToBeginning(tps);
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (out.size() < expected && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(out::add);
        }
        return out;
    }

    @Test
    void shouldCreateDescribeGrowAndDeleteTopicsWithTheAdminClient() throws Exception {
        admin.createTopics(List.of(new NewTopic("admin-topic", 2, (short) 1))).all().get();
        // CreateTopics answers once the controller committed; the broker's metadata follows.
        TopicDescription d = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15)).ignoreExceptions()
                .until(() -> admin.describeTopics(List.of("admin-topic")).allTopicNames().get().get("admin-topic"), t -> t != null);
        assertThat(d.partitions()).hasSize(2);
        assertThat(d.partitions().get(0).leader().id()).isEqualTo(1);
        assertThat(d.topicId()).isNotNull();

        assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic("admin-topic", 1, (short) 1))).all().get())
                .hasCauseInstanceOf(TopicExistsException.class);
        assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic("too-replicated", 1, (short) 3))).all().get())
                .hasCauseInstanceOf(InvalidReplicationFactorException.class);

        admin.createPartitions(Map.of("admin-topic", NewPartitions.increaseTo(4))).all().get();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(admin.describeTopics(List.of("admin-topic")).allTopicNames().get().get("admin-topic").partitions()).hasSize(4));

        admin.deleteTopics(List.of("admin-topic")).all().get();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(admin.listTopics().names().get()).doesNotContain("admin-topic"));
        assertThatThrownBy(() -> admin.deleteTopics(List.of("admin-topic")).all().get())
                .hasCauseInstanceOf(UnknownTopicOrPartitionException.class);
    }

    @Test
    void shouldDescribeAndAlterTopicConfigs() throws Exception {
        admin.createTopics(List.of(new NewTopic("configured", 1, (short) 1).configs(Map.of("retention.ms", "3600000")))).all().get();
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "configured");
        Config config = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15)).ignoreExceptions()
                .until(() -> admin.describeConfigs(List.of(resource)).all().get().get(resource), c -> c.get("retention.ms") != null);
        assertThat(config.get("retention.ms").value()).isEqualTo("3600000");
        assertThat(config.get("retention.ms").source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
        assertThat(config.get("segment.bytes").source()).isEqualTo(ConfigEntry.ConfigSource.DEFAULT_CONFIG);

        admin.incrementalAlterConfigs(Map.of(resource, List.of(
                new AlterConfigOp(new ConfigEntry("retention.ms", "7200000"), AlterConfigOp.OpType.SET)))).all().get();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(admin.describeConfigs(List.of(resource)).all().get().get(resource).get("retention.ms").value()).isEqualTo("7200000"));

        assertThatThrownBy(() -> admin.incrementalAlterConfigs(Map.of(resource, List.of(
                new AlterConfigOp(new ConfigEntry("cleanup.policy", "compact"), AlterConfigOp.OpType.SET)))).all().get())
                .hasCauseInstanceOf(InvalidConfigurationException.class);
    }

    @Test
    void shouldReadBackEveryAcknowledgedRecordInOrderWhenProducingIdempotentlyWithAcksAll() throws Exception {
        admin.createTopics(List.of(new NewTopic("orders", 3, (short) 1))).all().get();
        Map<Integer, List<String>> sent = new HashMap<>();
        try (KafkaProducer<String, String> producer = cluster.producer(new Properties())) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                acks.add(producer.send(new ProducerRecord<>("orders", "key-" + (i % 17), "value-" + i)));
            }
            for (int i = 0; i < acks.size(); i++) {
                RecordMetadata md = acks.get(i).get();
                sent.computeIfAbsent(md.partition(), p -> new ArrayList<>()).add("value-" + i);
            }
        }
        List<TopicPartition> tps = List.of(new TopicPartition("orders", 0), new TopicPartition("orders", 1), new TopicPartition("orders", 2));
        try (KafkaConsumer<String, String> consumer = cluster.consumer(new Properties())) {
            List<ConsumerRecord<String, String>> got = readAll(consumer, tps, 3000);
            Map<Integer, List<String>> read = new HashMap<>();
            got.forEach(r -> read.computeIfAbsent(r.partition(), p -> new ArrayList<>()).add(r.value()));
            for (int p : sent.keySet()) {
                assertThat(read.get(p)).as("partition %d", p).hasSameSizeAs(sent.get(p)).isEqualTo(sent.get(p));
            }
            assertThat(consumer.endOffsets(tps).values().stream().mapToLong(Long::longValue).sum()).isEqualTo(3000);
        }
    }

    /**
     * The Java consumer fetches in an incremental fetch session (KIP-227): later fetches name only the
     * partitions it moved on and are answered only with partitions that have news, and small fetch
     * limits make responses fill up. Records that arrive round by round on a few of many partitions,
     * some idle for several fetches, must all arrive, each partition in order.
     */
    @Test
    void shouldDeliverEveryRecordOfManyPartitionsInAnIncrementalFetchSession() throws Exception {
        int partitions = 40;
        admin.createTopics(List.of(new NewTopic("sessions", partitions, (short) 1))).all().get();
        List<TopicPartition> tps = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            tps.add(new TopicPartition("sessions", p));
        }
        Map<Integer, List<String>> sent = new HashMap<>();
        Map<Integer, List<String>> read = new HashMap<>();
        Properties limits = new Properties();
        limits.put("max.partition.fetch.bytes", "2048");
        limits.put("fetch.max.bytes", "8192");
        limits.put("fetch.max.wait.ms", "100");
        try (KafkaProducer<String, String> producer = cluster.producer(new Properties());
             KafkaConsumer<String, String> consumer = cluster.consumer(limits)) {
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            int expected = 0;
            for (int round = 0; round < 6; round++) {
                for (int p = 0; p < partitions; p++) {
                    if (round == 5 || p % 5 == round) {
                        for (int i = 0; i < 10; i++) {
                            String value = "r" + round + "-p" + p + "-" + i;
                            producer.send(new ProducerRecord<>("sessions", p, null, value));
                            sent.computeIfAbsent(p, k -> new ArrayList<>()).add(value);
                            expected++;
                        }
                    }
                }
                producer.flush();
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                int got = read.values().stream().mapToInt(List::size).sum();
                while (got < expected && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                        read.computeIfAbsent(r.partition(), k -> new ArrayList<>()).add(r.value());
                        got++;
                    }
                }
                assertThat(got).as("records read after round %d", round).isEqualTo(expected);
            }
        }
        assertThat(read).isEqualTo(sent);
    }

    @Test
    void shouldStoreRecordsSentWithAcksZeroAndAcksOne() throws Exception {
        admin.createTopics(List.of(new NewTopic("fire-and-forget", 1, (short) 1))).all().get();
        for (String acks : List.of("0", "1")) {
            Properties p = new Properties();
            p.put("acks", acks);
            p.put("enable.idempotence", "false");
            try (KafkaProducer<String, String> producer = cluster.producer(p)) {
                for (int i = 0; i < 100; i++) {
                    producer.send(new ProducerRecord<>("fire-and-forget", "acks" + acks + "-" + i));
                }
                producer.flush();
            }
        }
        TopicPartition tp = new TopicPartition("fire-and-forget", 0);
        try (KafkaConsumer<String, String> consumer = cluster.consumer(new Properties())) {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> consumer.endOffsets(List.of(tp)).get(tp) == 200L);
            assertThat(readAll(consumer, List.of(tp), 200)).hasSize(200);
        }
    }

    @Test
    void shouldListOffsetsByTimeAndMoveLogStartWithDeleteRecords() throws Exception {
        admin.createTopics(List.of(new NewTopic("timed", 1, (short) 1))).all().get();
        TopicPartition tp = new TopicPartition("timed", 0);
        try (KafkaProducer<String, String> producer = cluster.producer(new Properties())) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>("timed", 0, 1_000_000L + i * 1000L, null, "t" + i)).get();
            }
        }
        try (KafkaConsumer<String, String> consumer = cluster.consumer(new Properties())) {
            Map<TopicPartition, OffsetAndTimestamp> byTime = consumer.offsetsForTimes(Map.of(tp, 1_004_500L));
            assertThat(byTime.get(tp).offset()).isEqualTo(5);
            assertThat(consumer.beginningOffsets(List.of(tp)).get(tp)).isZero();
            assertThat(consumer.endOffsets(List.of(tp)).get(tp)).isEqualTo(10);

            long low = admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(4))).all().get() == null ? 4 : 4;
            assertThat(consumer.beginningOffsets(List.of(tp)).get(tp)).isEqualTo(low);
            List<ConsumerRecord<String, String>> rest = readAll(consumer, List.of(tp), 6);
            assertThat(rest).extracting(ConsumerRecord::value).containsExactly("t4", "t5", "t6", "t7", "t8", "t9");
        }
    }

    @Test
    void shouldAutoCreateTopicWhenProducingToUnknownTopic() throws Exception {
        try (KafkaProducer<String, String> producer = cluster.producer(new Properties())) {
            RecordMetadata md = producer.send(new ProducerRecord<>("born-on-first-use", "hello")).get();
            assertThat(md.offset()).isZero();
        }
        assertThat(admin.listTopics().names().get()).contains("born-on-first-use");
    }

    @Test
    void shouldReportUnknownTopicToAdminDescribe() {
        assertThatThrownBy(() -> admin.describeTopics(List.of("no-such-topic")).allTopicNames().get())
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(UnknownTopicOrPartitionException.class);
    }

    @Test
    void shouldServeKcatMetadataCompressedProduceAndConsume() throws Exception {
        admin.createTopics(List.of(new NewTopic("kcat-topic", 1, (short) 1))).all().get();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            ExternalProcess.Result metadata = Kcat.run(null, 30, "-b", cluster.bootstrap(), "-L", "-J");
            assertThat(metadata.exitCode()).as(metadata.stderr()).isZero();
            assertThat(metadata.stdout()).contains("\"topic\":\"kcat-topic\"");
        });

        StringBuilder expected = new StringBuilder();
        for (String codec : List.of("none", "gzip", "snappy", "lz4", "zstd")) {
            String input = "k-" + codec + ":v1\nk-" + codec + ":v2\n";
            ExternalProcess.Result produced = Kcat.run(input, 30, "-b", cluster.bootstrap(), "-t", "kcat-topic", "-P", "-K:", "-z", codec);
            assertThat(produced.exitCode()).as("produce with %s: %s", codec, produced.stderr()).isZero();
            expected.append("k-").append(codec).append("=v1\n").append("k-").append(codec).append("=v2\n");
        }
        ExternalProcess.Result consumed = Kcat.run(null, 30, "-b", cluster.bootstrap(), "-t", "kcat-topic", "-C", "-o", "beginning", "-e",
                "-f", "%k=%s\n");
        assertThat(consumed.exitCode()).as(consumed.stderr()).isZero();
        assertThat(consumed.stdout()).isEqualTo(expected.toString());
    }

    @Test
    void shouldServeKafkasOwnTopicQuorumAndConsoleTools() throws Exception {
        String bs = cluster.bootstrap();
        ExternalProcess.Result create = KafkaTool.run("org.apache.kafka.tools.TopicCommand", null, 60,
                "--bootstrap-server", bs, "--create", "--topic", "tools-topic", "--partitions", "3", "--replication-factor", "1");
        assertThat(create.exitCode()).as(create.stderr()).isZero();
        assertThat(create.stdout()).contains("Created topic tools-topic");

        ExternalProcess.Result describe = KafkaTool.run("org.apache.kafka.tools.TopicCommand", null, 60,
                "--bootstrap-server", bs, "--describe", "--topic", "tools-topic");
        assertThat(describe.exitCode()).as(describe.stderr()).isZero();
        assertThat(describe.stdout()).contains("PartitionCount: 3").contains("Partition: 2").contains("Leader: 1");

        ExternalProcess.Result quorum = KafkaTool.run("org.apache.kafka.tools.MetadataQuorumCommand", null, 60,
                "--bootstrap-server", bs, "describe", "--status");
        assertThat(quorum.exitCode()).as(quorum.stderr()).isZero();
        assertThat(quorum.stdout()).contains("LeaderId:").contains("CurrentVoters:");
        ExternalProcess.Result replication = KafkaTool.run("org.apache.kafka.tools.MetadataQuorumCommand", null, 60,
                "--bootstrap-server", bs, "describe", "--replication");
        assertThat(replication.exitCode()).as(replication.stderr()).isZero();
        assertThat(replication.stdout()).contains("Leader");

        ExternalProcess.Result produced = KafkaTool.run("org.apache.kafka.tools.ConsoleProducer", "one\ntwo\nthree\n", 60,
                "--bootstrap-server", bs, "--topic", "tools-topic", "--property", "parse.key=false");
        assertThat(produced.exitCode()).as(produced.stderr()).isZero();
        ExternalProcess.Result offsets = KafkaTool.run("org.apache.kafka.tools.GetOffsetShell", null, 60,
                "--bootstrap-server", bs, "--topic", "tools-topic", "--time", "-1");
        assertThat(offsets.exitCode()).as(offsets.stderr()).isZero();
        Map<String, Long> ends = new HashMap<>();
        offsets.stdout().lines().forEach(l -> ends.put(l.substring(l.indexOf(':') + 1, l.lastIndexOf(':')),
                Long.parseLong(l.substring(l.lastIndexOf(':') + 1).trim())));
        assertThat(ends.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(3);
        // The console consumer reads the partition that got the records (no group needed with --partition).
        String fullest = ends.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        ExternalProcess.Result consumed = KafkaTool.run("org.apache.kafka.tools.consumer.ConsoleConsumer", null, 60,
                "--bootstrap-server", bs, "--topic", "tools-topic", "--partition", fullest, "--offset", "earliest",
                "--max-messages", Long.toString(ends.get(fullest)), "--timeout-ms", "20000");
        assertThat(consumed.exitCode()).as(consumed.stderr()).isZero();
        assertThat(consumed.stdout().lines().toList()).isSubsetOf("one", "two", "three").hasSize(ends.get(fullest).intValue());
    }
}
