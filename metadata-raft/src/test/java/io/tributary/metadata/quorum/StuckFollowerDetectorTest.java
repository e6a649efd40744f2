package io.tributary.metadata.quorum;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.metadata.quorum.StuckFollowerDetector.FollowerSample;
import io.tributary.metadata.quorum.StuckFollowerDetector.Stuck;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StuckFollowerDetectorTest {

    private static final long STUCK_MS = 20_000;
    private static final long TERM = 7;

    private final StuckFollowerDetector detector = new StuckFollowerDetector(STUCK_MS, 3_000, 60_000);

    private Optional<Stuck> sample(long nowMs, long term, long leaderCommit, Map<Integer, FollowerSample> followers) {
        return detector.observe(nowMs, term, leaderCommit, followers);
    }

    private static FollowerSample answering(long commit) {
        return new FollowerSample(commit, 200);
    }

    @Test
    void shouldStepDownWhenAnAnsweringFollowerStandsStillBehindTheLeaderForTheWholeWindow() {
        assertThat(sample(0, TERM, 10_000, Map.of(3, answering(9_000)))).isEmpty();
        assertThat(sample(19_999, TERM, 30_000, Map.of(3, answering(9_000)))).isEmpty();

        Optional<Stuck> verdict = sample(20_000, TERM, 31_000, Map.of(3, answering(9_000)));

        assertThat(verdict).contains(new Stuck(3, 9_000, 31_000, 20_000));
    }

    @Test
    void shouldLeaveAFollowerAloneWhileItsCommitIndexMoves() {
        for (int second = 0; second <= 120; second++) {
            long followerCommit = 1_000 + second; // slow, but catching up
            assertThat(sample(second * 1000L, TERM, 100_000 + second * 500L, Map.of(2, answering(followerCommit)))).isEmpty();
        }
    }

    @Test
    void shouldLeaveASilentFollowerAloneBecauseAnElectionCannotHelpADeadPausedOrCutOffNode() {
        for (int second = 0; second <= 60; second++) {
            FollowerSample silent = new FollowerSample(500, second * 1000L + 5_000);
            assertThat(sample(second * 1000L, TERM, 1_000 + second, Map.of(2, silent))).isEmpty();
        }
    }

    @Test
    void shouldNotCountAFollowerThatHasEverythingTheLeaderCommittedAsStuck() {
        for (int second = 0; second <= 60; second++) {
            assertThat(sample(second * 1000L, TERM, 4_000, Map.of(2, answering(4_000)))).isEmpty();
        }
    }

    @Test
    void shouldCountOnlyTheTimeTheFollowerAnswersSoARestartIsNotTakenForBeingStuck() {
        sample(0, TERM, 10_000, Map.of(3, answering(9_000)));
        for (long t = 1_000; t <= 15_000; t += 1_000) { // down and restarting: silent
            assertThat(sample(t, TERM, 10_000 + t, Map.of(3, new FollowerSample(9_000, t)))).isEmpty();
        }

        // Counted from the last sample that found it silent (15 s), not from the first one (0 s).
        assertThat(sample(16_000, TERM, 26_000, Map.of(3, answering(9_000)))).as("answers again").isEmpty();
        assertThat(sample(15_000 + STUCK_MS - 1, TERM, 40_000, Map.of(3, answering(9_000)))).isEmpty();
        assertThat(sample(15_000 + STUCK_MS, TERM, 41_000, Map.of(3, answering(9_000)))).as("answering, yet still")
                .contains(new Stuck(3, 9_000, 41_000, STUCK_MS));
    }

    @Test
    void shouldRestartTheClockWhenTheFollowerMovesEvenOnce() {
        sample(0, TERM, 10_000, Map.of(3, answering(9_000)));
        sample(15_000, TERM, 10_500, Map.of(3, answering(9_001)));

        assertThat(sample(30_000, TERM, 11_000, Map.of(3, answering(9_001)))).isEmpty();
        assertThat(sample(35_000, TERM, 11_000, Map.of(3, answering(9_001)))).isPresent();
    }

    @Test
    void shouldForgetWhatAnEarlierTermSawBecauseItsAppendersAreGone() {
        sample(0, TERM, 10_000, Map.of(3, answering(9_000)));

        assertThat(sample(25_000, TERM + 1, 12_000, Map.of(3, answering(9_000)))).isEmpty();
        assertThat(sample(44_999, TERM + 1, 12_000, Map.of(3, answering(9_000)))).isEmpty();
        assertThat(sample(45_000, TERM + 1, 12_000, Map.of(3, answering(9_000)))).isPresent();
    }

    @Test
    void shouldStepDownAtMostOncePerCoolDown() {
        sample(0, TERM, 10_000, Map.of(3, answering(9_000)));
        assertThat(sample(20_000, TERM, 10_000, Map.of(3, answering(9_000)))).isPresent();

        // Re-elected leader of the next term, the follower still stuck.
        sample(21_000, TERM + 1, 10_000, Map.of(3, answering(9_000)));
        assertThat(sample(41_000, TERM + 1, 10_000, Map.of(3, answering(9_000)))).isEmpty();
        assertThat(sample(79_999, TERM + 1, 10_000, Map.of(3, answering(9_000)))).isEmpty();
        assertThat(sample(80_000, TERM + 1, 10_000, Map.of(3, answering(9_000)))).isPresent();
    }

    @Test
    void shouldNameTheFollowerStuckLongestWhenSeveralAre() {
        sample(0, TERM, 10_000, Map.of(2, answering(8_000)));
        sample(5_000, TERM, 10_000, Map.of(2, answering(8_000), 3, answering(7_000)));

        Optional<Stuck> verdict = sample(25_000, TERM, 10_000, Map.of(2, answering(8_000), 3, answering(7_000)));

        assertThat(verdict).map(Stuck::followerId).contains(2);
    }

    @Test
    void shouldForgetAFollowerThatLeftTheQuorum() {
        sample(0, TERM, 10_000, Map.of(3, answering(9_000)));
        sample(10_000, TERM, 10_000, Map.of());

        assertThat(sample(20_000, TERM, 10_000, Map.of(3, answering(9_000)))).isEmpty();
        assertThat(sample(40_000, TERM, 10_000, Map.of(3, answering(9_000)))).isPresent();
    }
}
