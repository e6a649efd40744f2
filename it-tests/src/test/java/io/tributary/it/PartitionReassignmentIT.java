package io.tributary.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.admin.local.LocalCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.PartitionReassignment;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.InvalidReplicaAssignmentException;
import org.apache.kafka.common.errors.NoReassignmentInProgressException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Partition reassignment on four real node processes: with the Admin client and with Kafka's own
 * {@code kafka-reassign-partitions.sh} and {@code kafka-leader-election.sh}. The new replicas must
 * hold every acknowledged record, the old replicas' directories must be gone, and a reassignment
 * whose new replica cannot catch up must stay in progress until it is cancelled.
 */
@Timeout(300)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PartitionReassignmentIT extends ClusterTestBase {
    private static final int RECORDS = 2000;

    @Override
    protected int nodes() {
        return 4;
    }

    private static List<Integer> ids(List<Node> nodes) {
        return nodes.stream().map(Node::id).toList();
    }

    /** Creates {@code topic} with one partition on {@code replicas} and writes {@link #RECORDS} acks=all records to it. */
    private List<String> createAndFill(String topic, List<Integer> replicas) throws Exception {
        admin.createTopics(List.of(new NewTopic(topic, Map.of(0, replicas)))).all().get();
        awaitCondition("the ISR of " + topic + " is complete", Duration.ofSeconds(30),
                () -> new TreeSet<>(ids(describePartition0(topic).isr())).equals(new TreeSet<>(replicas)));
        Properties p = new Properties();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        List<String> values = new ArrayList<>();
        try (KafkaProducer<String, String> producer = cluster.producer(p)) {
            for (int i = 0; i < RECORDS; i++) {
                values.add(topic + "-" + i);
                producer.send(new ProducerRecord<>(topic, 0, null, topic + "-" + i));
            }
            producer.flush();
        }
        return values;
    }

    private void awaitReassigned(TopicPartition tp, List<Integer> replicas) throws InterruptedException {
        awaitCondition(tp + " is reassigned to " + replicas, Duration.ofSeconds(60), () ->
                admin.listPartitionReassignments(Set.of(tp)).reassignments().get().isEmpty()
                        && ids(describePartition0(tp.topic()).replicas()).equals(replicas)
                        && new TreeSet<>(ids(describePartition0(tp.topic()).isr())).equals(new TreeSet<>(replicas)));
    }

    /** Brokers that hold {@code tp} in a log dir, with its size, as DescribeLogDirs reports them. */
    private Map<Integer, Long> replicaSizes(TopicPartition tp) throws Exception {
        Map<Integer, Long> out = new TreeMap<>();
        Map<Integer, Map<String, LogDirDescription>> dirs = admin.describeLogDirs(List.of(1, 2, 3, 4)).allDescriptions().get();
        dirs.forEach((broker, byDir) -> byDir.values().forEach(d -> {
            ReplicaInfo info = d.replicaInfos().get(tp);
            if (info != null) {
                out.put(broker, info.size());
            }
        }));
        return out;
    }

    private boolean partitionDirExists(int node, TopicPartition tp) {
        Path data = Path.of(LocalCluster.node(cluster.state(), node).dir(), "data", tp.topic() + "-" + tp.partition());
        return Files.exists(data);
    }

    @Test
    @Order(1)
    void shouldMovePartitionToNewReplicasWithAdminAndKeepEveryRecord() throws Exception {
        TopicPartition tp = new TopicPartition("moved", 0);
        List<String> written = createAndFill(tp.topic(), List.of(1, 2));
        assertThat(partitionDirExists(1, tp)).isTrue();

        admin.alterPartitionReassignments(Map.of(tp, Optional.of(new NewPartitionReassignment(List.of(3, 4))))).all().get();
        awaitReassigned(tp, List.of(3, 4));
        awaitCondition("the leader moved into the target", Duration.ofSeconds(30),
                () -> describePartition0(tp.topic()).leader().id() == 3);
        // A broker stops listing a replica it drops just before its directory goes, so wait for both.
        awaitCondition("the old replicas are deleted and the new ones hold the same bytes", Duration.ofSeconds(30), () -> {
            Map<Integer, Long> sizes = replicaSizes(tp);
            return sizes.keySet().equals(Set.of(3, 4)) && sizes.get(3).equals(sizes.get(4)) && sizes.get(3) > 0
                    && !partitionDirExists(1, tp) && !partitionDirExists(2, tp);
        });
        assertThat(readPartition(tp).values()).containsExactlyElementsOf(written);

        // A reorder completes at once; kafka-leader-election.sh then moves the leadership to broker 4,
        // which must serve exactly the same records.
        admin.alterPartitionReassignments(Map.of(tp, Optional.of(new NewPartitionReassignment(List.of(4, 3))))).all().get();
        awaitReassigned(tp, List.of(4, 3));
        ExternalProcess.Result elect = KafkaTool.run("org.apache.kafka.tools.LeaderElectionCommand", null, 60,
                "--bootstrap-server", cluster.bootstrap(), "--election-type", "PREFERRED", "--topic", tp.topic(), "--partition", "0");
        assertThat(elect.exitCode()).as(elect.stdout() + elect.stderr()).isZero();
        assertThat(elect.stdout()).contains("Successfully completed leader election (PREFERRED) for partitions moved-0");
        awaitCondition("broker 4 leads", Duration.ofSeconds(30), () -> describePartition0(tp.topic()).leader().id() == 4);
        assertThat(readPartition(tp).values()).containsExactlyElementsOf(written);
        // An unclean election is refused as not needed while the leader is live (ELECTION_NOT_NEEDED).
        ExternalProcess.Result unclean = KafkaTool.run("org.apache.kafka.tools.LeaderElectionCommand", null, 60,
                "--bootstrap-server", cluster.bootstrap(), "--election-type", "UNCLEAN", "--topic", tp.topic(), "--partition", "0");
        assertThat(unclean.exitCode()).as(unclean.stdout() + unclean.stderr()).isZero();
        assertThat(unclean.stdout()).contains("Valid replica already elected for partitions moved-0");
    }

    @Test
    @Order(2)
    void shouldRejectBadReassignmentsWithKafkaErrors() throws Exception {
        TopicPartition tp = new TopicPartition("moved", 0);
        assertThatThrownBy(() -> admin.alterPartitionReassignments(Map.of(tp,
                Optional.of(new NewPartitionReassignment(List.of(3, 99))))).all().get())
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(InvalidReplicaAssignmentException.class);
        assertThatThrownBy(() -> admin.alterPartitionReassignments(Map.of(tp,
                Optional.of(new NewPartitionReassignment(List.of(3, 3))))).all().get())
                .hasCauseInstanceOf(InvalidReplicaAssignmentException.class);
        assertThatThrownBy(() -> admin.alterPartitionReassignments(Map.of(tp, Optional.empty())).all().get())
                .hasCauseInstanceOf(NoReassignmentInProgressException.class);
        assertThatThrownBy(() -> admin.alterPartitionReassignments(Map.of(new TopicPartition("nope", 0),
                Optional.of(new NewPartitionReassignment(List.of(1))))).all().get())
                .hasCauseInstanceOf(UnknownTopicOrPartitionException.class);
    }

    @Test
    @Order(3)
    void shouldReassignWithKafkaReassignPartitionsTool(@TempDir Path dir) throws Exception {
        TopicPartition tp = new TopicPartition("tool", 0);
        List<String> written = createAndFill(tp.topic(), List.of(1, 2));

        Path topics = Files.writeString(dir.resolve("topics.json"), "{\"version\":1,\"topics\":[{\"topic\":\"tool\"}]}");
        ExternalProcess.Result generate = reassignTool("--generate", "--topics-to-move-json-file", topics.toString(),
                "--broker-list", "2,3");
        assertThat(generate.exitCode()).as(generate.stdout() + generate.stderr()).isZero();
        assertThat(generate.stdout()).contains("Current partition replica assignment").contains("Proposed partition reassignment configuration");

        Path plan = Files.writeString(dir.resolve("plan.json"),
                "{\"version\":1,\"partitions\":[{\"topic\":\"tool\",\"partition\":0,\"replicas\":[2,3]}]}");
        ExternalProcess.Result execute = reassignTool("--execute", "--reassignment-json-file", plan.toString(),
                "--throttle", "50000000");
        assertThat(execute.exitCode()).as(execute.stdout() + execute.stderr()).isZero();
        assertThat(execute.stdout()).contains("Successfully started partition reassignment");

        StringBuilder verified = new StringBuilder();
        awaitCondition("--verify reports the reassignment completed", Duration.ofSeconds(60), () -> {
            ExternalProcess.Result verify = reassignTool("--verify", "--reassignment-json-file", plan.toString());
            verified.setLength(0);
            verified.append(verify.stdout());
            return verify.exitCode() == 0 && verify.stdout().contains("Reassignment of partition tool-0 is completed");
        });
        // --verify also removes the throttles --execute set (topic and broker configs) once the move is done.
        assertThat(verified.toString()).contains("Clearing broker-level throttles").contains("Clearing topic-level throttles");
        // --verify asked the broker it reached; the Admin client here may ask one that has not applied it yet.
        awaitCondition("the metadata shows replicas [2, 3] led by 2", Duration.ofSeconds(30), () -> {
            TopicPartitionInfo p = describePartition0(tp.topic());
            return ids(p.replicas()).equals(List.of(2, 3)) && p.leader().id() == 2;
        });
        awaitCondition("broker 1 deleted its replica", Duration.ofSeconds(30), () -> !partitionDirExists(1, tp));
        assertThat(readPartition(tp).values()).containsExactlyElementsOf(written);
    }

    private ExternalProcess.Result reassignTool(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--bootstrap-server", cluster.bootstrap()));
        all.addAll(List.of(args));
        return KafkaTool.run("org.apache.kafka.tools.reassign.ReassignPartitionsCommand", null, 60, all.toArray(String[]::new));
    }

    @Test
    @Order(4)
    void shouldKeepReassignmentInProgressUntilCancelledWhenNewReplicaIsDown(@TempDir Path dir)
            throws Exception {
        TopicPartition tp = new TopicPartition("cancelled", 0);
        int controller = admin.describeCluster().controller().get().id();
        int down = controller == 4 ? 3 : 4;
        List<Integer> original = new ArrayList<>(List.of(1, 2, 3, 4).stream().filter(id -> id != down && id != controller).toList());
        List<String> written = createAndFill(tp.topic(), original);
        cluster.kill(down);

        admin.alterPartitionReassignments(Map.of(tp, Optional.of(new NewPartitionReassignment(List.of(original.get(0), down)))))
                .all().get();
        Map<TopicPartition, PartitionReassignment> ongoing = admin.listPartitionReassignments().reassignments().get();
        assertThat(ongoing).containsOnlyKeys(tp);
        assertThat(ongoing.get(tp).addingReplicas()).containsExactly(down);
        assertThat(ongoing.get(tp).removingReplicas()).containsExactly(original.get(1));
        Thread.sleep(2000);
        assertThat(admin.listPartitionReassignments(Set.of(tp)).reassignments().get()).as("the dead replica cannot catch up")
                .containsKey(tp);

        Path plan = Files.writeString(dir.resolve("plan.json"), "{\"version\":1,\"partitions\":[{\"topic\":\"cancelled\","
                + "\"partition\":0,\"replicas\":[" + original.get(0) + "," + down + "]}]}");
        // --preserve-throttles: clearing throttles would send config changes to every broker, the dead one too.
        ExternalProcess.Result cancel = reassignTool("--cancel", "--reassignment-json-file", plan.toString(),
                "--preserve-throttles");
        assertThat(cancel.exitCode()).as(cancel.stdout() + cancel.stderr()).isZero();
        assertThat(cancel.stdout()).contains("Successfully cancelled partition reassignment");

        assertThat(admin.listPartitionReassignments().reassignments().get()).isEmpty();
        awaitCondition("the replicas are back to " + original, Duration.ofSeconds(30),
                () -> new TreeSet<>(ids(describePartition0(tp.topic()).replicas())).equals(new TreeSet<>(original)));
        assertThat(readPartition(tp).values()).containsExactlyElementsOf(written);
    }
}
