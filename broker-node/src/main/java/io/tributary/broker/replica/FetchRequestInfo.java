package io.tributary.broker.replica;

import java.util.Optional;

/**
 * One partition of a fetch.
 *
 * @param fetchOffset where to start reading
 * @param maxBytes this partition's byte limit ({@code max.partition.fetch.bytes})
 * @param currentLeaderEpoch the client's view of the leader epoch, if it sent one
 * @param lastFetchedEpoch a follower's latest epoch (Fetch v12+), for the divergence check
 */
public record FetchRequestInfo(long fetchOffset, int maxBytes, Optional<Integer> currentLeaderEpoch,
                               Optional<Integer> lastFetchedEpoch) {
    public FetchRequestInfo(long fetchOffset, int maxBytes, Optional<Integer> currentLeaderEpoch) {
        this(fetchOffset, maxBytes, currentLeaderEpoch, Optional.empty());
    }
}
