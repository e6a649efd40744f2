package io.tributary.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.QuorumInfo;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three nodes, each broker and quorum voter, as real processes: the quorum is visible through
 * Kafka's DescribeQuorum, and after SIGKILL of the active controller another voter takes over and
 * serves metadata writes; the killed node comes back on its data and rejoins.
 */
@Timeout(180)
class ControllerFailoverIT {

    @Test
    void shouldElectNewControllerAndKeepServingMetadataWhenActiveControllerIsKilled(@TempDir Path dir) throws Exception {
        try (ClusterFixture cluster = ClusterFixture.start(ControllerFailoverIT.class, dir.resolve("cluster"), 3); Admin admin = cluster.admin()) {
            QuorumInfo quorum = admin.describeMetadataQuorum().quorumInfo().get();
            assertThat(quorum.voters()).extracting(QuorumInfo.ReplicaState::replicaId).containsExactlyInAnyOrder(1, 2, 3);
            int controller = quorum.leaderId();
            assertThat(controller).isBetween(1, 3);

            admin.createTopics(List.of(new NewTopic("spread", 6, (short) 3))).all().get();
            // CreateTopics returns once the controller committed; the broker Admin asks next may
            // not have applied it yet (Kafka's clients see the same), so describe until it has.
            TopicDescription spread = Awaitility.await().atMost(Duration.ofSeconds(15)).ignoreExceptions().until(
                    () -> admin.describeTopics(List.of("spread")).allTopicNames().get().get("spread"), d -> d != null);
            assertThat(spread.partitions()).allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
            assertThat(spread.partitions()).extracting(p -> p.leader().id()).containsOnly(1, 2, 3).hasSize(6);

            long killedAt = System.nanoTime();
            cluster.kill(controller);
            // Metadata writes resume once a surviving voter leads; RF 2 fits the two live brokers.
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
                try {
                    admin.createTopics(List.of(new NewTopic("after-failover", 2, (short) 2)),
                            new CreateTopicsOptions().timeoutMs(3000)).all().get(5, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    // An earlier attempt that timed out on our side may have succeeded.
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
                return true;
            });
            long failoverMs = Duration.ofNanos(System.nanoTime() - killedAt).toMillis();
            System.out.println("CONTROLLER_FAILOVER kill_to_metadata_write_ms=" + failoverMs);

            QuorumInfo after = admin.describeMetadataQuorum().quorumInfo().get();
            assertThat(after.leaderId()).isNotEqualTo(controller).isBetween(1, 3);
            TopicDescription created = Awaitility.await().atMost(Duration.ofSeconds(15)).ignoreExceptions().until(
                    () -> admin.describeTopics(List.of("after-failover")).allTopicNames().get().get("after-failover"), d -> d != null);
            assertThat(created.partitions()).allSatisfy(p -> assertThat(p.replicas()).extracting(org.apache.kafka.common.Node::id).doesNotContain(controller));

            cluster.restart(controller);
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(admin.describeCluster().nodes().get()).hasSize(3));
            // The restarted node may answer before it has replayed the metadata written while it was down.
            Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
                assertThat(admin.listTopics().names().get()).contains("spread", "after-failover");
                Map<String, TopicDescription> all = admin.describeTopics(List.of("spread", "after-failover")).allTopicNames().get();
                assertThat(all.get("spread").partitions()).hasSize(6);
            });
        }
    }
}
