package io.tributary.broker.replica;

/**
 * The request-wide limits of a fetch.
 *
 * @param maxWaitMs how long to wait for {@code minBytes} ({@code fetch.max.wait.ms})
 * @param minBytes the least data worth answering with ({@code fetch.min.bytes})
 * @param maxBytes the response's byte limit ({@code fetch.max.bytes}); the first batch is always sent
 * @param replicaId the fetching follower's broker id, or -1 for a consumer
 * @param replicaEpoch the follower's broker epoch (ReplicaState, KIP-903), or -1 when the fetch carried none
 */
public record FetchParams(long maxWaitMs, int minBytes, int maxBytes, int replicaId, long replicaEpoch) {
    public static final int CONSUMER = -1;

    public FetchParams(long maxWaitMs, int minBytes, int maxBytes) {
        this(maxWaitMs, minBytes, maxBytes, CONSUMER, ReplicaEligibility.NO_BROKER_EPOCH);
    }

    /** A follower replica fetching to replicate: reads up to the log end offset, and its position counts for the HW. */
    public boolean isFromFollower() {
        return replicaId >= 0;
    }
}
