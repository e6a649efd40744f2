package io.tributary.metadata.quorum;

import java.util.concurrent.CompletableFuture;

/**
 * Appends entries to the replicated metadata log. Entries proposed through one proposer are
 * committed and applied in the order they were proposed.
 */
public interface LogProposer {

    /**
     * Proposes one entry. The future completes, once the entry is committed and applied on this
     * node, with what {@link ReplicatedState#apply} returned for it; it fails if the entry could not
     * be committed (lost leadership, no quorum within the bounded retries).
     */
    CompletableFuture<byte[]> propose(byte[] entry);
}
