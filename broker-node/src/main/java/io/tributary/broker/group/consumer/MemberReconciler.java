package io.tributary.broker.group.consumer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import org.apache.kafka.common.Uuid;

/**
 * Moves one member's current assignment a step towards its target, never handing it a partition
 * another member still owns. A member first gives back what it must lose (UNREVOKED_PARTITIONS,
 * epoch unchanged) and only when a heartbeat no longer reports those partitions does it enter the
 * target epoch and receive the new partitions that are free; the rest it waits for
 * (UNRELEASED_PARTITIONS). Pure.
 */
public final class MemberReconciler {
    private MemberReconciler() {
    }

    /**
     * @param owned the partitions the member reported in this heartbeat, or null when it did not report them
     * @param ownedByOther whether a partition is held (assigned or pending revocation) by another member
     */
    public static ConsumerGroupMember reconcile(ConsumerGroupMember member, int targetEpoch, Map<Uuid, Set<Integer>> target,
                                                Map<Uuid, Set<Integer>> owned, BiPredicate<Uuid, Integer> ownedByOther) {
        switch (member.state()) {
            case UNREVOKED_PARTITIONS:
                if (owned == null || Partitions.intersects(owned, member.pendingRevocation())) {
                    return member;
                }
                return next(member, targetEpoch, target, ownedByOther);
            case UNRELEASED_PARTITIONS:
                return next(member, targetEpoch, target, ownedByOther);
            case STABLE:
            default:
                if (member.memberEpoch() == targetEpoch) {
                    return member;
                }
                return next(member, targetEpoch, target, ownedByOther);
        }
    }

    private static ConsumerGroupMember next(ConsumerGroupMember member, int targetEpoch, Map<Uuid, Set<Integer>> target,
                                            BiPredicate<Uuid, Integer> ownedByOther) {
        Map<Uuid, Set<Integer>> kept = Partitions.intersect(member.assigned(), target);
        Map<Uuid, Set<Integer>> revoke = Partitions.minus(member.assigned(), target);
        if (!revoke.isEmpty()) {
            return member.withAssignment(member.memberEpoch(), member.previousMemberEpoch(), MemberState.UNREVOKED_PARTITIONS,
                    kept, revoke);
        }
        Map<Uuid, List<Integer>> free = new HashMap<>();
        boolean waiting = false;
        for (Map.Entry<Uuid, Set<Integer>> e : Partitions.minus(target, kept).entrySet()) {
            for (int p : e.getValue()) {
                if (ownedByOther.test(e.getKey(), p)) {
                    waiting = true;
                } else {
                    free.computeIfAbsent(e.getKey(), t -> new ArrayList<>()).add(p);
                }
            }
        }
        int previous = member.memberEpoch() == targetEpoch ? member.previousMemberEpoch() : member.memberEpoch();
        return member.withAssignment(targetEpoch, previous,
                waiting ? MemberState.UNRELEASED_PARTITIONS : MemberState.STABLE,
                Partitions.union(kept, Partitions.copyOf(free)), Partitions.NONE);
    }
}
