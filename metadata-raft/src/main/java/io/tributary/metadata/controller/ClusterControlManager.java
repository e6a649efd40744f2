package io.tributary.metadata.controller;

import io.tributary.metadata.controller.rpc.ControllerRequest;
import io.tributary.metadata.controller.rpc.ControllerResponse;
import io.tributary.metadata.image.BrokerRegistration;
import io.tributary.metadata.image.MetadataImage;
import io.tributary.metadata.record.BrokerRegistrationChangeRecord;
import io.tributary.metadata.record.Precondition;
import io.tributary.metadata.record.RegisterBrokerRecord;
import io.tributary.metadata.record.UnregisterBrokerRecord;
import java.util.List;
import java.util.Set;
import java.util.function.IntPredicate;
import org.apache.kafka.common.protocol.Errors;

/**
 * Broker registration, heartbeats and fencing. Each broker's state follows KRaft's heartbeat state
 * machine:
 * <pre>
 *   register ──► FENCED ──(heartbeat, caught up to its registration)──► UNFENCED
 *                  ▲  │                                                   │  │
 *       session    │  └──(wantShutDown)──► SHUTDOWN_NOW ◄──(wantShutDown,  │  │
 *       expired /  │                            ▲          no leaderships)─┘  │
 *       wantFence  │                            │                            (wantShutDown,
 *                  └──── UNFENCED ◄─────────────┼──── CONTROLLED_SHUTDOWN ◄── has leaderships)
 *                                               └─(no leaderships and every active broker has
 *                                                  seen the moves)
 * </pre>
 * FENCED and CONTROLLED_SHUTDOWN are in the image (fenced / inControlledShutdown); sessions and the
 * controlled-shutdown offset are soft state in {@link BrokerHeartbeatManager}. Leaving brokers lose
 * their leaderships and ISR memberships in the same batch. Pure; confined to the controller thread.
 */
final class ClusterControlManager {

    private final ControllerConfig config;
    private final BrokerHeartbeatManager heartbeats;
    private final LeadershipPlanner planner;
    private final LivenessProbePlanner probes;

    ClusterControlManager(ControllerConfig config, LeadershipPlanner planner) {
        this.config = config;
        this.planner = planner;
        this.heartbeats = new BrokerHeartbeatManager(config.sessionTimeoutMs());
        this.probes = new LivenessProbePlanner(config.heartbeatIntervalMs());
    }

    /** A fresh session for every broker: called when this controller becomes active. */
    void activate(MetadataImage image, long nowMs) {
        heartbeats.activate(image, nowMs);
    }

    /**
     * Whether replica placement should wait: just after activation, while an unfenced broker has
     * not contacted this controller, for up to two heartbeat intervals (within the session timeout).
     */
    boolean awaitingBrokers(MetadataImage image, long nowMs) {
        long graceMs = Math.min(2 * config.heartbeatIntervalMs(), config.sessionTimeoutMs());
        return heartbeats.awaitingFirstContact(image, nowMs, graceMs);
    }

    /** Liveness probes of silent brokers to start now (none when probing is disabled). */
    List<LivenessProbe> livenessProbes(MetadataImage image, long nowMs) {
        return config.livenessProbeEnable() ? probes.due(image, heartbeats, nowMs) : List.of();
    }

    /** A broker reports its connection to another failed: probe that one at the next tick. */
    ControllerResult<ControllerResponse> reportUnreachable(ControllerRequest.ReportUnreachableBroker req) {
        probes.onReportedUnreachable(req.brokerId());
        return ControllerResult.of(new ControllerResponse.ReportUnreachableBroker(Errors.NONE.code(), null));
    }

    /** A probe's answer; true when it ended the broker's session, so the next tick fences it. */
    boolean onLivenessProbe(LivenessProbe probe, LivenessProbe.Outcome outcome, MetadataImage image) {
        return probes.onResult(probe, outcome, image, heartbeats);
    }

    /** Brokers that contacted this controller since it became active. */
    /** Whether the broker itself contacted this controller within the last {@code windowMs}. */
    boolean heardWithin(int brokerId, long nowMs, long windowMs) {
        return heartbeats.hasHeard(brokerId) && nowMs - heartbeats.lastContactMs(brokerId) <= windowMs;
    }

    Set<Integer> brokersHeardFrom() {
        return heartbeats.heardFrom();
    }

