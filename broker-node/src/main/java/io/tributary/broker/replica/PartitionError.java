package io.tributary.broker.replica;

import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.protocol.Errors;

/** A per-partition failure that the client sees as a Kafka error code. Cheap: no stack trace. */
public final class PartitionError extends ApiException {
    private static final long serialVersionUID = 1L;
    private final Errors error;

    public PartitionError(Errors error, String message) {
        super(message);
        this.error = error;
    }

    public Errors error() {
        return error;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
