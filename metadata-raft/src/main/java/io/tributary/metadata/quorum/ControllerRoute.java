package io.tributary.metadata.quorum;

/**
 * Where a controller request from this node goes, decided from what its own Raft division knows.
 * Pure; {@link MetadataQuorum} applies it.
 *
 * <p>While an election is open on a voter (no leader known yet, or this node won but has not yet
 * applied the entries of earlier terms), the request waits here for the outcome instead of going to
 * the leader channel: on a node that then becomes the controller, the request is served in-process,
 * whereas a remote attempt would send it over loopback gRPC to this very node, be refused as "not
 * ready" and retried. At start-up that cost ~0.8 s before a single node's broker could register
 * (building the node's first gRPC client on the way). The wait is bounded: past {@code waitedEnough}
 * the request takes the leader channel as before, so a voter that never learns a leader (removed
 * from the quorum, cut off) behaves as it always did.
 */
enum ControllerRoute {
    /** This node is the ready leader: its own controller serves the request. */
    LOCAL,
    /** Another node leads (or this one is no voter, or waited enough): the leader channel carries it. */
    REMOTE,
    /** An election this voter takes part in is open: ask again shortly. */
    WAIT;

    /**
     * @param voter        this node votes in the current configuration (a listener, or a node waiting to
     *                     be added, never leads: it has no outcome to wait for)
     * @param leader       this node's division is the Raft leader
     * @param leaderReady  this node's state machine has applied the entries of earlier terms
     * @param leaderKnown  this node's division knows a leader (itself included)
     * @param waitedEnough the request has waited as long as an election may take
     */
    static ControllerRoute of(boolean voter, boolean leader, boolean leaderReady, boolean leaderKnown,
                              boolean waitedEnough) {
        if (leader && leaderReady) {
            return LOCAL;
        }
        boolean electionOpen = voter && (leader || !leaderKnown);
        return electionOpen && !waitedEnough ? WAIT : REMOTE;
    }
}
