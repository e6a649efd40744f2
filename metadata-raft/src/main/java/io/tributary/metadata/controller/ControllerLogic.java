package io.tributary.metadata.controller;

import io.tributary.metadata.controller.rpc.ControllerRequest;
import io.tributary.metadata.controller.rpc.ControllerResponse;
import io.tributary.metadata.image.MetadataImage;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.Errors;

/**
 * All decisions of the active controller, as one pure object: every call takes the current image
 * and the time, and returns the records to write plus the response. Nothing here performs I/O,
 * reads a clock or mutates replicated state; the only state kept is soft state (broker sessions)
 * and timers, which a new controller rebuilds on activation. A new instance is made for every term
 * in which this node leads.
 *
 * <p>Confined to one thread (the {@link ActiveController} loop, or a test). Callers must feed it an
 * image that includes every record it returned before (the ActiveController writes one batch at a
 * time for this reason); the preconditions in each batch protect against any slip.
 */
public final class ControllerLogic {

    private final ControllerConfig config;
    private final LeadershipPlanner planner;
    private final ClusterControlManager cluster;
    private final ReplicationControlManager replication;
    private final ConfigControlManager configs = new ConfigControlManager();
    private final ProducerIdControlManager producerIds = new ProducerIdControlManager();
    private final GroupStateControlManager groups;
    private final ReassignmentControlManager reassignments = new ReassignmentControlManager();
    private long nextRebalanceCheckMs;

    /** Activates a controller on {@code image} at {@code nowMs}: every broker starts a fresh session. */
    public ControllerLogic(ControllerConfig config, Supplier<Uuid> topicIds, MetadataImage image, long nowMs) {
        this.config = config;
        this.planner = new LeadershipPlanner(config);
        this.cluster = new ClusterControlManager(config, planner);
        this.replication = new ReplicationControlManager(config, topicIds);
        this.groups = new GroupStateControlManager(config);
        cluster.activate(image, nowMs);
        nextRebalanceCheckMs = nowMs + config.leaderImbalanceCheckIntervalMs();
    }

    public ControllerConfig config() {
        return config;
    }

    /**
     * Most records one user request may write in its single atomic batch (Kafka's
     * {@code MAX_RECORDS_PER_USER_OP}); bounds the size of a log entry at a few MB.
     */
    public static final int MAX_RECORDS_PER_USER_OP = 10_000;

    /**
     * Whether {@code request} should wait before it is decided: it places new replicas, and this
     * controller, just activated, has not yet heard from every unfenced broker (one may have died
     * with the previous controller). The driver retries it on a later tick.
     */
    public boolean shouldDefer(ControllerRequest request, MetadataImage image, long nowMs) {
        boolean places = request instanceof ControllerRequest.CreateTopics c && !c.validateOnly()
                || request instanceof ControllerRequest.CreatePartitions p && !p.validateOnly();
        return places && cluster.awaitingBrokers(image, nowMs);
    }

    /** Decides one request. Business errors are in the response, never thrown. */
    public ControllerResult<ControllerResponse> handle(ControllerRequest request, MetadataImage image, long nowMs) {
        return capped(request, decide(request, image, nowMs));
    }

    /**
     * A group coordinator's write, decided off the controller thread: it reads nothing but the
     * image, and the coordinator-epoch precondition it carries is checked again at apply.
     */
    static ControllerResult<ControllerResponse> handleGroupWrite(GroupStateControlManager groups,
                                                                 ControllerRequest.WriteGroupState request, MetadataImage image) {
        return capped(request, groups.write(request, image));
    }

    /** {@code result}, or a refusal if a user request would write more than one batch may hold. */
    private static ControllerResult<ControllerResponse> capped(ControllerRequest request, ControllerResult<ControllerResponse> result) {
        boolean userOp = !(request instanceof ControllerRequest.BrokerHeartbeat)
                && !(request instanceof ControllerRequest.ReportUnreachableBroker)
                && !(request instanceof ControllerRequest.RegisterBroker)
                && !(request instanceof ControllerRequest.UnregisterBroker);
        if (userOp && result.records().size() > MAX_RECORDS_PER_USER_OP) {
            return ControllerResult.of(request.errorResponse(Errors.POLICY_VIOLATION, "Unable to perform excessively "
                    + "large batch operation: " + result.records().size() + " records, at most " + MAX_RECORDS_PER_USER_OP));
        }
        return result;
    }

