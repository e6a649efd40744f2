package io.tributary.metadata.quorum;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a broken invariant goes: in production the process stops (a node whose replicated state
 * may have diverged must not keep serving it, nor snapshot it); in tests a recording handler makes
 * the test fail instead. Implementations must be thread-safe and must not throw.
 */
@FunctionalInterface
public interface FaultHandler {

    void handleFault(String message, Throwable cause);

    /** Logs once and halts the JVM: shutdown hooks could themselves touch the broken state. */
    static FaultHandler terminatingProcess() {
        Logger log = LoggerFactory.getLogger(FaultHandler.class);
        return (message, cause) -> {
            log.error("FATAL: {}; stopping the process", message, cause);
            Runtime.getRuntime().halt(1);
        };
    }
}
