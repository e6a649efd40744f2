package io.tributary.metadata.client;

import io.tributary.metadata.controller.rpc.ControllerResponse;
import io.tributary.metadata.record.Endpoint;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A broker's side of its lifecycle with the controller (KRaft's BrokerLifecycleManager):
 * <pre>
 *   NOT_RUNNING ─start()─► STARTING ─registered─► RECOVERY ─heartbeat: unfenced─► RUNNING
 *                                                                                 │
 *   SHUTTING_DOWN ◄─heartbeat: shouldShutDown─ PENDING_CONTROLLED_SHUTDOWN ◄─controlledShutdown()
 * </pre>
 * It registers with a new incarnation id (retrying until accepted), then heartbeats every
 * {@code broker.heartbeat.interval.ms} with the locally applied metadata offset, one heartbeat in
 * flight at a time. A heartbeat refused for a stale or unknown epoch leads to a new registration.
 *
 * <p>Thread-safe: all state changes happen under this object's lock; timing comes from the injected
 * {@link Scheduler}.
 */
public final class BrokerLifecycle implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerLifecycle.class);
    /**
     * Heartbeat interval while waiting for the controller to decide something soon: registered but
     * still fenced (catching up with the metadata), or in a controlled shutdown.
     */
    static final long QUICK_HEARTBEAT_MS = 100;

    public enum State {
        NOT_RUNNING,
        STARTING,
        RECOVERY,
        RUNNING,
        PENDING_CONTROLLED_SHUTDOWN,
        SHUTTING_DOWN
    }

    private final int brokerId;
    private final Uuid incarnationId;
    private final List<Endpoint> endpoints;
    private final String rack;
    private final MetadataClient client;
    private final Scheduler scheduler;
    private final LongSupplier appliedMetadataOffset;
    private final long heartbeatIntervalMs;
    private final BrokerLease lease;

    private final CompletableFuture<Void> running = new CompletableFuture<>();
    private final CompletableFuture<Void> shutDown = new CompletableFuture<>();
    private State state = State.NOT_RUNNING;
    private long brokerEpoch = -1L;
    private boolean fenced = true;
    private Scheduler.Cancellable nextHeartbeat;
    private boolean heartbeatInFlight;
    private boolean closed;

    public BrokerLifecycle(int brokerId, Uuid incarnationId, List<Endpoint> endpoints, String rack, MetadataClient client,
                           Scheduler scheduler, LongSupplier appliedMetadataOffset, long heartbeatIntervalMs,
                           long sessionTimeoutMs) {
        this.brokerId = brokerId;
        this.incarnationId = incarnationId;
        this.endpoints = List.copyOf(endpoints);
        this.rack = rack;
        this.client = client;
        this.scheduler = scheduler;
        this.appliedMetadataOffset = appliedMetadataOffset;
        this.heartbeatIntervalMs = heartbeatIntervalMs;
        this.lease = new BrokerLease(Math.max(1L, sessionTimeoutMs / 2));
    }

    /** Registers and starts heartbeating; the future completes when the controller has unfenced us. */
    public synchronized CompletableFuture<Void> start() {
        if (state == State.NOT_RUNNING) {
            state = State.STARTING;
            register();
        }
        return running;
    }

    /** Asks for controlled shutdown; the future completes when the controller says we may stop. */
    public synchronized CompletableFuture<Void> controlledShutdown() {
        if (state == State.SHUTTING_DOWN || closed) {
            return shutDown;
        }
        if (brokerEpoch < 0) {
            // Never registered: nothing to move away.
            toShuttingDown();
            return shutDown;
        }
        state = State.PENDING_CONTROLLED_SHUTDOWN;
        if (!heartbeatInFlight) {
            // Ask now rather than at the next interval; otherwise the reply to the one in flight
            // schedules the next heartbeat, which will carry wantShutDown.
            if (nextHeartbeat != null) {
                nextHeartbeat.cancel();
            }
            sendHeartbeat();
        }
        return shutDown;
    }

    public synchronized State state() {
        return state;
    }

    public synchronized long brokerEpoch() {
        return brokerEpoch;
    }

    /** Whether the last heartbeat answer said this broker is fenced (true until the first says otherwise). */
    public synchronized boolean isFenced() {
        return fenced;
    }

    /**
     * Whether this broker may still act on an image at {@code appliedOffset} as the leader it names
     * (see {@link BrokerLease}): false from start-up until a heartbeat is answered unfenced, once the
     * controller says fenced, and once heartbeats have gone unanswered for half the session timeout.
     */
    public boolean holdsLease(long appliedOffset) {
        return lease.holds(scheduler.nowMs(), appliedOffset);
    }

    private void register() {
        client.register(brokerId, incarnationId, endpoints, rack).whenComplete((r, error) -> onRegistered(r, error));
    }

    private synchronized void onRegistered(ControllerResponse.RegisterBroker r, Throwable error) {
        if (closed) {
            return;
        }
        if (error != null || r.error() != Errors.NONE) {
            LOG.warn("Broker {} registration failed ({}); retrying", brokerId, error != null ? error.toString() : r);
            nextHeartbeat = scheduler.schedule(heartbeatIntervalMs, () -> {
                synchronized (this) {
                    if (!closed) {
                        register();
                    }
                }
            });
            return;
        }
        brokerEpoch = r.brokerEpoch();
        LOG.debug("Broker {} registered with epoch {}", brokerId, brokerEpoch);
        if (state == State.STARTING) {
            state = State.RECOVERY;
        }
        sendHeartbeat();
    }

    private void sendHeartbeat() {
        boolean wantShutDown = state == State.PENDING_CONTROLLED_SHUTDOWN;
        heartbeatInFlight = true;
        long sentAtMs = scheduler.nowMs();
        client.heartbeat(brokerId, brokerEpoch, appliedMetadataOffset.getAsLong(), false, wantShutDown)
                .whenComplete((r, error) -> onHeartbeat(r, error, sentAtMs));
    }

    private synchronized void onHeartbeat(ControllerResponse.BrokerHeartbeat r, Throwable error, long sentAtMs) {
        heartbeatInFlight = false;
        if (closed || state == State.SHUTTING_DOWN) {
            return;
        }
        if (error == null && (r.error() == Errors.STALE_BROKER_EPOCH || r.error() == Errors.BROKER_ID_NOT_REGISTERED)) {
            LOG.warn("Broker {} heartbeat refused with {}; registering again", brokerId, r.error());
            brokerEpoch = -1L;
            fenced = true;
            lease.revoke();
            register();
            return;
        }
        if (error == null && r.error() == Errors.NONE) {
            fenced = r.isFenced();
            if (fenced) {
                if (state == State.RECOVERY) {
                    LOG.debug("Broker {} still fenced: applied metadata to {} (caught up: {}), controller at {}",
                            brokerId, appliedMetadataOffset.getAsLong(), r.isCaughtUp(), r.metadataOffset());
                }
                lease.revoke();
            } else {
                lease.renew(sentAtMs, r.metadataOffset(), appliedMetadataOffset.getAsLong());
            }
            if (state == State.PENDING_CONTROLLED_SHUTDOWN && r.shouldShutDown()) {
                toShuttingDown();
                return;
            }
            if (state == State.RECOVERY && !r.isFenced()) {
                state = State.RUNNING;
                running.complete(null);
            }
        } else {
            LOG.debug("Broker {} heartbeat failed: {}", brokerId, error != null ? error.toString() : r);
        }
        // While still fenced after (re)registering, ask again soon: the controller unfences us as
        // soon as we have applied our own registration, and waiting a whole interval would add
        // broker.heartbeat.interval.ms to every start-up. Likewise in a controlled shutdown: the
        // controller lets us go once our leaderships moved and the other brokers saw it, and each
        // interval waited would add to every restart (Kafka's broker asks again at once).
        boolean waitingForDecision = state == State.RECOVERY || state == State.PENDING_CONTROLLED_SHUTDOWN;
        long delayMs = waitingForDecision ? Math.min(heartbeatIntervalMs, QUICK_HEARTBEAT_MS) : heartbeatIntervalMs;
        nextHeartbeat = scheduler.schedule(delayMs, () -> {
            synchronized (this) {
                if (!closed && state != State.SHUTTING_DOWN) {
                    sendHeartbeat();
                }
            }
        });
    }

    private void toShuttingDown() {
        state = State.SHUTTING_DOWN;
        if (nextHeartbeat != null) {
            nextHeartbeat.cancel();
        }
        shutDown.complete(null);
    }

    /** Stops heartbeating (the controller will fence this broker after its session timeout). */
    @Override
    public synchronized void close() {
        closed = true;
        if (nextHeartbeat != null) {
            nextHeartbeat.cancel();
        }
        running.completeExceptionally(new IllegalStateException("broker lifecycle closed"));
    }
}
