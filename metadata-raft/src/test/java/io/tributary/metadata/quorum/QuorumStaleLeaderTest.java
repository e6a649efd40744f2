package io.tributary.metadata.quorum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.ratis.client.RaftClient;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.tributary.metadata.quorum.QuorumTestCluster.Node;

/**
 * A node whose Ratis clients still point at the previous leader: proposals and controller calls
 * must follow NotLeaderException to the new leader, also back to a peer that refused them before
 * (Ratis's gRPC client closes its stream to a peer that answers NotLeader or LeaderNotReady).
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class QuorumStaleLeaderTest {

    /** Well under the 20 s client deadline of the test cluster: a redirect takes milliseconds. */
    private static final long PROMPT_MS = 8_000;

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
    void shouldRedirectProposalsWhenLeadershipMovesToTheProposingNode() throws Exception {
        cluster = QuorumTestCluster.startVoters(dir, 3);
        Node oldLeader = cluster.awaitLeader();
        Node next = cluster.anyFollower(oldLeader);
        // Warm up next's proposal client: it now caches oldLeader as the leader.
        propose(next, "warm", "1").get(PROMPT_MS, TimeUnit.MILLISECONDS);

        oldLeader.quorum.admin().transferLeadership(next.id);
        Node newLeader = cluster.awaitLeader();
        assertThat(newLeader.id).isEqualTo(next.id);

        List<CompletableFuture<byte[]>> proposals = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            proposals.add(propose(next, "after-" + i, Integer.toString(i)));
        }
        CompletableFuture.allOf(proposals.toArray(CompletableFuture[]::new)).get(PROMPT_MS, TimeUnit.MILLISECONDS);
        // And the client is still usable afterwards.
        propose(next, "last", "x").get(PROMPT_MS, TimeUnit.MILLISECONDS);
    }

    @Test
    void shouldKeepProposingWhenLeadershipMovesWhileProposalsAreInFlight() throws Exception {
        cluster = QuorumTestCluster.startVoters(dir, 3);
        Node leader = cluster.awaitLeader();
        Node follower = cluster.anyFollower(leader);
        propose(follower, "warm", "1").get(PROMPT_MS, TimeUnit.MILLISECONDS);

        for (int round = 0; round < 3; round++) {
            Node current = cluster.awaitLeader();
            Node target = cluster.anyFollower(current);
            List<CompletableFuture<byte[]>> inFlight = new ArrayList<>();
            for (Node via : cluster.running()) {
                for (int i = 0; i < 5; i++) {
                    inFlight.add(propose(via, "r" + round + "-n" + via.id + "-" + i, "v"));
                }
            }
            current.quorum.admin().transferLeadership(target.id);
            for (CompletableFuture<byte[]> f : inFlight) {
                // Either committed or failed promptly; never left hanging.
                try {
                    f.get(PROMPT_MS, TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    // a proposal racing the transfer may fail; what matters is that it completes
                }
            }
            cluster.awaitLeader();
            for (Node via : cluster.running()) {
                propose(via, "r" + round + "-after-" + via.id, "v").get(PROMPT_MS, TimeUnit.MILLISECONDS);
            }
        }
    }

    @Test
    void shouldCommitLaterProposalsWhenAnEarlierOneTimedOut() throws Exception {
        cluster = new QuorumTestCluster(dir, 3, 0, Map.of(QuorumConfig.CLIENT_DEADLINE_MS, "3000")).startAll();
        Node leader = cluster.awaitLeader();
        propose(leader, "before", "1").get(PROMPT_MS, TimeUnit.MILLISECONDS);
        List<Node> others = cluster.running().stream().filter(n -> n != leader).toList();
        for (Node n : others) {
            cluster.stop(n.id);
        }
        CompletableFuture<byte[]> lost = propose(leader, "lost", "1");
        assertThatThrownBy(() -> lost.get(PROMPT_MS, TimeUnit.MILLISECONDS)).cause()
                .isInstanceOf(QuorumUnavailableException.class);

        for (Node n : others) {
            cluster.start(n.id);
        }
        Node newLeader = cluster.awaitLeader();
        // Neither the survivor's proposal client nor the new leader's is wedged by the lost entry.
        propose(leader, "after", "1").get(PROMPT_MS, TimeUnit.MILLISECONDS);
        propose(newLeader, "after-2", "1").get(PROMPT_MS, TimeUnit.MILLISECONDS);
    }

    @Test
    void shouldReachControllerWhenLeadershipReturnsToAPeerThatOnceAnsweredNotLeader() throws Exception {
        cluster = QuorumTestCluster.startVoters(dir, 3);
        for (Node n : cluster.running()) {
            byte[] id = Integer.toString(n.id).getBytes(StandardCharsets.UTF_8);
            n.quorum.registerControllerHandler(request -> CompletableFuture.completedFuture(id));
        }
        Node first = cluster.awaitLeader();
        Node caller = cluster.anyFollower(first);
        Node second = cluster.running().stream().filter(n -> n != first && n != caller).findFirst().orElseThrow();
        assertThat(callController(caller)).isEqualTo(first.id);

        // caller's next call reaches first, which answers NotLeaderException; then second answers.
        first.quorum.admin().transferLeadership(second.id);
        assertThat(cluster.awaitLeader().id).isEqualTo(second.id);
        assertThat(callController(caller)).isEqualTo(second.id);

        // Back to the peer that answered NotLeaderException once: caller must still reach it.
        second.quorum.admin().transferLeadership(first.id);
        assertThat(cluster.awaitLeader().id).isEqualTo(first.id);
        assertThat(callController(caller)).isEqualTo(first.id);
        assertThat(callController(second)).isEqualTo(first.id);
    }

    @Test
    void shouldReachPeerThatOnceAnsweredNotLeaderWhenItBecomesLeader() throws Exception {
        cluster = QuorumTestCluster.startVoters(dir, 3);
        for (Node n : cluster.running()) {
            byte[] id = Integer.toString(n.id).getBytes(StandardCharsets.UTF_8);
            n.quorum.registerControllerHandler(request -> CompletableFuture.completedFuture(id));
        }
        Node leader = cluster.awaitLeader();
        Node follower = cluster.anyFollower(leader);
        QuorumConfig config = follower.quorum.config();
        AtomicReference<RaftPeerId> believedLeader = new AtomicReference<>(PeerIds.of(follower.id));
        RaftGroup voters = RaftGroup.valueOf(NodeIdentity.groupIdFor(config.clusterId()),
                MetadataQuorum.peers(config.voters(), RaftPeerRole.FOLLOWER));
        try (RaftClient client = RaftClient.newBuilder().setRaftGroup(voters).setProperties(RatisProperties.client(config))
                .setRetryPolicy(RetryPolicies.noRetry()).build();
             LeaderQueryChannel channel = new LeaderQueryChannel(client, believedLeader::get, config)) {
            // A stale belief: the follower answers NotLeaderException, the channel follows it to the leader.
            assertThat(query(channel)).isEqualTo(leader.id);

            leader.quorum.admin().transferLeadership(follower.id);
            assertThat(cluster.awaitLeader().id).isEqualTo(follower.id);
            assertThat(query(channel)).isEqualTo(follower.id);
        }
    }

    private static int query(LeaderQueryChannel channel) throws Exception {
        byte[] reply = channel.query(QuorumQuery.frame(QuorumQuery.CONTROLLER_REQUEST, new byte[] {1}), "query")
                .get(PROMPT_MS, TimeUnit.MILLISECONDS);
        return Integer.parseInt(new String(reply, StandardCharsets.UTF_8));
    }

    private static int callController(Node via) throws Exception {
        byte[] reply = via.quorum.callController(new byte[] {1}).get(PROMPT_MS, TimeUnit.MILLISECONDS);
        return Integer.parseInt(new String(reply, StandardCharsets.UTF_8));
    }

    private static CompletableFuture<byte[]> propose(Node via, String key, String value) {
        return via.quorum.propose((key + "=" + value).getBytes(StandardCharsets.UTF_8));
    }
}
