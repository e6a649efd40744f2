package io.tributary.metadata.controller;

import java.util.concurrent.CompletableFuture;

/** Carries out a {@link LivenessProbe} off the controller thread. Implementations are thread-safe. */
interface LivenessProber extends AutoCloseable {

    /** Never completes exceptionally: a failure to probe is {@link LivenessProbe.Outcome#NO_ANSWER}. */
    CompletableFuture<LivenessProbe.Outcome> probe(String host, int port, long timeoutMs);

    @Override
    default void close() {
    }

    /** A prober that never learns anything, so only the session timeout fences (tests, or probing disabled). */
    LivenessProber SILENT = (host, port, timeoutMs) -> CompletableFuture.completedFuture(LivenessProbe.Outcome.NO_ANSWER);
}
