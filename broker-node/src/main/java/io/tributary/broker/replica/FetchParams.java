package io.tributary.broker.replica;

/**
 * The request-wide limits of a fetch.
 *
 * @param maxWaitMs how long to wait for {@code minBytes} ({@code fetch.max.wait.ms})
 * @param minBytes the least data worth answering with ({@code fetch.min.bytes})
 * @param maxBytes the response's byte limit ({@code fetch.max.bytes}); the first batch is always sent
 * @param replicaId the fetching follower's broker id, or -1 for a consumer
 */
public record FetchParams(long maxWaitMs, int minBytes, int maxBytes, int replicaId) {
    public static final int CONSUMER = -1;

    public FetchParams(long maxWaitMs, int minBytes, int maxBytes) {
        this(maxWaitMs, minBytes, maxBytes, CONSUMER);
    }

    /** A follower replica fetching to replicate: reads up to the log end offset, and its position counts for the HW. */
    public boolean isFromFollower() {
        return replicaId >= 0;
    }
}
