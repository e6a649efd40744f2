package io.tributary.metadata.quorum;

import java.util.concurrent.CompletableFuture;

/**
 * Serves requests addressed to the active controller (broker registration and heartbeats, topic
 * operations, ISR changes, ...). The quorum routes every such request to the Raft leader and hands
 * it to the handler registered there; requests never go through the Raft log themselves, only the
 * records the controller decides to write do.
 */
public interface ControllerRequestHandler {

    /**
     * Handles one request. The future completes with the encoded response; a future failed with
     * {@link NotControllerException} tells the caller to retry elsewhere.
     */
    CompletableFuture<byte[]> handle(byte[] request);
}
