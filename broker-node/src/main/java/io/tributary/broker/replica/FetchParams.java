package io.tributary.broker.replica;

/**
 * The request-wide limits of a fetch.
 *
 * @param maxWaitMs how long to wait for {@code minBytes} ({@code fetch.max.wait.ms})
 * @param minBytes the least data worth answering with ({@code fetch.min.bytes})
 * @param maxBytes the response's byte limit ({@code fetch.max.bytes}); the first batch is always sent
 */
public record FetchParams(long maxWaitMs, int minBytes, int maxBytes) {
}
