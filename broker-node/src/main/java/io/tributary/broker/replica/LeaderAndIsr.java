package io.tributary.broker.replica;

import java.util.List;

/**
 * What the metadata says about one partition: who leads it in which epoch, its replicas and ISR.
 *
 * @param leader the leader's broker id, or -1 when the partition has no leader
 * @param leaderEpoch bumped on every leader change
 * @param partitionEpoch bumped on every change of this state
 * @param replicas every replica, in preference order
 * @param isr the in-sync replicas
 */
public record LeaderAndIsr(int leader, int leaderEpoch, int partitionEpoch, List<Integer> replicas, List<Integer> isr) {
    public static final int NO_LEADER = -1;

    public LeaderAndIsr {
        replicas = List.copyOf(replicas);
        isr = List.copyOf(isr);
    }
}
