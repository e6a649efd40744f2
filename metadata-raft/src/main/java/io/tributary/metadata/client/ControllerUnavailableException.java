package io.tributary.metadata.client;

/** No active controller answered a request within the client's request timeout. */
public final class ControllerUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ControllerUnavailableException(String message, Throwable lastError) {
        super(message, lastError);
    }
}
