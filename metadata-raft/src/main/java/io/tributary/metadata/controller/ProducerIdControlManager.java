package io.tributary.metadata.controller;

import io.tributary.metadata.controller.rpc.ControllerRequest;
import io.tributary.metadata.controller.rpc.ControllerResponse;
import io.tributary.metadata.image.BrokerRegistration;
import io.tributary.metadata.image.MetadataImage;
import io.tributary.metadata.record.Precondition;
import io.tributary.metadata.record.ProducerIdsRecord;
import org.apache.kafka.common.protocol.Errors;

/**
 * Hands out blocks of {@link ControllerConfig#PRODUCER_ID_BLOCK_SIZE} producer ids. The block's
 * start is guarded by a precondition so that two controllers can never hand out the same block.
 * Pure; confined to the controller thread.
 */
final class ProducerIdControlManager {

    ControllerResult<ControllerResponse> allocate(ControllerRequest.AllocateProducerIds req, MetadataImage image) {
        BrokerRegistration b = image.broker(req.brokerId());
        if (b == null) {
            return ControllerResult.of(req.errorResponse(Errors.BROKER_ID_NOT_REGISTERED, null));
        }
        if (b.epoch() != req.brokerEpoch()) {
            return ControllerResult.of(req.errorResponse(Errors.STALE_BROKER_EPOCH, null));
        }
        long start = image.nextProducerId();
        if (start > Long.MAX_VALUE - ControllerConfig.PRODUCER_ID_BLOCK_SIZE) {
            return ControllerResult.of(req.errorResponse(Errors.UNKNOWN_SERVER_ERROR, "producer ids exhausted"));
        }
        return new BatchBuilder()
                .require(new Precondition.NextProducerIdIs(start))
                .require(new Precondition.BrokerEpochIs(b.id(), b.epoch()))
                .add(new ProducerIdsRecord(b.id(), b.epoch(), start + ControllerConfig.PRODUCER_ID_BLOCK_SIZE))
                .build(new ControllerResponse.AllocateProducerIds(Errors.NONE.code(), start,
                        ControllerConfig.PRODUCER_ID_BLOCK_SIZE));
    }
}
