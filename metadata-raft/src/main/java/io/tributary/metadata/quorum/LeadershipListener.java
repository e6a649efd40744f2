package io.tributary.metadata.quorum;

/**
 * Told when this node becomes, or stops being, the Raft leader, and so the active controller.
 * Called from quorum threads: implementations hand the event to their own thread quickly.
 */
public interface LeadershipListener {

    /**
     * This node is leader for {@code term} and has applied every entry committed before its term,
     * so its state is current and it may act as controller.
     */
    void onLeaderReady(long term);

    /** This node is no longer leader; stop acting as controller at once. */
    void onNotLeader();
}
