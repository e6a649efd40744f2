package io.tributary.metadata.controller;

import io.tributary.metadata.controller.rpc.ControllerRequest;
import io.tributary.metadata.controller.rpc.ControllerRpcCodec;
import io.tributary.metadata.image.MetadataImage;
import io.tributary.metadata.quorum.ControllerRequestHandler;
import io.tributary.metadata.quorum.LeadershipListener;
import io.tributary.metadata.quorum.LogProposer;
import io.tributary.metadata.quorum.NotControllerException;
import io.tributary.metadata.record.ApplyResult;
import io.tributary.metadata.record.MetadataBatch;
import io.tributary.metadata.record.MetadataBatchCodec;
import java.time.InstantSource;
import io.tributary.metadata.record.ControllerActivationRecord;
import io.tributary.metadata.record.Precondition;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The active controller's driver: a single-threaded event loop that feeds requests and timer ticks
 * to {@link ControllerLogic} and writes the records it returns through the {@link LogProposer}.
 *
 * <p>Registered on every node. It is inactive until {@link #onLeaderReady}, when it builds a fresh
 * {@code ControllerLogic} on the current image (fresh broker sessions), and inactive again on
 * {@link #onNotLeader}; while inactive every request fails with {@link NotControllerException} so
 * the caller retries on the new leader.
 *
 * <p>Fencing: the first write of each term is a {@link ControllerActivationRecord}, and every later
 * batch requires that term ({@link Precondition.ControllerTermIs}); a batch rejected for that reason
 * fails its request with {@link NotControllerException}, so the client retries on the new controller.
 *
 * <p>Writes are serialized: at most one batch is in flight, and the next command is decided only
 * after it is applied, so every decision sees the effect of the previous one (no uncommitted
 * overlay is needed). Group-coordinator writes (offset commits, group state) are the exception:
 * no controller decision reads group state, and each carries its own coordinator-epoch
 * precondition checked at apply, so up to {@link #MAX_GROUP_WRITES_IN_FLIGHT} of them are
 * pipelined beside the serialized writes (and ahead of queued ones), and Ratis commits them together (group commit) instead
 * of one Raft round each. Once this term's activation record is applied they do not even pass
 * through the loop: the calling thread decides and proposes one (see {@link #proposeGroupWrite}), and
 * its answer is sent from the thread that sees it applied, two thread hops fewer per offset commit.
 * A command that writes nothing (most heartbeats) is answered at once. A request
 * is answered only once its records are applied; if the batch was rejected at apply (stale
 * precondition) the response carries that error.
 *
 * <p>Threading: {@link #handle}, {@link #onLeaderReady} and {@link #onNotLeader} may be called from
 * any thread; they only enqueue (or propose a group write). Everything else runs on the
 * "controller-event-loop" thread.
 */
public final class ActiveController implements ControllerRequestHandler, LeadershipListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ActiveController.class);
    /** Bounds the queue so that a stalled quorum cannot make requests pile up without limit. */
    static final int MAX_QUEUED_OPERATIONS = 10_000;
    /** Bounds the pipelined group-coordinator writes (each coordinator shard has at most one in flight). */
    static final int MAX_GROUP_WRITES_IN_FLIGHT = 64;

    private final ControllerConfig config;
    private final Supplier<MetadataImage> images;
    private final LogProposer proposer;
    private final InstantSource clock;
    private final Supplier<Uuid> topicIds;
    private final ScheduledExecutorService loop;
    private final long tickIntervalMs;
    private final LivenessProber prober;
    private final GroupStateControlManager groupStates;
    /**
     * The term whose group writes the calling thread proposes (-1: none; they queue on the loop).
     * Set by the loop once the term's activation record is applied, cleared when it deactivates; a
     * write proposed with a term that has just ended fails its term precondition at apply.
     */
    private volatile long groupWriteTerm = -1L;
    private final AtomicInteger groupWritesProposedByCallers = new AtomicInteger();

    // ---- confined to the loop thread ----
    private ControllerLogic logic;
    private long term = -1L;
    /** Bumped on every activation and deactivation, so late completions of an old term are recognized. */
    private long generation;
    private final ArrayDeque<Operation> queue = new ArrayDeque<>();
    /** Group-coordinator writes: pipelined, so they do not wait in {@link #queue}. */
    private final ArrayDeque<Operation> groupWrites = new ArrayDeque<>();
    /** Requests waiting for brokers to contact a just-activated controller; requeued on every tick. */
    private final List<Operation> deferred = new ArrayList<>();
    private boolean writeInFlight;
    private int groupWritesInFlight;
    private boolean tickQueued;
    private ScheduledFuture<?> ticker;

    /** Without liveness probes: only the session timeout fences (tests on in-memory quorums). */
    public ActiveController(ControllerConfig config, Supplier<MetadataImage> images, LogProposer proposer,
                            InstantSource clock, Supplier<Uuid> topicIds) {
        this(config, images, proposer, clock, topicIds, LivenessProber.SILENT);
    }

    ActiveController(ControllerConfig config, Supplier<MetadataImage> images, LogProposer proposer,
                     InstantSource clock, Supplier<Uuid> topicIds, LivenessProber prober) {
        this.config = config;
        this.images = images;
        this.proposer = proposer;
        this.clock = clock;
        this.topicIds = topicIds;
        this.prober = prober;
        this.groupStates = new GroupStateControlManager(config);
        // Ticks fence expired sessions and start liveness probes: twice per heartbeat interval, so a
        // silent broker is probed within half an interval of crossing the threshold.
        this.tickIntervalMs = Math.max(10L, Math.min(500L,
                Math.min(config.sessionTimeoutMs() / 10, config.heartbeatIntervalMs() / 2)));
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "controller-event-loop");
            t.setDaemon(true);
            return t;
        });
    }

    /** Production wiring: system clock, random topic ids, TCP liveness probes. */
    public static ActiveController create(ControllerConfig config, Supplier<MetadataImage> images, LogProposer proposer) {
        return new ActiveController(config, images, proposer, InstantSource.system(), Uuid::randomUuid,
                config.livenessProbeEnable() ? new TcpLivenessProber() : LivenessProber.SILENT);
    }

    @Override
    public CompletableFuture<byte[]> handle(byte[] bytes) {
        CompletableFuture<byte[]> future = new CompletableFuture<>();
        ControllerRequest request;
        try {
            request = ControllerRpcCodec.decodeRequest(bytes);
        } catch (IllegalArgumentException e) {
            future.completeExceptionally(e);
            return future;
        }
        if (request instanceof ControllerRequest.WriteGroupState write && proposeGroupWrite(write, future)) {
            return future;
        }
        execute(() -> {
            if (logic == null) {
                future.completeExceptionally(new NotControllerException("this node is not the active controller"));
            } else if (queue.size() + groupWrites.size() + deferred.size() >= MAX_QUEUED_OPERATIONS) {
                future.complete(ControllerRpcCodec.encode(request.errorResponse(Errors.THROTTLING_QUOTA_EXCEEDED,
                        "controller queue is full")));
            } else {
                RequestOperation op = new RequestOperation(request, future);
                (isGroupWrite(op) ? groupWrites : queue).add(op);
                pump();
            }
        }, future);
        return future;
    }

    /**
     * Decides and proposes a group write on this thread, if this term's group writes may skip the
     * loop and fewer than {@link #MAX_GROUP_WRITES_IN_FLIGHT} are in flight; returns false otherwise
     * (the loop then takes it).
     */
    private boolean proposeGroupWrite(ControllerRequest.WriteGroupState request, CompletableFuture<byte[]> future) {
        long writeTerm = groupWriteTerm;
        if (writeTerm < 0) {
            return false;
        }
        if (groupWritesProposedByCallers.incrementAndGet() > MAX_GROUP_WRITES_IN_FLIGHT) {
            groupWritesProposedByCallers.decrementAndGet();
            return false;
        }
        RequestOperation op = new RequestOperation(request, future);
        ControllerResult<?> result;
        try {
            result = ControllerLogic.handleGroupWrite(groupStates, request, images.get());
        } catch (RuntimeException e) {
            groupWritesProposedByCallers.decrementAndGet();
            LOG.error("Controller decision failed for {}", op, e);
            op.fail(e);
            return true;
        }
        if (!result.hasRecords()) {
            groupWritesProposedByCallers.decrementAndGet();
            op.succeed(result);
            return true;
        }
        propose(writeTerm, op, result).whenComplete((reply, error) -> {
            groupWritesProposedByCallers.decrementAndGet();
            settle(op, result, reply, error);
        });
        return true;
    }

    @Override
    public void onLeaderReady(long newTerm) {
        execute(() -> activate(newTerm), null);
    }

    @Override
    public void onNotLeader() {
        execute(this::deactivate, null);
    }

    /** Whether this node currently acts as controller (for tests and status). */
    public CompletableFuture<Boolean> isActive() {
        CompletableFuture<Boolean> f = new CompletableFuture<>();
        execute(() -> f.complete(logic != null), f);
        return f;
    }

    /** How many operations wait in the queue (for tests). */
    CompletableFuture<Integer> queuedOperations() {
        CompletableFuture<Integer> f = new CompletableFuture<>();
        execute(() -> f.complete(queue.size()), f);
        return f;
    }

    private void execute(Runnable task, CompletableFuture<?> onRejected) {
        try {
            loop.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.error("Controller event failed", e);
                    if (onRejected != null) {
                        onRejected.completeExceptionally(e);
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            if (onRejected != null) {
                onRejected.completeExceptionally(new NotControllerException("controller is shut down"));
            }
        }
    }

    private void activate(long newTerm) {
        if (logic != null && newTerm == term) {
            return;
        }
        deactivate();
        term = newTerm;
        generation++;
        logic = new ControllerLogic(config, topicIds, images.get(), clock.millis());
        // First write of the term: from when it is applied, proposals of older controllers are no-ops.
        queue.addFirst(new ActivationOperation(newTerm, generation));
        ticker = loop.scheduleWithFixedDelay(this::enqueueTick, tickIntervalMs, tickIntervalMs, TimeUnit.MILLISECONDS);
        LOG.info("Active controller for term {} at metadata offset {}", newTerm, images.get().offset());
    }

    private void deactivate() {
        if (logic == null) {
            return;
        }
        LOG.info("No longer the active controller (term {})", term);
        groupWriteTerm = -1L;
        logic = null;
        generation++;
        writeInFlight = false;
        groupWritesInFlight = 0;
        tickQueued = false;
        if (ticker != null) {
            ticker.cancel(false);
            ticker = null;
        }
        queue.addAll(deferred);
        queue.addAll(groupWrites);
        deferred.clear();
        groupWrites.clear();
        Operation op;
        while ((op = queue.poll()) != null) {
            op.fail(new NotControllerException("controller lost leadership"));
        }
    }

    private void enqueueTick() {
        // Runs as a periodic task: an escaping exception would silently cancel all later ticks.
        try {
            if (logic != null && !deferred.isEmpty()) {
                queue.addAll(deferred);
                deferred.clear();
            }
            if (logic != null && !tickQueued) {
                tickQueued = true;
                queue.add(new TickOperation());
            }
            startLivenessProbes();
            pump();
        } catch (RuntimeException e) {
            LOG.error("Controller tick failed", e);
        }
    }

    private void startLivenessProbes() {
        if (logic == null) {
            return;
        }
        long gen = generation;
        for (LivenessProbe probe : logic.livenessProbes(images.get(), clock.millis())) {
            prober.probe(probe.host(), probe.port(), config.livenessProbeTimeoutMs())
                    .whenComplete((outcome, error) -> execute(() -> onProbeAnswered(gen, probe,
                            error != null ? LivenessProbe.Outcome.NO_ANSWER : outcome), null));
        }
    }

    private void onProbeAnswered(long gen, LivenessProbe probe, LivenessProbe.Outcome outcome) {
        if (gen != generation || logic == null) {
            return;
        }
        if (logic.onLivenessProbe(probe, outcome, images.get())) {
            LOG.info("Broker {} is gone: nothing listens on {}:{} (probe answered in {} ms); fencing it",
                    probe.brokerId(), probe.host(), probe.port(), clock.millis() - probe.startedMs());
            enqueueTick();
        } else {
            LOG.debug("Liveness probe of broker {} at {}:{}: {}", probe.brokerId(), probe.host(), probe.port(), outcome);
        }
    }

    private void pump() {
        if (logic != null && groupWriteTerm != term && images.get().controllerTerm() >= term) {
            groupWriteTerm = term; // from now on the calling threads propose group writes themselves
        }
        while (logic != null && !groupWrites.isEmpty() && groupWritesInFlight < MAX_GROUP_WRITES_IN_FLIGHT
                && images.get().controllerTerm() >= term) {
            // Before this term's activation record is applied, a group write's term precondition would fail.
            start(groupWrites.poll());
        }
        while (logic != null && !writeInFlight && !queue.isEmpty()) {
            Operation op = queue.poll();
            if (op instanceof TickOperation && hasQueuedHeartbeat()) {
                // Heartbeats that queued up behind a slow write must renew their sessions before
                // the fencing check runs, or a stalled quorum would fence live brokers.
                queue.add(op);
                continue;
            }
            if (op instanceof RequestOperation r && logic.shouldDefer(r.request(), images.get(), clock.millis())) {
                deferred.add(op);
                continue;
            }
            start(op);
        }
    }

    /** Decides {@code op} and proposes its records, if any; answers it at once if there are none. */
    private void start(Operation op) {
        ControllerResult<?> result;
        try {
            result = op.decide(logic, images.get(), clock.millis());
        } catch (RuntimeException e) {
            LOG.error("Controller decision failed for {}", op, e);
            op.fail(e);
            return;
        }
        if (!result.hasRecords()) {
            op.succeed(result);
            if (op instanceof RequestOperation r && r.request() instanceof ControllerRequest.ReportUnreachableBroker) {
                startLivenessProbes(); // a follower lost its leader: probe now, not at the next tick
            }
            return;
        }
        boolean groupWrite = isGroupWrite(op);
        if (groupWrite) {
            groupWritesInFlight++;
        } else {
            writeInFlight = true;
        }
        long gen = generation;
        propose(term, op, result).whenComplete((reply, error) -> execute(() -> onWritten(gen, groupWrite, op, result, reply, error), null));
    }

    /** Proposes {@code result}'s batch, guarded by controller term {@code writeTerm} unless it is the activation itself. */
    private CompletableFuture<byte[]> propose(long writeTerm, Operation op, ControllerResult<?> result) {
        List<Precondition> preconditions = new ArrayList<>(result.preconditions());
        if (!(op instanceof ActivationOperation)) {
            preconditions.add(0, new Precondition.ControllerTermIs(writeTerm));
        }
        byte[] entry = MetadataBatchCodec.encode(MetadataBatch.of(preconditions, result.records()));
        try {
            return proposer.propose(entry);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static boolean isGroupWrite(Operation op) {
        return op instanceof RequestOperation r && r.request() instanceof ControllerRequest.WriteGroupState;
    }

    private boolean hasQueuedHeartbeat() {
        for (Operation o : queue) {
            if (o instanceof RequestOperation r && r.request() instanceof ControllerRequest.BrokerHeartbeat) {
                return true;
            }
        }
        return false;
    }

    private void onWritten(long gen, boolean groupWrite, Operation op, ControllerResult<?> result, byte[] reply,
                           Throwable error) {
        if (gen == generation) {
            if (groupWrite) {
                groupWritesInFlight--;
            } else {
                writeInFlight = false;
            }
        }
        settle(op, result, reply, error);
        pump();
    }

    /** Answers {@code op} with the outcome of writing its batch: applied, rejected at apply, or not written. */
    private static void settle(Operation op, ControllerResult<?> result, byte[] reply, Throwable error) {
        if (error != null) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            LOG.warn("Metadata write for {} failed: {}", op, cause.toString());
            op.fail(cause instanceof NotControllerException ? cause
                    : new NotControllerException("metadata write failed: " + cause));
        } else {
            ApplyResult applied = ApplyResult.decode(reply);
            if (applied.isSuccess()) {
                op.succeed(result);
            } else if (applied.error() == Errors.NOT_CONTROLLER) {
                LOG.info("Metadata write for {} fenced: {}", op, applied.errorMessage());
                op.fail(new NotControllerException(applied.errorMessage()));
            } else {
                LOG.info("Metadata write for {} rejected at offset {}: {} {}", op, applied.offset(), applied.error(),
                        applied.errorMessage());
                op.rejected(applied.error(), applied.errorMessage());
            }
        }
    }

    @Override
    public void close() {
        execute(this::deactivate, null);
        prober.close();
        loop.shutdown();
        try {
            loop.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One unit of work on the loop. */
    private interface Operation {
        ControllerResult<?> decide(ControllerLogic logic, MetadataImage image, long nowMs);

        void succeed(ControllerResult<?> result);

        void rejected(Errors error, String message);

        void fail(Throwable error);
    }

    private record RequestOperation(ControllerRequest request, CompletableFuture<byte[]> future) implements Operation {
        @Override
        public ControllerResult<?> decide(ControllerLogic logic, MetadataImage image, long nowMs) {
            return logic.handle(request, image, nowMs);
        }

        @Override
        public void succeed(ControllerResult<?> result) {
            future.complete(ControllerRpcCodec.encode((io.tributary.metadata.controller.rpc.ControllerResponse) result.response()));
        }

        @Override
        public void rejected(Errors error, String message) {
            future.complete(ControllerRpcCodec.encode(request.errorResponse(error, message)));
        }

        @Override
        public void fail(Throwable error) {
            future.completeExceptionally(error);
        }

        @Override
        public String toString() {
            return request.getClass().getSimpleName();
        }
    }

    /** Writes the term's activation record; retried while this activation lasts. */
    private final class ActivationOperation implements Operation {
        private final long activationTerm;
        private final long activationGeneration;

        ActivationOperation(long activationTerm, long activationGeneration) {
            this.activationTerm = activationTerm;
            this.activationGeneration = activationGeneration;
        }

        @Override
        public ControllerResult<?> decide(ControllerLogic logic, MetadataImage image, long nowMs) {
            if (image.controllerTerm() >= activationTerm) {
                return ControllerResult.of(null);
            }
            return new ControllerResult<>(List.of(), List.of(new ControllerActivationRecord(activationTerm)), null);
        }

        @Override
        public void succeed(ControllerResult<?> result) {
        }

        @Override
        public void rejected(Errors error, String message) {
            retry();
        }

        @Override
        public void fail(Throwable error) {
            retry();
        }

        private void retry() {
            if (activationGeneration == generation && logic != null) {
                loop.schedule(() -> {
                    if (activationGeneration == generation && logic != null) {
                        queue.addFirst(this);
                        pump();
                    }
                }, 100, TimeUnit.MILLISECONDS);
            }
        }

        @Override
        public String toString() {
            return "activation of term " + activationTerm;
        }
    }

    private final class TickOperation implements Operation {
        @Override
        public ControllerResult<?> decide(ControllerLogic logic, MetadataImage image, long nowMs) {
            tickQueued = false;
            return logic.tick(image, nowMs);
        }

        @Override
        public void succeed(ControllerResult<?> result) {
        }

        @Override
        public void rejected(Errors error, String message) {
        }

        @Override
        public void fail(Throwable error) {
        }

        @Override
        public String toString() {
            return "tick";
        }
    }
}
