package io.tributary.metadata.client;

import org.apache.kafka.common.errors.TimeoutException;

/**
 * No active controller answered a request within the client's request timeout. A Kafka
 * {@link TimeoutException}, so the broker answers clients with the retriable {@code REQUEST_TIMED_OUT}
 * (as a Kafka broker does when forwarding to an unreachable controller) instead of an unknown error.
 */
public final class ControllerUnavailableException extends TimeoutException {
    private static final long serialVersionUID = 1L;

    public ControllerUnavailableException(String message, Throwable lastError) {
        super(message, lastError);
    }
}
