package io.tributary.metadata.image;

/**
 * A record cannot be applied to the current state (it names a broker, topic or partition that does
 * not exist). The batch holding it is rejected as a whole, identically on every node.
 */
public final class InvalidRecordException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidRecordException(String message) {
        super(message);
    }
}