    private ControllerResult<ControllerResponse> decide(ControllerRequest request, MetadataImage image, long nowMs) {
        if (request instanceof ControllerRequest.RegisterBroker r) {
            return cluster.register(r, image, nowMs);
        } else if (request instanceof ControllerRequest.BrokerHeartbeat r) {
            return cluster.heartbeat(r, image, nowMs);
        } else if (request instanceof ControllerRequest.UnregisterBroker r) {
            return cluster.unregister(r, image);
        } else if (request instanceof ControllerRequest.ReportUnreachableBroker r) {
            return cluster.reportUnreachable(r);
        } else if (request instanceof ControllerRequest.CreateTopics r) {
            return replication.createTopics(r, image, cluster.brokersHeardFrom());
        } else if (request instanceof ControllerRequest.DeleteTopics r) {
            return replication.deleteTopics(r, image);
        } else if (request instanceof ControllerRequest.CreatePartitions r) {
            return replication.createPartitions(r, image, cluster.brokersHeardFrom());
        } else if (request instanceof ControllerRequest.AlterConfigs r) {
            return configs.alterConfigs(r, image);
        } else if (request instanceof ControllerRequest.AlterPartition r) {
            return replication.alterPartition(r, image);
        } else if (request instanceof ControllerRequest.AllocateProducerIds r) {
            return producerIds.allocate(r, image);
        } else if (request instanceof ControllerRequest.ElectLeaders r) {
            return replication.electLeaders(r, image);
        } else if (request instanceof ControllerRequest.WriteGroupState r) {
            return groups.write(r, image);
        } else if (request instanceof ControllerRequest.AlterPartitionReassignments r) {
            return reassignments.alter(r, image);
        } else if (request instanceof ControllerRequest.ListPartitionReassignments r) {
            return ControllerResult.of(reassignments.list(r, image));
        }
        return ControllerResult.of(request.errorResponse(Errors.INVALID_REQUEST, "unsupported request"));
    }

    /**
     * The liveness probes of silent brokers the driver should start now (see
     * {@link LivenessProbePlanner}); each answer goes to {@link #onLivenessProbe}.
     */
    List<LivenessProbe> livenessProbes(MetadataImage image, long nowMs) {
        return cluster.livenessProbes(image, nowMs);
    }

    /**
     * A probe's answer. Returns true when it showed the broker dead: its session has ended, and the
     * next {@link #tick} fences it and moves its leaderships.
     */
    boolean onLivenessProbe(LivenessProbe probe, LivenessProbe.Outcome outcome, MetadataImage image) {
        return cluster.onLivenessProbe(probe, outcome, image);
    }

    /**
     * Periodic work, at most one kind per call so that each batch touches a partition at most once:
     * fence brokers whose session expired; else give leaderless coordinator shards a leader; else
     * elect leaders for leaderless partitions that have a live candidate; else, when
     * {@code auto.leader.rebalance.enable} and the check interval has passed, move leadership back to
     * preferred replicas and even out coordinator shards over live brokers. Returns no records when there is nothing to do.
     */
    public ControllerResult<Void> tick(MetadataImage image, long nowMs) {
        ControllerResult<Void> fencing = cluster.fenceExpired(image, nowMs);
        if (fencing.hasRecords()) {
            return fencing;
        }
        BatchBuilder shards = new BatchBuilder();
        planner.planShards(image, image::isBrokerActive, shards);
        if (!shards.isEmpty()) {
            return shards.build(null);
        }
        BatchBuilder leaderless = new BatchBuilder();
        planner.planPartitions(image, b -> false, image::isBrokerActive, leaderless);
        if (!leaderless.isEmpty()) {
            return leaderless.build(null);
        }
        if (config.autoLeaderRebalanceEnable() && nowMs >= nextRebalanceCheckMs) {
            nextRebalanceCheckMs = nowMs + config.leaderImbalanceCheckIntervalMs();
            BatchBuilder preferred = new BatchBuilder();
            planner.planPreferredLeaders(image, preferred);
            // Only among brokers heard from lately: a silent broker may still hold its lease and serve
            // the shard's groups from its image (see BrokerLease); it keeps its shards until fenced.
            long window = 2 * config.heartbeatIntervalMs();
            planner.planShardBalance(image, id -> cluster.heardWithin(id, nowMs, window), preferred);
            return preferred.build(null);
        }
        return ControllerResult.of(null);
    }
}
