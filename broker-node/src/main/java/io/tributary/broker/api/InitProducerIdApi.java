package io.tributary.broker.api;

import io.tributary.broker.producer.ProducerIdManager;
import io.tributary.broker.protocol.ApiHandler;
import io.tributary.broker.protocol.KafkaRequest;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.InitProducerIdRequest;
import org.apache.kafka.common.requests.InitProducerIdResponse;

/**
 * InitProducerId (key 22) for idempotent producers: a fresh producer id with epoch 0, as Kafka
 * gives a non-transactional producer (also when it asks to bump the epoch after an error, KIP-360).
 * Transactions are not offered: a transactional id is refused.
 */
public final class InitProducerIdApi implements ApiHandler {
    private final ProducerIdManager producerIds;

    public InitProducerIdApi(ProducerIdManager producerIds) {
        this.producerIds = producerIds;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(KafkaRequest request) {
        InitProducerIdRequestData body = request.bodyAs(InitProducerIdRequest.class).data();
        if (body.transactionalId() != null) {
            return CompletableFuture.completedFuture(response(Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED, -1));
        }
        return producerIds.nextProducerId()
                .thenApply(id -> response(Errors.NONE, id))
                .exceptionally(e -> response(Errors.COORDINATOR_NOT_AVAILABLE, -1));
    }

    private static AbstractResponse response(Errors error, long producerId) {
        return new InitProducerIdResponse(new InitProducerIdResponseData().setErrorCode(error.code())
                .setProducerId(producerId).setProducerEpoch((short) (producerId < 0 ? -1 : 0)));
    }
}
