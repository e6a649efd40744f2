package io.tributary.broker.protocol;

import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;

/**
 * Answers ApiVersions from the dispatcher's registrations. A request at a version we do not know
 * (KIP-511) has already been re-read as v0 by the network layer; it gets UNSUPPORTED_VERSION plus
 * our ranges, so the client can retry at a version we both speak.
 */
public final class ApiVersionsHandler implements ApiHandler {
    private final RequestDispatcher dispatcher;

    public ApiVersionsHandler(RequestDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(KafkaRequest request) {
        ApiVersionsRequest body = request.bodyAs(ApiVersionsRequest.class);
        ApiVersionsResponseData data = new ApiVersionsResponseData();
        if (body.hasUnsupportedRequestVersion()) {
            data.setErrorCode(Errors.UNSUPPORTED_VERSION.code());
        } else if (!body.isValid()) {
            data.setErrorCode(Errors.INVALID_REQUEST.code());
        } else {
            data.setErrorCode(Errors.NONE.code());
        }
        ApiVersionsResponseData.ApiVersionCollection keys = new ApiVersionsResponseData.ApiVersionCollection();
        dispatcher.advertised().values().forEach(v -> keys.add(v.duplicate()));
        data.setApiKeys(keys);
        return CompletableFuture.completedFuture(new ApiVersionsResponse(data));
    }
}