    ControllerResult<ControllerResponse> register(ControllerRequest.RegisterBroker req, MetadataImage image, long nowMs) {
        if (req.brokerId() < 0 || req.incarnationId() == null) {
            return ControllerResult.of(req.errorResponse(Errors.INVALID_REQUEST, "broker id and incarnation id are required"));
        }
        BrokerRegistration old = image.broker(req.brokerId());
        if (old != null && old.incarnationId().equals(req.incarnationId())) {
            // A retry of a registration that was applied: answer with the same epoch.
            heartbeats.touch(req.brokerId(), nowMs, -1L);
            return ControllerResult.of(new ControllerResponse.RegisterBroker(Errors.NONE.code(), null, old.epoch()));
        }
        if (old != null && !old.fenced() && !heartbeats.isExpired(old.id(), nowMs)
                && !replacesSilentIncarnationAtItsAddress(old, req, nowMs)) {
            return ControllerResult.of(req.errorResponse(Errors.DUPLICATE_BROKER_REGISTRATION,
                    "broker " + req.brokerId() + " is registered by another live incarnation; retry after "
                            + config.sessionTimeoutMs() + " ms without heartbeats"));
        }
        // Grows with the log like KRaft's (which is the registration's offset), and per broker.
        long epoch = Math.max(image.offset() + 1, old == null ? 1L : old.epoch() + 1);
        BatchBuilder batch = new BatchBuilder()
                .require(new Precondition.BrokerEpochIs(req.brokerId(), old == null ? -1L : old.epoch()))
                .add(new RegisterBrokerRecord(req.brokerId(), req.incarnationId(), epoch, req.endpoints(), req.rack(),
                        true, false));
        if (old != null) {
            // The old incarnation is gone: it leads nothing and leaves the ISRs, like a fenced broker.
            int id = req.brokerId();
            IntPredicate leaving = b -> b == id;
            planner.planPartitions(image, leaving, b -> b != id && image.isBrokerActive(b), batch);
            planner.planShards(image, b -> b != id && image.isBrokerActive(b), batch);
        }
        heartbeats.register(req.brokerId(), nowMs);
        return batch.build(new ControllerResponse.RegisterBroker(Errors.NONE.code(), null, epoch));
    }

    /**
     * Whether a new incarnation registers at exactly the listener addresses of the old one, which has
     * been silent for two heartbeat intervals. The old process cannot still be listening there (the
     * new one bound those ports before registering), so it is gone, and waiting out its session as
     * Kafka does would only keep a restarted broker out for up to {@code broker.session.timeout.ms}
     * (after a controller failover too, when its probe cannot tell the two apart at one address).
     * A second process with the same node.id at another address is still refused.
     */
    private boolean replacesSilentIncarnationAtItsAddress(BrokerRegistration old, ControllerRequest.RegisterBroker req,
                                                          long nowMs) {
        long lastContact = heartbeats.lastContactMs(old.id());
        return !old.endpoints().isEmpty() && old.endpoints().equals(req.endpoints())
                && lastContact >= 0 && nowMs - lastContact >= 2 * config.heartbeatIntervalMs();
    }

