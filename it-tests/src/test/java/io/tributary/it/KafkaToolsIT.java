package io.tributary.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Apache Kafka's own operator tools (the classes behind kafka-topics.sh, kafka-consumer-groups.sh,
 * kafka-metadata-quorum.sh, kafka-leader-election.sh and the console clients), each run as a separate
 * process from the kafka-tools jar, against a 3-node cluster.
 */
@Timeout(180)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaToolsIT extends ClusterTestBase {
    private static final String CONFIGS = "kafka.admin.ConfigCommand";
    private static final String TOPICS = "org.apache.kafka.tools.TopicCommand";
    private static final String GROUPS = "org.apache.kafka.tools.consumer.group.ConsumerGroupCommand";
    private static final String QUORUM = "org.apache.kafka.tools.MetadataQuorumCommand";
    private static final String ELECTION = "org.apache.kafka.tools.LeaderElectionCommand";
    private static final String PRODUCER = "org.apache.kafka.tools.ConsoleProducer";
    private static final String CONSUMER = "org.apache.kafka.tools.consumer.ConsoleConsumer";

    @Override
    protected int nodes() {
        return 3;
    }

    @Override
    protected java.util.Map<String, String> nodeOverrides() {
        return java.util.Map.of("group.initial.rebalance.delay.ms", "0");
    }

    private String[] withBootstrap(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--bootstrap-server";
        all[1] = cluster.bootstrap();
        System.arraycopy(args, 0, all, 2, args.length);
        return all;
    }

    private ExternalProcess.Result tool(String mainClass, String stdin, String... args) throws Exception {
        ExternalProcess.Result r = KafkaTool.run(mainClass, stdin, 90, withBootstrap(args));
        assertThat(r.exitCode()).as("%s %s: %s", mainClass, String.join(" ", args), r.stderr()).isZero();
        return r;
    }

    @Test
    @Order(6)
    void shouldAlterDescribeAndDeleteTopicAndBrokerConfigsWithKafkaConfigs() throws Exception {
        admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic("kc", 1, (short) 3))).all().get();
        assertThat(configs("--entity-type", "topics", "--entity-name", "kc", "--alter", "--add-config", "retention.ms=12345,max.message.bytes=65536"))
                .contains("Completed updating config for topic kc.");
        assertThat(configs("--entity-type", "topics", "--entity-name", "kc", "--describe"))
                .contains("retention.ms=12345").contains("max.message.bytes=65536");
        assertThat(configs("--entity-type", "brokers", "--entity-name", "1", "--alter", "--add-config", "log.retention.check.interval.ms=60000"))
                .contains("Completed updating config for broker 1.");
        assertThat(configs("--entity-type", "brokers", "--entity-name", "1", "--describe")).contains("log.retention.check.interval.ms=60000");
        assertThat(configs("--entity-type", "topics", "--entity-name", "kc", "--alter", "--delete-config", "retention.ms"))
                .contains("Completed updating config for topic kc.");
        String after = configs("--entity-type", "topics", "--entity-name", "kc", "--describe");
        assertThat(after).doesNotContain("retention.ms=12345").contains("max.message.bytes=65536");
        ExternalProcess.Result bad = KafkaTool.runCoreTool(CONFIGS, null, 90,
                withBootstrap("--entity-type", "topics", "--entity-name", "kc", "--alter", "--add-config", "retention.ms=soon"));
        assertThat(bad.exitCode()).isNotZero();
        assertThat(bad.stdout() + bad.stderr()).containsIgnoringCase("retention.ms");
    }

    private String configs(String... args) throws Exception {
        ExternalProcess.Result r = KafkaTool.runCoreTool(CONFIGS, null, 90, withBootstrap(args));
        assertThat(r.exitCode()).as("kafka-configs %s: %s", String.join(" ", args), r.stderr()).isZero();
        return r.stdout();
    }

    @Test
    @Order(1)
    void shouldCreateListDescribeGrowAndDeleteTopicsWithKafkaTopics() throws Exception {
        assertThat(tool(TOPICS, null, "--create", "--topic", "kt", "--partitions", "3", "--replication-factor", "3").stdout())
                .contains("Created topic kt.");
        assertThat(tool(TOPICS, null, "--list").stdout().lines()).contains("kt");
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            TopicDescription d = admin.describeTopics(List.of("kt")).allTopicNames().get().get("kt");
            d.partitions().forEach(p -> assertThat(p.isr()).hasSize(3));
        });
        String describe = tool(TOPICS, null, "--describe", "--topic", "kt").stdout();
        assertThat(describe).contains("PartitionCount: 3").contains("ReplicationFactor: 3");
        assertThat(describe.lines().filter(l -> l.contains("Partition: ") && l.contains("Isr: ")).count()).isEqualTo(3);
        tool(TOPICS, null, "--alter", "--topic", "kt", "--partitions", "4");
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(admin.describeTopics(List.of("kt")).allTopicNames().get().get("kt").partitions()).hasSize(4));
        tool(TOPICS, null, "--create", "--topic", "kt-gone", "--partitions", "1", "--replication-factor", "1");
        tool(TOPICS, null, "--delete", "--topic", "kt-gone");
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(admin.listTopics().names().get()).doesNotContain("kt-gone"));
    }

    @Test
    @Order(2)
    void shouldProduceWithKeysAndConsumeInAGroupWithTheConsoleTools() throws Exception {
        tool(PRODUCER, "a:1\nb:2\nc:3\nd:4\n", "--topic", "kt", "--reader-property", "parse.key=true", "--reader-property", "key.separator=:");
        String consumed = tool(CONSUMER, null, "--topic", "kt", "--group", "kt-readers", "--from-beginning", "--max-messages", "4",
                "--timeout-ms", "30000", "--formatter-property", "print.key=true", "--formatter-property", "key.separator==").stdout();
        assertThat(consumed.lines().sorted().toList()).containsExactly("a=1", "b=2", "c=3", "d=4");
    }

    @Test
    @Order(3)
    void shouldListDescribeResetAndDeleteGroupsWithKafkaConsumerGroups() throws Exception {
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(tool(GROUPS, null, "--list").stdout().lines()).contains("kt-readers"));
        String describe = tool(GROUPS, null, "--describe", "--group", "kt-readers").stdout();
        assertThat(describe).contains("CURRENT-OFFSET").contains("LOG-END-OFFSET").contains("LAG");
        assertThat(describe.lines().filter(l -> l.startsWith("kt-readers") && l.contains(" kt ")).count()).isEqualTo(4);

        String dryRun = tool(GROUPS, null, "--reset-offsets", "--group", "kt-readers", "--topic", "kt", "--to-earliest", "--dry-run").stdout();
        assertThat(dryRun).contains("NEW-OFFSET");
        tool(GROUPS, null, "--reset-offsets", "--group", "kt-readers", "--topic", "kt", "--to-earliest", "--execute");
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                admin.listConsumerGroupOffsets("kt-readers").partitionsToOffsetAndMetadata().get().values())
                .isNotEmpty().allMatch(o -> o.equals(new OffsetAndMetadata(0))));
        assertThat(tool(GROUPS, null, "--delete", "--group", "kt-readers").stdout()).contains("Deletion of requested consumer groups ('kt-readers') was successful.");
        assertThat(admin.listConsumerGroupOffsets("kt-readers").partitionsToOffsetAndMetadata().get()
                .get(new TopicPartition("kt", 0))).isNull();
    }

    @Test
    @Order(4)
    void shouldDescribeTheQuorumStatusAndReplicationWithKafkaMetadataQuorum() throws Exception {
        String status = tool(QUORUM, null, "describe", "--status").stdout();
        assertThat(status).contains("LeaderId:").contains("LeaderEpoch:").contains("HighWatermark:").contains("CurrentVoters:");
        String replication = tool(QUORUM, null, "describe", "--replication").stdout();
        assertThat(replication).contains("NodeId").contains("LogEndOffset").contains("Lag");
        assertThat(replication.lines().filter(l -> l.contains("Leader") || l.contains("Follower")).count()).isEqualTo(3);
    }

    @Test
    @Order(5)
    void shouldRunPreferredLeaderElectionWithKafkaLeaderElection() throws Exception {
        ExternalProcess.Result r = KafkaTool.run(ELECTION, null, 90, "--bootstrap-server", cluster.bootstrap(),
                "--election-type", "preferred", "--all-topic-partitions");
        // Kafka's tool exits 0 when every partition already has its preferred leader and says so.
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout() + r.stderr()).containsAnyOf("Valid replica already elected for partitions", "Successfully completed leader election");
        ExternalProcess.Result one = KafkaTool.run(ELECTION, null, 90, "--bootstrap-server", cluster.bootstrap(),
                "--election-type", "preferred", "--topic", "kt", "--partition", "0");
        assertThat(one.exitCode()).as(one.stderr()).isZero();
    }
}
