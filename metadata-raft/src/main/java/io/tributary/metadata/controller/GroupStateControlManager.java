package io.tributary.metadata.controller;

import io.tributary.metadata.controller.rpc.ControllerRequest;
import io.tributary.metadata.controller.rpc.ControllerResponse;
import io.tributary.metadata.image.CoordinatorShard;
import io.tributary.metadata.image.CoordinatorShards;
import io.tributary.metadata.image.MetadataImage;
import io.tributary.metadata.record.ConsumerGroupRecord;
import io.tributary.metadata.record.GroupRecord;
import io.tributary.metadata.record.GroupTombstoneRecord;
import io.tributary.metadata.record.MetadataRecord;
import io.tributary.metadata.record.OffsetCommitRecord;
import io.tributary.metadata.record.OffsetDeleteRecord;
import io.tributary.metadata.record.Precondition;
import org.apache.kafka.common.protocol.Errors;

/**
 * Group-state writes from group coordinators. A write is accepted only from the shard's current
 * coordinator epoch (checked now and again at apply through a precondition, so a deposed
 * coordinator's late write is rejected with NOT_COORDINATOR), and only for groups of that shard.
 * Pure and stateless, so any thread may use it (group writes are decided on the caller's thread).
 */
final class GroupStateControlManager {

    private final ControllerConfig config;

    GroupStateControlManager(ControllerConfig config) {
        this.config = config;
    }

    ControllerResult<ControllerResponse> write(ControllerRequest.WriteGroupState req, MetadataImage image) {
        CoordinatorShard shard = image.coordinatorShards().get(req.shardId());
        if (shard == null || shard.epoch() != req.coordinatorEpoch() || shard.leader() < 0) {
            return ControllerResult.of(req.errorResponse(Errors.NOT_COORDINATOR,
                    "shard " + req.shardId() + " is not in coordinator epoch " + req.coordinatorEpoch()));
        }
        BatchBuilder batch = new BatchBuilder().require(new Precondition.CoordinatorEpochIs(req.shardId(), req.coordinatorEpoch()));
        for (MetadataRecord r : req.records() == null ? java.util.List.<MetadataRecord>of() : req.records()) {
            String groupId = groupOf(r);
            if (groupId == null) {
                return ControllerResult.of(req.errorResponse(Errors.INVALID_REQUEST,
                        "only group and offset records may be written by a coordinator, not " + r.getClass().getSimpleName()));
            }
            if (CoordinatorShards.shardFor(groupId, config.offsetsTopicNumPartitions()) != req.shardId()) {
                return ControllerResult.of(req.errorResponse(Errors.NOT_COORDINATOR,
                        "group " + groupId + " does not belong to shard " + req.shardId()));
            }
            batch.add(r);
        }
        return batch.build(new ControllerResponse.WriteGroupState(Errors.NONE.code(), null));
    }

    private static String groupOf(MetadataRecord r) {
        if (r instanceof GroupRecord g) {
            return g.groupId();
        } else if (r instanceof ConsumerGroupRecord g) {
            return g.groupId();
        } else if (r instanceof GroupTombstoneRecord g) {
            return g.groupId();
        } else if (r instanceof OffsetCommitRecord o) {
            return o.groupId();
        } else if (r instanceof OffsetDeleteRecord o) {
            return o.groupId();
        }
        return null;
    }
}
