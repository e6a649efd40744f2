package io.tributary.broker.group.consumer;

/** Where a member is in reconciling its current assignment towards its target (Kafka's names). */
public enum MemberState {
    /** Owns its target assignment in the target epoch. */
    STABLE,
    /** Must give partitions back (acknowledged by a heartbeat that no longer reports them) before it moves on. */
    UNREVOKED_PARTITIONS,
    /** In the target epoch, waiting for partitions other members still own. */
    UNRELEASED_PARTITIONS
}
