package io.tributary.broker.server;

import java.util.Optional;

/**
 * How long a stopping broker keeps waiting for the controller to approve its controlled shutdown.
 * Up to {@code timeoutMs}, as before, unless the metadata quorum has had no leader for
 * {@code leaderlessLimitMs}: then no controller can answer (the node's fellow voters are gone, as
 * when a whole cluster is stopped and this node is the last of its majority), and waiting out the
 * full timeout only made {@code tributary local down} of a 3-node cluster take ~35 s. The limit
 * spans a few election timeouts, so an ordinary election under way does not end the wait.
 * Pure: the caller supplies the clock and what the quorum says; not thread-safe.
 */
final class ControlledShutdownWait {
    private final long startMs;
    private final long timeoutMs;
    private final long leaderlessLimitMs;
    private long leaderLastSeenMs;

    ControlledShutdownWait(long startMs, long timeoutMs, long leaderlessLimitMs) {
        this.startMs = startMs;
        this.timeoutMs = timeoutMs;
        this.leaderlessLimitMs = leaderlessLimitMs;
        this.leaderLastSeenMs = startMs;
    }

    /** Empty while the broker should keep waiting; otherwise why it should stop waiting. */
    Optional<String> giveUpReason(long nowMs, boolean leaderKnown) {
        if (leaderKnown) {
            leaderLastSeenMs = nowMs;
        }
        if (nowMs - startMs >= timeoutMs) {
            return Optional.of("no answer from the controller within " + timeoutMs + " ms");
        }
        if (nowMs - leaderLastSeenMs >= leaderlessLimitMs) {
            return Optional.of("the metadata quorum has had no leader for " + (nowMs - leaderLastSeenMs)
                    + " ms, so no controller can approve it");
        }
        return Optional.empty();
    }
}