    ControllerResult<ControllerResponse> heartbeat(ControllerRequest.BrokerHeartbeat req, MetadataImage image, long nowMs) {
        BrokerRegistration b = image.broker(req.brokerId());
        if (b == null) {
            return ControllerResult.of(req.errorResponse(Errors.BROKER_ID_NOT_REGISTERED, null));
        }
        if (b.epoch() != req.brokerEpoch()) {
            return ControllerResult.of(req.errorResponse(Errors.STALE_BROKER_EPOCH, null));
        }
        heartbeats.touch(b.id(), nowMs, req.currentMetadataOffset());
        boolean caughtUp = req.currentMetadataOffset() >= b.registeredOffset();
        if (b.fenced()) {
            if (req.wantShutDown()) {
                return ControllerResult.of(response(image, caughtUp, true, true));
            }
            if (!req.wantFence() && caughtUp) {
                BatchBuilder batch = new BatchBuilder()
                        .require(new Precondition.BrokerEpochIs(b.id(), b.epoch()))
                        .add(new BrokerRegistrationChangeRecord(b.id(), b.epoch(), false, false));
                IntPredicate liveAfter = id -> id == b.id() || image.isBrokerActive(id);
                planner.planPartitions(image, id -> false, liveAfter, batch);
                planner.planShards(image, liveAfter, batch);
                return batch.build(response(image, true, false, false));
            }
            return ControllerResult.of(response(image, caughtUp, true, false));
        }
        if (req.wantFence()) {
            return fence(image, List.of(b.id()), response(image, caughtUp, true, false));
        }
        if (b.inControlledShutdown()) {
            if (heartbeats.controlledShutdownOffset(b.id()) < 0) {
                // The image shows the shutdown entry applied: every broker past this offset saw the moves.
                heartbeats.setControlledShutdownOffset(b.id(), image.offset());
            }
            boolean movesSeen = heartbeats.lowestActiveOffset(image) >= heartbeats.controlledShutdownOffset(b.id());
            if (LeadershipPlanner.leaderships(image, b.id()) == 0 && movesSeen) {
                return fence(image, List.of(b.id()), response(image, caughtUp, true, true));
            }
            return ControllerResult.of(response(image, caughtUp, false, false));
        }
        if (req.wantShutDown()) {
            if (LeadershipPlanner.leaderships(image, b.id()) == 0) {
                return fence(image, List.of(b.id()), response(image, caughtUp, true, true));
            }
            BatchBuilder batch = new BatchBuilder()
                    .require(new Precondition.BrokerEpochIs(b.id(), b.epoch()))
                    .add(new BrokerRegistrationChangeRecord(b.id(), b.epoch(), null, true));
            IntPredicate liveAfter = id -> id != b.id() && image.isBrokerActive(id);
            planner.planPartitions(image, id -> id == b.id(), liveAfter, batch);
            planner.planShards(image, liveAfter, batch);
            heartbeats.setControlledShutdownOffset(b.id(), -1L);
            return batch.build(response(image, caughtUp, false, false));
        }
        return ControllerResult.of(response(image, caughtUp, false, false));
    }

    ControllerResult<ControllerResponse> unregister(ControllerRequest.UnregisterBroker req, MetadataImage image) {
        BrokerRegistration b = image.broker(req.brokerId());
        if (b == null) {
            return ControllerResult.of(req.errorResponse(Errors.BROKER_ID_NOT_REGISTERED,
                    "broker " + req.brokerId() + " is not registered"));
        }
        int id = b.id();
        BatchBuilder batch = new BatchBuilder().require(new Precondition.BrokerEpochIs(id, b.epoch()));
        IntPredicate liveAfter = other -> other != id && image.isBrokerActive(other);
        planner.planPartitions(image, other -> other == id, liveAfter, batch);
        planner.planShards(image, liveAfter, batch);
        batch.add(new UnregisterBrokerRecord(id, b.epoch()));
        return batch.build(new ControllerResponse.UnregisterBroker(Errors.NONE.code(), null));
    }

    /** Fences every broker whose session expired, moving its leaderships, in one batch. */
    ControllerResult<Void> fenceExpired(MetadataImage image, long nowMs) {
        List<Integer> expired = heartbeats.expiredUnfenced(image, nowMs);
        if (expired.isEmpty()) {
            return ControllerResult.of(null);
        }
        return fence(image, expired, null);
    }

    private <T> ControllerResult<T> fence(MetadataImage image, List<Integer> brokerIds, T response) {
        Set<Integer> leaving = Set.copyOf(brokerIds);
        BatchBuilder batch = new BatchBuilder();
        for (int id : brokerIds) {
            BrokerRegistration b = image.broker(id);
            batch.require(new Precondition.BrokerEpochIs(id, b.epoch()))
                    .add(new BrokerRegistrationChangeRecord(id, b.epoch(), true, false));
        }
        IntPredicate liveAfter = id -> !leaving.contains(id) && image.isBrokerActive(id);
        planner.planPartitions(image, leaving::contains, liveAfter, batch);
        planner.planShards(image, liveAfter, batch);
        return batch.build(response);
    }

    /** Carries the offset the answer was decided at: the broker trusts its own image only once past it. */
    private static ControllerResponse.BrokerHeartbeat response(MetadataImage image, boolean caughtUp, boolean fenced, boolean shutDown) {
        return new ControllerResponse.BrokerHeartbeat(Errors.NONE.code(), caughtUp, fenced, shutDown, image.offset());
    }
}
