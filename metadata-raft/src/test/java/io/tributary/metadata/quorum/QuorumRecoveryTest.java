package io.tributary.metadata.quorum;

import static io.tributary.metadata.quorum.QuorumTestCluster.WAIT;
import static io.tributary.metadata.quorum.QuorumTestCluster.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.tributary.metadata.quorum.QuorumTestCluster.Node;

/** Snapshots and restarts on a real quorum. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class QuorumRecoveryTest {

    private static final String PADDING = "x".repeat(400);

    @TempDir
    Path dir;

    private QuorumTestCluster cluster;

    @AfterEach
    void tearDown() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Tiny snapshot interval and log segments, and purge up to the snapshot, so the log really goes away. */
    private static Map<String, String> snapshotEagerly() {
        return Map.of(QuorumConfig.SNAPSHOT_INTERVAL_ENTRIES, "100",
                QuorumConfig.LOG_SEGMENT_BYTES, Integer.toString(64 * 1024),
                QuorumConfig.LOG_PURGE_GAP_ENTRIES, "10",
                QuorumConfig.LOG_PURGE_UPTO_SNAPSHOT, "true");
    }

    @Test
    void shouldCatchUpBySnapshotInstallWhenFollowerMissedPurgedEntries() throws Exception {
        cluster = new QuorumTestCluster(dir, 3, 0, snapshotEagerly()).startAll();
        Node leader = cluster.awaitLeader();
        Node lagging = cluster.anyFollower(leader);
        put(leader, "early", "1");
        cluster.awaitAllHave(Map.of("early", "1"));
        long laggingApplied = lagging.quorum.appliedIndex();
        cluster.stop(lagging.id);

        Map<String, String> expected = new TreeMap<>(Map.of("early", "1"));
        writeMany(leader, 600, expected);
        // The entries the lagging follower needs are gone from the leader's log: only a snapshot helps.
        await().atMost(WAIT).until(() -> leader.quorum.division().getRaftLog().getStartIndex() > laggingApplied + 1);

        Node restarted = cluster.start(lagging.id);

        cluster.awaitAllHave(expected);
        assertThat(restarted.state.snapshotsLoaded()).isGreaterThanOrEqualTo(1);
        assertThat(restarted.faults).isEmpty();
    }

    @Test
    void shouldReplayToSameStateWhenEveryNodeRestarts() throws Exception {
        cluster = new QuorumTestCluster(dir, 3, 0, snapshotEagerly()).startAll();
        Node leader = cluster.awaitLeader();
        Map<String, String> expected = new TreeMap<>();
        writeMany(leader, 250, expected);
        cluster.awaitAllHave(expected);
        long appliedBefore = leader.quorum.appliedIndex();

        for (int id = 1; id <= 3; id++) {
            cluster.stop(id);
        }
        cluster.startAll();

        cluster.awaitAllHave(expected);
        Node newLeader = cluster.awaitLeader();
        assertThat(newLeader.quorum.appliedIndex()).isGreaterThanOrEqualTo(appliedBefore);
        put(newLeader, "after-restart", "yes");
        expected.put("after-restart", "yes");
        cluster.awaitAllHave(expected);
    }

    /** Pipelines {@code count} padded writes through one ordered proposer. */
    static void writeMany(Node via, int count, Map<String, String> expected) {
        List<CompletableFuture<byte[]>> inFlight = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String key = "key-" + (i % 200);
            String value = i + PADDING;
            expected.put(key, value);
            inFlight.add(via.quorum.propose((key + "=" + value).getBytes(StandardCharsets.UTF_8)));
            if (inFlight.size() == 64) {
                inFlight.forEach(CompletableFuture::join);
                inFlight.clear();
            }
        }
        inFlight.forEach(CompletableFuture::join);
    }
}
