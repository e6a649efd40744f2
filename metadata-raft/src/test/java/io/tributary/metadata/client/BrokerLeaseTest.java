package io.tributary.metadata.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BrokerLeaseTest {

    private final BrokerLease lease = new BrokerLease(4_500);

    @Test
    void shouldHoldNothingBeforeTheFirstUnfencedAnswer() {
        assertThat(lease.holds(0, 100)).isFalse();
    }

    @Test
    void shouldHoldUntilTheDurationHasPassedSinceTheHeartbeatWasSent() {
        lease.renew(1_000, 40, 40);

        assertThat(lease.holds(1_000, 40)).isTrue();
        assertThat(lease.holds(5_499, 40)).isTrue();
        assertThat(lease.holds(5_500, 40)).as("sent at 1,000 + 4,500").isFalse();
    }

    @Test
    void shouldCountAnAnswerOnlyOnceTheImageHasAppliedTheControllersOffset() {
        // The answer came from a controller at offset 90; an image at 60 may still name this broker
        // leader of what moved in between.
        lease.renew(1_000, 90, 60);

        assertThat(lease.holds(1_100, 60)).isFalse();
        assertThat(lease.holds(1_200, 89)).isFalse();
        assertThat(lease.holds(1_300, 90)).isTrue();
        assertThat(lease.holds(5_499, 90)).as("counted from the send time, not from when the image caught up").isTrue();
        assertThat(lease.holds(5_500, 90)).isFalse();
    }

    @Test
    void shouldKeepThePreviousLeaseWhileTheImageCatchesUpWithANewerAnswer() {
        lease.renew(1_000, 40, 40);
        lease.renew(3_000, 80, 50);

        assertThat(lease.holds(5_000, 50)).as("the answer of 1,000 still runs").isTrue();
        assertThat(lease.holds(5_600, 79)).as("that one ended; the newer one is not covered yet").isFalse();
        assertThat(lease.holds(5_700, 80)).isTrue();
        assertThat(lease.holds(7_499, 80)).isTrue();
        assertThat(lease.holds(7_500, 80)).isFalse();
    }

    @Test
    void shouldSettleAnAnswerTheImageCoveredBeforeTheNextArrives() {
        // An image that always trails the controller by a few entries: each answer is covered by the
        // time the next arrives, though never when it arrives. Nobody asked in between.
        lease.renew(1_000, 40, 38);
        lease.renew(1_500, 45, 43);
        lease.renew(2_000, 50, 48);

        assertThat(lease.holds(5_999, 48)).as("the answer of 1,500, settled when that of 2,000 arrived").isTrue();
        assertThat(lease.holds(6_000, 48)).isFalse();
        assertThat(lease.holds(6_100, 50)).isTrue();
    }

    @Test
    void shouldKeepCountingWhenTheImageTrailsByMoreThanAHeartbeatInterval() {
        // Answers every 500 ms, the image 1,500 ms (three answers) behind the controller: the oldest
        // waiting answer counts once covered, so the lease never lapses.
        long controllerOffset = 100;
        for (long t = 0; t <= 20_000; t += 500) {
            long applied = controllerOffset - 30; // the controller offset of 1,500 ms ago
            lease.renew(t, controllerOffset, applied);
            if (t >= 3_000) {
                assertThat(lease.holds(t + 499, applied)).as("at %d ms", t).isTrue();
            }
            controllerOffset += 10;
        }
    }

    @Test
    void shouldHoldNothingOnceRevoked() {
        lease.renew(1_000, 40, 40);
        lease.renew(1_500, 60, 50);

        lease.revoke();

        assertThat(lease.holds(1_600, 100)).isFalse();
        lease.renew(2_000, 100, 100);
        assertThat(lease.holds(2_100, 100)).isTrue();
    }

    @Test
    void shouldRefuseANonPositiveDuration() {
        assertThatThrownBy(() -> new BrokerLease(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
