package io.tributary.metadata.quorum;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.metadata.quorum.QuorumTestCluster.Node;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watchdog's remedy against Ratis: a step-down it asks for ends the leader's term, a leader
 * of a later term takes over, and writes go on. (When to ask is {@link StuckFollowerDetectorTest}'s.)
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class StuckFollowerWatchdogTest {

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
    void shouldEndTheTermAndKeepCommittingWhenTheLeaderStepsDownForAStuckFollower() throws Exception {
        cluster = QuorumTestCluster.startVoters(dir, 3);
        Node leader = cluster.awaitLeader();
        QuorumTestCluster.put(leader, "before", "1");
        long term = leader.quorum.currentTerm();
        Node follower = cluster.anyFollower(leader);

        leader.quorum.watchdog().stepDown(leader.quorum.division(),
                new StuckFollowerDetector.Stuck(follower.id, 1, 2, 20_000));

        Node next = cluster.awaitLeaderAfter(term);
        assertThat(next.quorum.currentTerm()).isGreaterThan(term);
        QuorumTestCluster.put(next, "after", "2");
        cluster.awaitAllHave(Map.of("before", "1", "after", "2"));
    }
}
