package io.tributary.broker.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LeaderReplicaTrackerTest {
    private static final long LAG_MS = 30_000;

    private static LeaderReplicaTracker tracker(Set<Integer> isr, long leo, long hw) {
        return new LeaderReplicaTracker(1, List.of(1, 2, 3), isr, leo, hw, 0, 0);
    }

    @Test
    void shouldAdvanceHighWatermarkOnAppendWhenLeaderIsAloneInIsr() {
        LeaderReplicaTracker t = tracker(Set.of(1), 0, 0);
        assertThat(t.onLeaderAppend(10)).isTrue();
        assertThat(t.highWatermark()).isEqualTo(10);
    }

    @Test
    void shouldHoldHighWatermarkAtSlowestIsrMemberWhenFollowersLag() {
        LeaderReplicaTracker t = tracker(Set.of(1, 2, 3), 0, 0);
        t.onLeaderAppend(100);
        assertThat(t.highWatermark()).isZero();
        t.onFollowerFetch(2, 100, 1);
        assertThat(t.highWatermark()).isZero();
        assertThat(t.onFollowerFetch(3, 60, 1)).isTrue();
        assertThat(t.highWatermark()).isEqualTo(60);
        t.onFollowerFetch(3, 100, 2);
        assertThat(t.highWatermark()).isEqualTo(100);
    }

    @Test
    void shouldIgnoreFollowersOutsideIsrWhenComputingHighWatermark() {
        LeaderReplicaTracker t = tracker(Set.of(1, 2), 0, 0);
        t.onLeaderAppend(50);
        t.onFollowerFetch(2, 50, 1);
        assertThat(t.highWatermark()).isEqualTo(50);
    }

    @Test
    void shouldNeverMoveHighWatermarkBackwardsWhenAFollowerReportsLess() {
        LeaderReplicaTracker t = tracker(Set.of(1, 2), 0, 0);
        t.onLeaderAppend(50);
        t.onFollowerFetch(2, 50, 1);
        t.onFollowerFetch(2, 20, 2); // a restarted follower that truncated
        assertThat(t.highWatermark()).isEqualTo(50);
    }

    @Test
    void shouldCountPendingAdditionWhenComputingHighWatermark() {
        LeaderReplicaTracker t = tracker(Set.of(1), 0, 0);
        t.onLeaderAppend(10);
        t.onFollowerFetch(2, 10, 1);
        assertThat(t.followersReadyToJoin(ReplicaEligibility.ANY)).containsExactly(2);
        t.onAdditionProposed(2);
        assertThat(t.maximalIsr()).containsExactly(1, 2);
        t.onLeaderAppend(20);
        assertThat(t.highWatermark()).isEqualTo(10);
        t.onFollowerFetch(2, 20, 2);
        assertThat(t.highWatermark()).isEqualTo(20);
    }

    @Test
    void shouldNotOfferFollowerToJoinWhenBelowHighWatermarkOrEpochStart() {
        LeaderReplicaTracker t = new LeaderReplicaTracker(1, List.of(1, 2, 3), Set.of(1), 100, 100, 80, 0);
        t.onFollowerFetch(2, 90, 1);
        t.onFollowerFetch(3, 100, 1);
        assertThat(t.followersReadyToJoin(ReplicaEligibility.ANY)).containsExactly(3);
    }

    @Test
    void shouldFlagFollowerOutOfSyncWhenNotCaughtUpWithinLagTime() {
        LeaderReplicaTracker t = tracker(Set.of(1, 2, 3), 0, 0);
        t.onLeaderAppend(100);
        t.onFollowerFetch(2, 100, 1_000);
        t.onFollowerFetch(3, 10, 1_000);
        assertThat(t.outOfSyncFollowers(LAG_MS, LAG_MS)).isEmpty();
        assertThat(t.outOfSyncFollowers(LAG_MS + 1, LAG_MS)).containsExactly(3);
    }

    @Test
    void shouldKeepFollowerInSyncWhenItReachesTheLeaderEndOffsetOfItsPreviousFetch() {
        LeaderReplicaTracker t = tracker(Set.of(1, 2), 0, 0);
        long now = 0;
        long leo = 0;
        // The leader keeps growing; the follower always fetches what the leader had at its last fetch.
        for (int i = 0; i < 100; i++) {
            long previousLeo = leo;
            leo += 10;
            t.onLeaderAppend(leo);
            now += 1_000;
            t.onFollowerFetch(2, previousLeo, now);
        }
        assertThat(t.outOfSyncFollowers(now + 1, LAG_MS)).isEmpty();
    }

    @Test
    void shouldGiveEveryFollowerAFullLagWindowWhenLeadershipStarts() {
        LeaderReplicaTracker t = new LeaderReplicaTracker(1, List.of(1, 2), Set.of(1, 2), 10, 10, 10, 5_000);
        assertThat(t.outOfSyncFollowers(5_000 + LAG_MS, LAG_MS)).isEmpty();
        assertThat(t.outOfSyncFollowers(5_000 + LAG_MS + 1, LAG_MS)).containsExactly(2);
    }

    @Test
    void shouldRefuseLeaderOutsideIsrWhenCreated() {
        assertThatThrownBy(() -> tracker(Set.of(2, 3), 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldKeepHighWatermarkAtMostMinimumIsrEndOffsetWhenEventsAreRandom() {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            LeaderReplicaTracker t = tracker(Set.of(1, 2, 3), 0, 0);
            long[] leo = {0, 0, 0, 0};
            long lastHw = 0;
            for (int step = 0; step < 50; step++) {
                int r = 1 + random.nextInt(3);
                if (r == 1) {
                    leo[1] += random.nextInt(10);
                    t.onLeaderAppend(leo[1]);
                } else {
                    leo[r] = Math.min(leo[1], leo[r] + random.nextInt(10));
                    t.onFollowerFetch(r, leo[r], step);
                }
                long hw = t.highWatermark();
                assertThat(hw).isGreaterThanOrEqualTo(lastHw).isLessThanOrEqualTo(leo[1]);
                assertThat(hw).isLessThanOrEqualTo(Math.max(lastHw, Math.min(leo[1], Math.min(leo[2], leo[3]))));
                lastHw = hw;
            }
        }
    }

    @Test
    void shouldTrackReplicaAddedByReassignmentWithinSameLeadership() {
        LeaderReplicaTracker t = tracker(Set.of(1, 2), 0, 0);
        t.onLeaderAppend(40);
        t.onFollowerFetch(2, 40, 1);
        assertThat(t.onFollowerFetch(4, 40, 1)).isFalse();
        assertThat(t.followersReadyToJoin(ReplicaEligibility.ANY)).isEmpty();

        t.onReplicasChanged(List.of(2, 4, 1), 5);
        t.onFollowerFetch(4, 40, 6);

        assertThat(t.followersReadyToJoin(ReplicaEligibility.ANY)).containsExactly(4);
        assertThat(t.followerEndOffset(4)).contains(40L);
    }

    @Test
    void shouldForgetReplicaRemovedWithinSameLeadership() {
        LeaderReplicaTracker t = tracker(Set.of(1, 2), 0, 0);
        t.onFollowerFetch(3, 0, 1);

        t.onReplicasChanged(List.of(1, 2), 5);

        assertThat(t.followerEndOffset(3)).isEmpty();
        assertThat(t.followersReadyToJoin(ReplicaEligibility.ANY)).isEmpty();
    }

    @Test
    void shouldNotOfferFollowerToJoinWhenEligibilityRefusesIt() {
        LeaderReplicaTracker t = tracker(Set.of(1), 10, 10);
        t.onFollowerFetch(2, 10, 1);
        t.onFollowerFetch(3, 10, 1);

        assertThat(t.followersReadyToJoin((id, brokerEpoch) -> id != 2)).containsExactly(3);
    }

    @Test
    void shouldJudgeEligibilityByLatestFetchBrokerEpochWhenFollowerRestarted() {
        LeaderReplicaTracker t = tracker(Set.of(1), 10, 10);
        ReplicaEligibility registeredAsEpoch9 = (id, brokerEpoch) -> brokerEpoch == 9;

        t.onFollowerFetch(2, 10, 7, 1);
        assertThat(t.followersReadyToJoin(registeredAsEpoch9)).as("a fetch from the previous incarnation").isEmpty();

        t.onFollowerFetch(2, 10, 9, 2);
        assertThat(t.followersReadyToJoin(registeredAsEpoch9)).containsExactly(2);
    }

    @Test
    void shouldPassNoBrokerEpochWhenFetchCarriedNone() {
        LeaderReplicaTracker t = tracker(Set.of(1), 10, 10);
        t.onFollowerFetch(2, 10, 1);

        assertThat(t.followersReadyToJoin((id, brokerEpoch) -> brokerEpoch == ReplicaEligibility.NO_BROKER_EPOCH))
                .containsExactly(2);
    }
}
