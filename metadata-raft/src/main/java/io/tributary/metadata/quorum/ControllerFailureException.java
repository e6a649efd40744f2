package io.tributary.metadata.quorum;

/**
 * The active controller's handler failed a request (its future completed exceptionally with
 * something other than {@link NotControllerException}); carries the remote exception's class and
 * message. Not retried: business errors belong in the encoded response, so this is a bug or a
 * malformed request.
 */
public class ControllerFailureException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String remoteClassName;

    public ControllerFailureException(String remoteClassName, String message) {
        super(remoteClassName + ": " + message);
        this.remoteClassName = remoteClassName;
    }

    /** The class name of the exception the controller's handler failed with. */
    public String remoteClassName() {
        return remoteClassName;
    }
}
