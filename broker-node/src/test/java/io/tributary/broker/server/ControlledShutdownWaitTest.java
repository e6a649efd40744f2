package io.tributary.broker.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ControlledShutdownWaitTest {

    @Test
    void keepsWaitingWhileALeaderIsKnownUntilTheTimeout() {
        ControlledShutdownWait wait = new ControlledShutdownWait(1_000, 30_000, 3_000);

        for (long t = 1_000; t < 31_000; t += 100) {
            assertThat(wait.giveUpReason(t, true)).as("at %d ms", t).isEmpty();
        }
        assertThat(wait.giveUpReason(31_000, true)).hasValueSatisfying(r -> assertThat(r).contains("30000 ms"));
    }

    @Test
    void givesUpOnceTheQuorumHasBeenLeaderlessForTheLimit() {
        ControlledShutdownWait wait = new ControlledShutdownWait(0, 30_000, 3_000);

        assertThat(wait.giveUpReason(500, true)).isEmpty();
        assertThat(wait.giveUpReason(1_000, false)).isEmpty();
        assertThat(wait.giveUpReason(3_499, false)).isEmpty();
        assertThat(wait.giveUpReason(3_500, false)).hasValueSatisfying(r -> assertThat(r).contains("no leader for 3000 ms"));
    }

    @Test
    void anElectionShorterThanTheLimitDoesNotEndTheWait() {
        ControlledShutdownWait wait = new ControlledShutdownWait(0, 30_000, 3_000);

        assertThat(wait.giveUpReason(1_000, false)).isEmpty();
        assertThat(wait.giveUpReason(2_900, false)).isEmpty();
        assertThat(wait.giveUpReason(3_000, true)).as("a new leader was elected").isEmpty();
        assertThat(wait.giveUpReason(5_900, false)).isEmpty();
        assertThat(wait.giveUpReason(6_000, false)).isPresent();
    }

    @Test
    void aQuorumLeaderlessFromTheStartCountsFromTheStart() {
        ControlledShutdownWait wait = new ControlledShutdownWait(10_000, 30_000, 3_000);

        assertThat(wait.giveUpReason(12_999, false)).isEmpty();
        assertThat(wait.giveUpReason(13_000, false)).isPresent();
    }
}
