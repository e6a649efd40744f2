package io.tributary.broker.group;

import io.tributary.metadata.client.MetadataClient;
import io.tributary.metadata.record.MetadataRecord;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.protocol.Errors;

/**
 * Where the coordinator persists group records and committed offsets: the metadata quorum, through
 * the active controller, which accepts a write only in the shard's current coordinator epoch. The
 * future completes with the outcome as a Kafka error, never exceptionally.
 */
@FunctionalInterface
public interface GroupStateWriter {
    CompletableFuture<Errors> write(int shardId, int coordinatorEpoch, List<MetadataRecord> records);

    /** Writes through {@code client}; an unreachable controller reads as COORDINATOR_NOT_AVAILABLE (retriable). */
    static GroupStateWriter through(MetadataClient client) {
        return (shardId, epoch, records) -> client.writeGroupState(shardId, epoch, records)
                .handle((r, e) -> e != null ? Errors.COORDINATOR_NOT_AVAILABLE : Errors.forCode(r.errorCode()));
    }
}
