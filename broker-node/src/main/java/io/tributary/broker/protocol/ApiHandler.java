package io.tributary.broker.protocol;

import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.requests.AbstractResponse;

/**
 * Serves one Kafka API. Called on a network thread: it must not block; slow work completes the
 * future later. A future completed with {@code null} sends no response (produce with acks=0); a
 * future failed with an exception becomes the request's own error response.
 */
@FunctionalInterface
public interface ApiHandler {
    CompletableFuture<AbstractResponse> handle(KafkaRequest request);
}
