package io.tributary.admin.local;

/** A local-cluster operation failed for a reason the user can act on; printed as one sentence. */
public final class LocalClusterException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LocalClusterException(String message) {
        super(message);
    }
}
