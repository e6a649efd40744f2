package io.tributary.broker.api;

import io.tributary.metadata.controller.rpc.ControllerRequest;
import io.tributary.metadata.controller.rpc.ControllerResponse;
import java.util.concurrent.CompletableFuture;

/**
 * Sends a request to the active controller, wherever it runs, and completes with its answer.
 * Failing to reach any controller within the bounded retries fails the future.
 */
@FunctionalInterface
public interface ControllerGateway {
    CompletableFuture<ControllerResponse> send(ControllerRequest request);

    /** Sends and casts the answer to the response type of the request. */
    default <R extends ControllerResponse> CompletableFuture<R> call(ControllerRequest request, Class<R> responseType) {
        return send(request).thenApply(responseType::cast);
    }
}
