package io.tributary.metadata.quorum;

import static io.tributary.metadata.quorum.QuorumTestCluster.WAIT;
import static io.tributary.metadata.quorum.QuorumTestCluster.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.tributary.metadata.quorum.QuorumTestCluster.Node;

/** Leader loss on a real quorum: a new controller takes over; listeners follow but never lead. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class QuorumFailoverTest {

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
    void shouldElectNewControllerThatServesWritesWhenLeaderIsClosed() throws Exception {
        cluster = QuorumTestCluster.startVoters(dir, 3);
        Node oldLeader = cluster.awaitLeader();
        put(oldLeader, "before", "1");
        long oldTerm = oldLeader.quorum.currentTerm();

        cluster.stop(oldLeader.id);
        long stoppedNs = System.nanoTime();
        Node newLeader = cluster.awaitLeader();
        long failoverMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stoppedNs);

        assertThat(newLeader.id).isNotEqualTo(oldLeader.id);
        assertThat(newLeader.quorum.currentTerm()).isGreaterThan(oldTerm);
        assertThat(newLeader.leadershipEvents).contains("ready:" + newLeader.quorum.currentTerm());
        // Proposed through the surviving follower: its client must find the new leader by itself.
        assertThat(put(cluster.anyFollower(newLeader), "after", "2")).isEmpty();
        cluster.awaitAllHave(Map.of("before", "1", "after", "2"));
        assertThat(failoverMs).as("failover took %d ms", failoverMs).isLessThan(WAIT.toMillis());
    }

    @Test
    void shouldFailProposalWithinDeadlineWhenMajorityIsDown() throws Exception {
        cluster = new QuorumTestCluster(dir, 3, 0, Map.of(QuorumConfig.CLIENT_DEADLINE_MS, "2000")).startAll();
        Node leader = cluster.awaitLeader();
        put(leader, "before", "1");
        Node survivor = cluster.anyFollower(leader);
        for (Node n : cluster.running()) {
            if (n != survivor) {
                cluster.stop(n.id);
            }
        }

        long startNs = System.nanoTime();
        var proposal = survivor.quorum.propose("lost=1".getBytes(java.nio.charset.StandardCharsets.UTF_8));

        // Proposed on a follower, it fails once the client deadline passes; if the survivor had just
        // become leader, its proposal fails when it steps down for lack of a majority. Either way the
        // outcome is unknown.
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> proposal.get(30, TimeUnit.SECONDS)).cause()
                .isInstanceOf(QuorumUnavailableException.class).hasMessageContaining("Outcome unknown");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs)).isLessThan(10_000);
        assertThat(survivor.quorum.isActiveController()).isFalse();
    }

    @Test
    void shouldTellOldLeaderItIsNoLongerControllerWhenLeadershipMoves() throws Exception {
        cluster = QuorumTestCluster.startVoters(dir, 3);
        Node oldLeader = cluster.awaitLeader();
        Node target = cluster.anyFollower(oldLeader);

        oldLeader.quorum.admin().transferLeadership(target.id);

        assertThat(cluster.awaitLeader().id).isEqualTo(target.id);
        await().atMost(WAIT).until(() -> oldLeader.leadershipEvents.contains("not-leader"));
        assertThat(oldLeader.quorum.isActiveController()).isFalse();
    }

    @Test
    void shouldApplyOnListenerButNeverElectItWhenLeaderFails() throws Exception {
        cluster = new QuorumTestCluster(dir, 3, 1, Map.of()).startAll();
        Node listener = cluster.node(4);
        Node leader = cluster.awaitLeader();
        Map<String, String> expected = new TreeMap<>();
        for (int i = 0; i < 10; i++) {
            put(leader, "k" + i, "v" + i);
            expected.put("k" + i, "v" + i);
        }
        cluster.awaitAllHave(expected);
        assertThat(listener.quorum.isListener()).isTrue();

        cluster.stop(leader.id);
        Node newLeader = cluster.awaitLeader();
        // The listener can still propose: its client forwards to the leader.
        put(listener, "from-listener", "x");
        expected.put("from-listener", "x");

        cluster.awaitAllHave(expected);
        assertThat(newLeader.id).isNotEqualTo(listener.id);
        assertThat(listener.leadershipEvents).isEmpty();
        assertThat(listener.quorum.isLeader()).isFalse();
        QuorumDescription description = listener.quorum.describe().get(10, TimeUnit.SECONDS);
        assertThat(description.listeners()).extracting(QuorumDescription.ReplicaState::nodeId).containsExactly(4);
        assertThat(description.voters()).extracting(QuorumDescription.ReplicaState::nodeId).containsExactly(1, 2, 3);
    }
}
