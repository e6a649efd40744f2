package io.tributary.broker.replica;

import java.util.Optional;

/**
 * One partition of a fetch.
 *
 * @param fetchOffset where to start reading
 * @param maxBytes this partition's byte limit ({@code max.partition.fetch.bytes})
 * @param currentLeaderEpoch the client's view of the leader epoch, if it sent one
 */
public record FetchRequestInfo(long fetchOffset, int maxBytes, Optional<Integer> currentLeaderEpoch) {
}
