package io.tributary.metadata.quorum;

/** This node is not (or not yet) the active controller; the caller should retry, maybe elsewhere. */
public class NotControllerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NotControllerException(String message) {
        super(message);
    }
}
