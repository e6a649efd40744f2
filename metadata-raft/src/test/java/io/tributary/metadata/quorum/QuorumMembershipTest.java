package io.tributary.metadata.quorum;

import static io.tributary.metadata.quorum.QuorumTestCluster.WAIT;
import static io.tributary.metadata.quorum.QuorumTestCluster.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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

/** Run-time membership changes on a real quorum (KIP-853 add/remove voter). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class QuorumMembershipTest {

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
    void shouldCatchUpAndVoteWhenNewNodeIsAddedAsVoter() throws Exception {
        cluster = QuorumTestCluster.startVoters(dir, 3);
        Node leader = cluster.awaitLeader();
        Map<String, String> expected = new TreeMap<>();
        for (int i = 0; i < 10; i++) {
            put(leader, "k" + i, "v" + i);
            expected.put("k" + i, "v" + i);
        }
        Node joiner = cluster.startJoiner(4);

        leader.quorum.admin().addVoter(joiner.quorum.config().self());

        cluster.awaitAllHave(expected);
        QuorumDescription description = await().atMost(WAIT).until(
                () -> joiner.quorum.describe().get(10, TimeUnit.SECONDS), d -> d.voters().size() == 4);
        assertThat(description.voters()).extracting(QuorumDescription.ReplicaState::nodeId).containsExactly(1, 2, 3, 4);
        // With four voters a majority is three: stopping two old voters leaves no quorum, so the new
        // voter must be counted for the next write to commit after stopping one.
        cluster.stop(cluster.anyFollower(cluster.awaitLeader()).id);
        put(joiner, "with-joiner", "ok");
        expected.put("with-joiner", "ok");
        cluster.awaitAllHave(expected);

        // A restart must recover its membership from its own log, not from the static voter list
        // (which does not name it).
        cluster.stop(joiner.id);
        Node restarted = cluster.start(joiner.id);
        put(cluster.awaitLeader(), "after-joiner-restart", "ok");
        expected.put("after-joiner-restart", "ok");
        cluster.awaitAllHave(expected);
        assertThat(restarted.quorum.leaderId()).isPresent();
    }

    @Test
    void shouldElectAnotherLeaderWhenTheLeaderIsRemovedFromVoters() throws Exception {
        cluster = QuorumTestCluster.startVoters(dir, 3);
        Node leader = cluster.awaitLeader();
        put(leader, "before", "1");

        leader.quorum.admin().removeVoter(leader.id);

        // The removed leader steps down once the new configuration commits and Ratis shuts its
        // division down; then it is decommissioned.
        await().atMost(WAIT).until(() -> !leader.quorum.isLeader());
        cluster.stop(leader.id);
        Node newLeader = cluster.awaitLeader();
        assertThat(newLeader.id).isNotEqualTo(leader.id);
        Node survivor = cluster.anyFollower(newLeader);
        QuorumDescription description = survivor.quorum.describe().get(20, TimeUnit.SECONDS);
        assertThat(description.voters()).extracting(QuorumDescription.ReplicaState::nodeId)
                .hasSize(2).doesNotContain(leader.id);
        put(survivor, "after", "2");
        cluster.awaitAllHave(Map.of("before", "1", "after", "2"));
        assertThat(leader.leadershipEvents).contains("not-leader");
    }

    @Test
    void shouldAddListenerThatAppliesButDoesNotVoteWhenAddedAtRunTime() throws Exception {
        cluster = QuorumTestCluster.startVoters(dir, 3);
        Node leader = cluster.awaitLeader();
        put(leader, "a", "1");
        Node joiner = cluster.startJoiner(5);

        leader.quorum.admin().addListener(joiner.quorum.config().self());

        cluster.awaitAllHave(Map.of("a", "1"));
        QuorumDescription description = leader.quorum.describe().get(10, TimeUnit.SECONDS);
        assertThat(description.listeners()).extracting(QuorumDescription.ReplicaState::nodeId).containsExactly(5);
        assertThat(description.voters()).hasSize(3);
        put(leader, "b", "2");
        cluster.awaitAllHave(Map.of("a", "1", "b", "2"));
        assertThat(joiner.leadershipEvents).isEmpty();
    }

    @Test
    void shouldRefuseWhenAddingANodeThatIsAlreadyAMember() throws Exception {
        cluster = QuorumTestCluster.startVoters(dir, 3);
        Node leader = cluster.awaitLeader();

        assertThatThrownBy(() -> leader.quorum.admin().addVoter(new QuorumPeer(2, "127.0.0.1", 1)))
                .isInstanceOf(QuorumAdmin.QuorumAdminException.class).hasMessageContaining("already a member");
    }
}
