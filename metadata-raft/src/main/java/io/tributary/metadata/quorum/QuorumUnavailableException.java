package io.tributary.metadata.quorum;

/**
 * The metadata quorum could not serve a request within its bounded retries: no leader could be
 * reached, or the leader could not reach a majority. For a proposal the outcome is unknown: the
 * entry may still commit later (Ratis's retry cache makes a retry of the same call exactly-once).
 */
public class QuorumUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public QuorumUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
