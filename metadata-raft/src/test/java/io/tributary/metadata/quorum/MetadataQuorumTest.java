package io.tributary.metadata.quorum;

import static io.tributary.metadata.quorum.QuorumTestCluster.WAIT;
import static io.tributary.metadata.quorum.QuorumTestCluster.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.tributary.metadata.quorum.QuorumTestCluster.Node;

/** A real 3-voter Ratis quorum on loopback: replication, controller routing and describe. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MetadataQuorumTest {

    @TempDir
    Path dir;

    private QuorumTestCluster cluster;

    @AfterEach
    void tearDown() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void shouldApplyWritesIdenticallyOnAllVotersWhenProposedFromAFollower() throws Exception {
        cluster = QuorumTestCluster.startVoters(dir, 3);
        Node leader = cluster.awaitLeader();
        Node follower = cluster.anyFollower(leader);

        Map<String, String> expected = new TreeMap<>();
        for (int i = 0; i < 30; i++) {
            expected.put("k" + (i % 10), "v" + i);
            String previous = put(follower, "k" + (i % 10), "v" + i);
            assertThat(previous).isEqualTo(i < 10 ? "" : "v" + (i - 10));
        }
        // propose() completes only once the entry is applied locally: read-your-writes on the follower.
        assertThat(follower.values()).isEqualTo(expected);
        cluster.awaitAllHave(expected);
        assertThat(cluster.running()).allSatisfy(n -> assertThat(n.faults).isEmpty());
    }

    @Test
    void shouldReachLeaderHandlerWhenControllerIsCalledFromAFollower() throws Exception {
        cluster = QuorumTestCluster.startVoters(dir, 3);
        for (Node n : cluster.running()) {
            n.quorum.registerControllerHandler(request -> CompletableFuture.completedFuture(
                    ("node-" + n.id + ":" + new String(request, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8)));
        }
        Node leader = cluster.awaitLeader();
        Node follower = cluster.anyFollower(leader);

        byte[] reply = follower.quorum.callController("hello".getBytes(StandardCharsets.UTF_8)).get(30, TimeUnit.SECONDS);

        assertThat(new String(reply, StandardCharsets.UTF_8)).isEqualTo("node-" + leader.id + ":hello");
    }

    @Test
    void shouldPassHandlerFailureWithoutRetryingWhenTheControllerRejects() throws Exception {
        cluster = QuorumTestCluster.startVoters(dir, 3);
        for (Node n : cluster.running()) {
            n.quorum.registerControllerHandler(request -> CompletableFuture.failedFuture(
                    new IllegalArgumentException("bad request")));
        }
        Node leader = cluster.awaitLeader();

        CompletableFuture<byte[]> call = cluster.anyFollower(leader).quorum.callController(new byte[] {1});

        assertThatThrownBy(() -> call.get(30, TimeUnit.SECONDS)).cause()
                .isInstanceOf(ControllerFailureException.class)
                .hasMessageContaining("IllegalArgumentException").hasMessageContaining("bad request");
    }

    @Test
    void shouldFailClearlyWithinDeadlineWhenNoControllerIsRegistered() throws Exception {
        Map<String, String> overrides = Map.of(QuorumConfig.CLIENT_DEADLINE_MS, "1500");
        cluster = new QuorumTestCluster(dir, 3, 0, overrides).startAll();
        Node leader = cluster.awaitLeader();

        long startNs = System.nanoTime();
        CompletableFuture<byte[]> call = cluster.anyFollower(leader).quorum.callController(new byte[] {1});

        assertThatThrownBy(() -> call.get(30, TimeUnit.SECONDS)).cause()
                .isInstanceOf(QuorumUnavailableException.class)
                .hasMessageContaining("active controller").hasMessageContaining(QuorumConfig.CLIENT_DEADLINE_MS);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs)).isLessThan(10_000);
    }

    @Test
    void shouldDescribeLeaderEpochAndReplicaOffsetsWhenAskedFromAFollower() throws Exception {
        cluster = QuorumTestCluster.startVoters(dir, 3);
        Node leader = cluster.awaitLeader();
        Node follower = cluster.anyFollower(leader);
        for (int i = 0; i < 5; i++) {
            put(leader, "k" + i, "v");
        }

        QuorumDescription description = await().atMost(WAIT).until(
                () -> follower.quorum.describe().get(10, TimeUnit.SECONDS),
                d -> d.voters().stream().allMatch(v -> d.lag(v) == 0));

        assertThat(description.leaderId()).isEqualTo(leader.id);
        assertThat(description.term()).isEqualTo(leader.quorum.currentTerm());
        assertThat(description.commitIndex()).isGreaterThanOrEqualTo(leader.quorum.appliedIndex());
        assertThat(description.voters()).extracting(QuorumDescription.ReplicaState::nodeId).containsExactly(1, 2, 3);
        assertThat(description.voters()).allSatisfy(v -> assertThat(v.logEndOffset()).isEqualTo(description.leaderLogEndOffset()));
        assertThat(description.listeners()).isEmpty();
    }

    @Test
    void shouldReportFaultAndFailProposalWhenApplyBreaksAnInvariant() throws Exception {
        cluster = QuorumTestCluster.startVoters(dir, 3);
        Node leader = cluster.awaitLeader();

        CompletableFuture<byte[]> poisoned = leader.quorum.propose(KeyValueState.POISON.getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> poisoned.get(30, TimeUnit.SECONDS)).hasMessageContaining("poison");
        await().atMost(WAIT).until(() -> cluster.running().stream().allMatch(n -> n.faults.size() == 1));
        assertThat(leader.faults.get(0)).contains("applying metadata log entry").contains("poison entry");
    }

    @Test
    void shouldRefuseToStartWhenDataDirectoryBelongsToAnotherCluster() throws Exception {
        NodeIdentity.loadOrCreate(dir.resolve("node-1"), "other-cluster", 1);
        cluster = new QuorumTestCluster(dir, 1, 0, Map.of());

        assertThatThrownBy(() -> cluster.start(1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("other-cluster").hasMessageContaining(QuorumTestCluster.CLUSTER_ID);
        assertThat(cluster.node(1).running()).isFalse();
    }

    static void assertProposalFailsWith(CompletableFuture<byte[]> f, Class<? extends Throwable> type) {
        assertThatThrownBy(f::join).isInstanceOf(CompletionException.class).cause().isInstanceOf(type);
    }
}
