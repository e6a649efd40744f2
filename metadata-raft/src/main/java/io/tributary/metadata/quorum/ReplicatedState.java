package io.tributary.metadata.quorum;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The deterministic state that the metadata quorum replicates. The Ratis state machine is a thin
 * adapter around one instance of this: it hands over every committed entry in log order, and asks
 * for snapshots.
 *
 * <p>Confined to the quorum's apply thread. Every node (leader, followers, listeners, a node
 * replaying its log at start-up) runs the same entries through {@link #apply} and must reach the
 * same state, so implementations never read clocks, randomness or the local environment.
 */
public interface ReplicatedState {

    /**
     * Applies one committed entry.
     *
     * @param index the Raft log index of the entry (strictly increasing across calls)
     * @param entry the bytes that were proposed
     * @return the reply handed back to the proposer (business errors are encoded here, never thrown)
     * @throws IllegalStateException only for a broken invariant, which is fatal for the node
     */
    byte[] apply(long index, byte[] entry);

    /** Writes the whole state as of the last applied entry. */
    void writeSnapshot(OutputStream out) throws IOException;

    /** Replaces the whole state with one written by {@link #writeSnapshot}. */
    void loadSnapshot(InputStream in) throws IOException;
}
