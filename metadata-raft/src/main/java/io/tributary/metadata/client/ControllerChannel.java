package io.tributary.metadata.client;

import java.util.concurrent.CompletableFuture;

/**
 * Carries one encoded controller request to whichever node is the active controller and brings the
 * encoded response back. Implemented by the quorum over the Ratis client (read-only request path,
 * routed to the leader). The future fails with
 * {@link io.tributary.metadata.quorum.NotControllerException} when no controller took the request,
 * which callers may retry.
 */
@FunctionalInterface
public interface ControllerChannel {
    CompletableFuture<byte[]> call(byte[] request);
}
