package io.tributary.metadata.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.metadata.client.MetadataClient;
import io.tributary.metadata.client.MetadataClientConfig;
import io.tributary.metadata.client.Scheduler;
import io.tributary.metadata.controller.rpc.ControllerRequest;
import io.tributary.metadata.controller.rpc.ControllerResponse;
import io.tributary.metadata.image.MetadataReplayer;
import io.tributary.metadata.quorum.MetadataQuorum;
import io.tributary.metadata.quorum.QuorumConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The controller and replayer wired to a real single-voter Ratis quorum on loopback, the way a node
 * wires them: requests travel MetadataClient -> quorum channel -> ActiveController -> LogProposer ->
 * MetadataReplayer. (Failover across real voters is the quorum's tests' job.)
 */
@Timeout(60)
class ControllerOnQuorumTest {

    @TempDir
    Path dir;

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void close() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
        scheduler.shutdownNow();
        scheduler.awaitTermination(5, TimeUnit.SECONDS);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void shouldRegisterUnfenceAndCreateTopicThroughRealQuorum() throws Exception {
        Map<String, String> props = new HashMap<>();
        props.put(QuorumConfig.NODE_ID, "1");
        props.put(QuorumConfig.CLUSTER_ID, "controller-on-quorum");
        props.put(QuorumConfig.QUORUM_VOTERS, "1@127.0.0.1:" + freePort());
        props.put(QuorumConfig.METADATA_LOG_DIR, dir.resolve("meta").toString());
        props.put(QuorumConfig.ELECTION_TIMEOUT_MS, "600");
        props.put(ControllerConfig.OFFSETS_TOPIC_NUM_PARTITIONS, "3");

        MetadataReplayer replayer = new MetadataReplayer();
        closeables.add(replayer);
        MetadataQuorum quorum = new MetadataQuorum(new QuorumConfig(props), replayer);
        ActiveController controller = ActiveController.create(new ControllerConfig(props), replayer::image, quorum);
        quorum.setLeadershipListener(controller);
        quorum.registerControllerHandler(controller);
        closeables.add(quorum);
        closeables.add(controller);
        quorum.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> controller.isActive().get());

        MetadataClient client = new MetadataClient(quorum::callController, Scheduler.system(scheduler),
                new MetadataClientConfig(20_000L, 50L, 500L));
        ControllerResponse.RegisterBroker registered = client.register(1, Uuid.randomUuid(), List.of(), null)
                .get(30, TimeUnit.SECONDS);
        assertThat(registered.error()).isEqualTo(Errors.NONE);
        ControllerResponse.BrokerHeartbeat hb = client.heartbeat(1, registered.brokerEpoch(), quorum.appliedIndex(),
                false, false).get(30, TimeUnit.SECONDS);
        assertThat(hb.isFenced()).isFalse();

        ControllerResponse.CreateTopics created = client.createTopics(List.of(
                new ControllerRequest.CreatableTopic("orders", 4, (short) 1, Map.of(), Map.of())), false)
                .get(30, TimeUnit.SECONDS);

        assertThat(created.topics().get(0).error()).isEqualTo(Errors.NONE);
        assertThat(replayer.image().topic("orders").orElseThrow().partitions()).hasSize(4);
        assertThat(replayer.image().broker(1).fenced()).isFalse();
        await().atMost(Duration.ofSeconds(10)).until(() -> replayer.image().coordinatorShards().size() == 3);
    }

    /** One voter with its own replayer and controller, wired as a node wires them. */
    private record Voter(MetadataReplayer replayer, MetadataQuorum quorum, ActiveController controller) {
    }

    private Voter startVoter(int id, String voters, Map<String, String> common) throws IOException {
        Map<String, String> props = new HashMap<>(common);
        props.put(QuorumConfig.NODE_ID, Integer.toString(id));
        props.put(QuorumConfig.QUORUM_VOTERS, voters);
        props.put(QuorumConfig.METADATA_LOG_DIR, dir.resolve("meta-" + id).toString());
        MetadataReplayer replayer = new MetadataReplayer();
        MetadataQuorum quorum = new MetadataQuorum(new QuorumConfig(props), replayer);
        ActiveController controller = ActiveController.create(new ControllerConfig(props), replayer::image, quorum);
        quorum.setLeadershipListener(controller);
        quorum.registerControllerHandler(controller);
        closeables.add(replayer);
        closeables.add(quorum);
        closeables.add(controller);
        quorum.start();
        return new Voter(replayer, quorum, controller);
    }

    @Test
    void shouldServeWritesFromNewControllerWithoutFencingBrokersWhenLeaderDies() throws Exception {
        Map<String, String> common = new HashMap<>();
        common.put(QuorumConfig.CLUSTER_ID, "controller-failover");
        common.put(QuorumConfig.ELECTION_TIMEOUT_MS, "600");
        common.put(ControllerConfig.OFFSETS_TOPIC_NUM_PARTITIONS, "2");
        String voters = "1@127.0.0.1:" + freePort() + ",2@127.0.0.1:" + freePort() + ",3@127.0.0.1:" + freePort();
        List<Voter> nodes = new ArrayList<>();
        for (int id = 1; id <= 3; id++) {
            nodes.add(startVoter(id, voters, common));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> nodes.stream().filter(v -> active(v)).count() == 1);
        Voter leader = nodes.stream().filter(ControllerOnQuorumTest::active).findFirst().orElseThrow();
        Voter survivor = nodes.stream().filter(v -> v != leader).findFirst().orElseThrow();
        MetadataClient client = new MetadataClient(survivor.quorum()::callController, Scheduler.system(scheduler),
                new MetadataClientConfig(30_000L, 50L, 500L));
        ControllerResponse.RegisterBroker registered = client.register(100, Uuid.randomUuid(), List.of(), null)
                .get(30, TimeUnit.SECONDS);
        // The survivor (a follower) may not have applied the registration yet: heartbeat until caught up.
        await().atMost(Duration.ofSeconds(10)).until(() -> !client.heartbeat(100, registered.brokerEpoch(),
                survivor.quorum().appliedIndex(), false, false).get(30, TimeUnit.SECONDS).isFenced());
        long termBefore = survivor.replayer().image().controllerTerm();

        leader.quorum().close();
        leader.controller().close();
        ControllerResponse.CreateTopics created = client.createTopics(List.of(
                new ControllerRequest.CreatableTopic("after-failover", 2, (short) 1, Map.of(), Map.of())), false)
                .get(30, TimeUnit.SECONDS);

        assertThat(created.topics().get(0).error()).isEqualTo(Errors.NONE);
        for (Voter v : nodes) {
            if (v != leader) {
                await().atMost(Duration.ofSeconds(10)).until(() -> v.replayer().image().topic("after-failover").isPresent());
                assertThat(v.replayer().image().controllerTerm()).isGreaterThan(termBefore);
                assertThat(v.replayer().image().broker(100).fenced()).as("fresh session after failover").isFalse();
            }
        }
    }

    private static boolean active(Voter v) {
        try {
            return v.controller().isActive().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            return false;
        }
    }
}
