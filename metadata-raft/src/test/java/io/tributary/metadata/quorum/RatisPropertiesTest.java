package io.tributary.metadata.quorum;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.retry.RetryPolicy;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.junit.jupiter.api.Test;

class RatisPropertiesTest {

    private static QuorumConfig config(String voters, int nodeId) {
        Map<String, String> p = new HashMap<>();
        p.put(QuorumConfig.NODE_ID, Integer.toString(nodeId));
        p.put(QuorumConfig.CLUSTER_ID, "MkU3OEVBNTcwNTJENDM2Qk");
        p.put(QuorumConfig.QUORUM_VOTERS, voters);
        p.put(QuorumConfig.METADATA_LOG_DIR, "/data/meta");
        return new QuorumConfig(p);
    }

    private static long firstElectionMinMs(RaftProperties p) {
        return RaftServerConfigKeys.Rpc.firstElectionTimeoutMin(p).toLong(TimeUnit.MILLISECONDS);
    }

    private static long firstElectionMaxMs(RaftProperties p) {
        return RaftServerConfigKeys.Rpc.firstElectionTimeoutMax(p).toLong(TimeUnit.MILLISECONDS);
    }

    @Test
    void shouldHoldTheFirstElectionAtOnceWhenThisNodeIsTheOnlyVoter() {
        RaftProperties p = RatisProperties.server(config("1@127.0.0.1:9101", 1));

        assertThat(firstElectionMinMs(p)).isEqualTo(RatisProperties.LONE_VOTER_FIRST_ELECTION_MS);
        assertThat(firstElectionMaxMs(p)).isEqualTo(2L * RatisProperties.LONE_VOTER_FIRST_ELECTION_MS);
    }

    @Test
    void shouldLetTheLowestIdVoterHoldTheFirstElectionWithinTheElectionTimeout() {
        QuorumConfig c = config("2@127.0.0.1:9102,1@127.0.0.1:9101,3@127.0.0.1:9103", 1);
        RaftProperties p = RatisProperties.server(c);

        assertThat(firstElectionMinMs(p)).isEqualTo(c.ratisTimeoutMinMs());
        assertThat(firstElectionMaxMs(p)).isEqualTo(c.ratisTimeoutMaxMs());
    }

    @Test
    void shouldMakeTheOtherVotersWaitPastTheLowestIdVotersFirstElection() {
        QuorumConfig c = config("1@127.0.0.1:9101,2@127.0.0.1:9102,3@127.0.0.1:9103", 3);
        RaftProperties p = RatisProperties.server(c);

        assertThat(firstElectionMinMs(p)).isEqualTo(2L * c.ratisTimeoutMaxMs());
        assertThat(firstElectionMaxMs(p)).isEqualTo(3L * c.ratisTimeoutMaxMs());
        assertThat(firstElectionMinMs(p)).isGreaterThan(c.ratisTimeoutMaxMs());
    }

    /** The appender's sleep after the n-th consecutive failure to reach a follower, in ms. */
    private static long appenderSleepMsAfter(RetryPolicy policy, int failures) {
        return policy.handleAttemptFailure(() -> failures).getSleepTime().toLong(TimeUnit.MILLISECONDS);
    }

    @Test
    void shouldRetryARestartedFollowerWithinAFewTensOfMillisecondsAndAlwaysPauseBetweenTries() {
        RaftProperties p = RatisProperties.server(config("1@127.0.0.1:9101,2@127.0.0.1:9102,3@127.0.0.1:9103", 1));
        RetryPolicy policy = RetryPolicy.parse(RaftServerConfigKeys.Log.Appender.retryPolicy(p), "appender");

        // Ratis's default sleeps 2.5-7.5 s from the 31st failure on (a follower down ~20 s); a restarted
        // follower's catch-up waits out one sleep per INCONSISTENCY answer, so the sleeps of a down
        // period of a restart (~15 s of failures) stay well under 0.1 s.
        for (int failures : new int[] {1, 10, 11, 30, 31, 100, 310}) {
            assertThat(appenderSleepMsAfter(policy, failures)).as("after %d failures", failures).isBetween(0L, 75L);
        }
        for (int failures : new int[] {311, 1_000, 100_000, 10_000_000}) {
            assertThat(appenderSleepMsAfter(policy, failures)).as("after %d failures", failures).isBetween(125L, 375L);
        }
        // A follower down for days still gets a pause between tries, never a busy loop.
        assertThat(appenderSleepMsAfter(policy, 50_000_000)).isGreaterThanOrEqualTo(125L);
    }
}
