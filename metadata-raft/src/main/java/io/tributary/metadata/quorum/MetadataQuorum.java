package io.tributary.metadata.quorum;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.ratis.client.RaftClient;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.LeaderNotReadyException;
import org.apache.ratis.protocol.exceptions.StateMachineException;
import org.apache.ratis.retry.ExceptionDependentRetry;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.retry.RetryPolicy;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.apache.ratis.util.TimeDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's membership in the metadata quorum: the Ratis server (voter, listener, or a node
 * started empty that waits to be added), the {@link LogProposer} for the controller, the channel
 * that carries controller requests to the leader, and quorum introspection and administration.
 *
 * <p>Life cycle: construct, register the {@link LeadershipListener} and the
 * {@link ControllerRequestHandler} (the controller may need this object as its proposer, hence not
 * constructor arguments), then {@link #start()}; {@link #close()} once. All methods are thread-safe.
 * Futures complete on Ratis or retry-scheduler threads: callers hand results to their own thread.
 *
 * <p>Bounded waiting: proposals and controller calls give up after
 * {@code tributary.metadata.client.deadline.ms} with a {@link QuorumUnavailableException}.
 */
public final class MetadataQuorum implements LogProposer, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MetadataQuorum.class);

    /** A controller request waits at most this many election timeouts for an open election to end ({@link ControllerRoute}). */
    static final int ELECTION_WAIT_TIMEOUTS = 2;
    /** How often a waiting controller request looks at the election again. */
    static final long ELECTION_POLL_MS = 20;

    private final QuorumConfig config;
    private final MetadataStateMachine stateMachine;
    private final RaftGroupId groupId;
    private volatile LeadershipListener leadershipListener;
    private RaftServer server;
    private volatile RaftClient proposalClient;
    /** Identifies this node's proposals submitted straight to its own Raft server. */
    private final ClientId localClientId = ClientId.randomId();
    private final AtomicLong localCallIds = new AtomicLong();
    /** Guards replacing {@link #proposalClient}; never held while a client closes. */
    private final Object proposalLock = new Object();
    private RaftClient controllerClient;
    private RaftClient adminClient;
    private LeaderQueryChannel leaderChannel;
    private QuorumAdmin admin;
    private StuckFollowerWatchdog watchdog;
    private volatile boolean started;
    private volatile boolean closed;

    public MetadataQuorum(QuorumConfig config, ReplicatedState state) {
        this(config, state, FaultHandler.terminatingProcess());
    }

    public MetadataQuorum(QuorumConfig config, ReplicatedState state, FaultHandler faultHandler) {
        this.config = Objects.requireNonNull(config, "config");
        this.stateMachine = new MetadataStateMachine(state, faultHandler);
        this.groupId = NodeIdentity.groupIdFor(config.clusterId());
    }

    /** Set before {@link #start()}; set later, it is told at once if this node is already the ready leader. */
    public void setLeadershipListener(LeadershipListener listener) {
        this.leadershipListener = listener;
        stateMachine.setLeadershipListener(listener);
        if (started && listener != null && stateMachine.isLeaderReady()) {
            listener.onLeaderReady(currentTerm());
        }
    }

    /** The handler that serves controller requests when this node is the ready leader. */
    public void registerControllerHandler(ControllerRequestHandler handler) {
        stateMachine.setControllerHandler(handler);
    }

    /**
     * Checks this node's identity on disk, then starts the Raft server. Returns without waiting for
     * a leader; a node outside the static configuration starts empty and waits to be added.
     *
     * @throws IllegalStateException if the data directory belongs to another cluster or node
     */
    public synchronized MetadataQuorum start() throws IOException {
        if (started || closed) {
            throw new IllegalStateException("already started or closed");
        }
        requireRatisMetrics();
        NodeIdentity.loadOrCreate(config.metadataLogDir(), config.clusterId(), config.nodeId());
        RaftGroup group = config.isBootstrapMember() ? RaftGroup.valueOf(groupId, bootstrapPeers(config))
                : RaftGroup.valueOf(groupId);
        server = RaftServer.newBuilder()
                .setServerId(PeerIds.of(config.nodeId()))
                .setGroup(group)
                .setStateMachine(stateMachine)
                .setProperties(RatisProperties.server(config))
                // RECOVER formats only an empty directory, so a restart never wipes the log.
                .setOption(RaftStorage.StartupOption.RECOVER)
                .build();
        server.start();
        RaftGroup voters = RaftGroup.valueOf(groupId, peers(config.voters(), RaftPeerRole.FOLLOWER));
        proposalClient = client(voters);
        // Controller calls retry in LeaderQueryChannel, aimed at the leader this node knows; Ratis's
        // own unordered retry keeps resending to the same peer after NotLeaderException. An attempt
        // may wait for the controller's write to commit: time it out only at the call's deadline,
        // since a resend would run the request twice (a dead peer fails the attempt at once).
        controllerClient = RaftClient.newBuilder()
                .setClientId(ClientId.randomId())
                .setRaftGroup(voters)
                .setProperties(RatisProperties.client(config.clientDeadlineMs()))
                .setRetryPolicy(RetryPolicies.noRetry())
                .build();
        leaderChannel = new LeaderQueryChannel(controllerClient, this::localLeader, config);
        adminClient = client(voters);
        admin = new QuorumAdmin(adminClient, this::division, config.requestTimeoutMs());
        started = true;
        if (config.stuckFollowerMs() > 0) {
            watchdog = new StuckFollowerWatchdog(server, this::divisionOrNull, config.stuckFollowerMs(), config.requestTimeoutMs());
            watchdog.start();
        }
        log.info("metadata quorum node {} started ({}), group {}", config.nodeId(),
                config.isBootstrapMember() ? (config.isBootstrapListener() ? "listener" : "voter") : "waiting to be added",
                groupId);
        return this;
    }

    /** Ratis cannot create a server without a metrics implementation; say so plainly, not deep in Ratis. */
    private static void requireRatisMetrics() {
        try {
            Class.forName("org.apache.ratis.metrics.impl.MetricRegistriesImpl");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("org.apache.ratis:ratis-metrics-default is missing from the class path;"
                    + " Ratis servers cannot start without a metrics implementation", e);
        }
    }

    static List<RaftPeer> bootstrapPeers(QuorumConfig config) {
        List<RaftPeer> peers = new ArrayList<>(peers(config.voters(), RaftPeerRole.FOLLOWER));
        peers.addAll(peers(config.listeners(), RaftPeerRole.LISTENER));
        return peers;
    }

    static List<RaftPeer> peers(List<QuorumPeer> members, RaftPeerRole role) {
        List<RaftPeer> peers = new ArrayList<>();
        for (QuorumPeer m : members) {
            peers.add(raftPeer(m, role));
        }
        return peers;
    }

    static RaftPeer raftPeer(QuorumPeer member, RaftPeerRole role) {
        return RaftPeer.newBuilder().setId(PeerIds.of(member.nodeId())).setAddress(member.address())
                .setStartupRole(role).build();
    }

    private RaftClient client(RaftGroup group, RetryPolicy retry) {
        return RaftClient.newBuilder()
                .setClientId(ClientId.randomId())
                .setRaftGroup(group)
                .setProperties(RatisProperties.client(config))
                .setRetryPolicy(retry)
                .build();
    }

    private RaftClient client(RaftGroup group) {
        // Ratis retries NotLeader/unreachable peers itself with this policy; the overall deadline is
        // enforced here on top, so the count only stops a background retry loop from living forever.
        // A StateMachineException is the state machine's (or the controller handler's) answer, not
        // a transport problem: never resend it.
        int attempts = Math.max(3, config.clientDeadlineMs() / config.retryBackoffMs());
        RetryPolicy retry = ExceptionDependentRetry.newBuilder()
                .setDefaultPolicy(RetryPolicies.retryUpToMaximumCountWithFixedSleep(attempts,
                        TimeDuration.valueOf(config.retryBackoffMs(), TimeUnit.MILLISECONDS)))
                .setExceptionToPolicy(StateMachineException.class, RetryPolicies.noRetry())
                .setMaxAttempts(attempts)
                .build();
        return client(group, retry);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Entries proposed from this node are committed in call order. On the leader (where the
     * active controller proposes) an entry goes straight into the local Raft server, which appends
     * it before returning, saving a loopback gRPC round trip per metadata write; elsewhere it goes
     * through one ordered Ratis client, which finds the leader.
     * Completes once the entry is applied on this node too, so the caller can read its own write
     * from the local state.
     */
    @Override
    public CompletableFuture<byte[]> propose(byte[] entry) {
        requireStarted();
        Message message = Message.valueOf(UnsafeByteOperations.unsafeWrap(entry.clone()));
        // Only a LeaderNotReady answer is sent again through the client: it means the entry was not
        // appended. A NotLeader answer may come for an entry already appended (Ratis answers the
        // pending ones so when the leader steps down) that the next leader still commits; sent again
        // under another client id, the retry cache could not tell, and it would apply twice. So that
        // proposal fails, and its caller asks the next controller.
        CompletableFuture<RaftClientReply> sent = isLeader() ? submitLocally(message)
                .thenCompose(reply -> reply.getException() instanceof LeaderNotReadyException
                        ? sendThroughClient(message) : CompletableFuture.completedFuture(reply))
                : sendThroughClient(message);
        CompletableFuture<byte[]> result = sent.thenCompose(reply -> {
            if (reply.getNotLeaderException() != null) {
                throw new CompletionException(new QuorumUnavailableException(
                        "This node stopped leading before the metadata entry was committed. Outcome unknown",
                        reply.getNotLeaderException()));
            }
            if (!reply.isSuccess()) {
                throw new CompletionException(reply.getException());
            }
            byte[] bytes = reply.getMessage().getContent().toByteArray();
            return stateMachine.awaitApplied(reply.getLogIndex()).thenApply(v -> bytes);
        });
        return withDeadline(result, "commit a metadata entry");
    }

    /**
     * Hands a write to this node's Raft server. Ratis appends it to the leader's log before the call
     * returns (or answers NotLeader), so calls from one thread keep their order in the log.
     */
    private CompletableFuture<RaftClientReply> submitLocally(Message message) {
        RaftClientRequest request = RaftClientRequest.newBuilder()
                .setClientId(localClientId)
                .setServerId(PeerIds.of(config.nodeId()))
                .setGroupId(groupId)
                .setCallId(localCallIds.incrementAndGet())
                .setMessage(message)
                .setType(RaftClientRequest.writeRequestType())
                .build();
        try {
            // The division appends on this thread; the server's own entry point would hand the call
            // to its client pool and block this thread until that thread ran it (two switches more).
            RaftServer.Division division = divisionOrNull();
            if (division instanceof org.apache.ratis.protocol.RaftClientAsynchronousProtocol direct) {
                return direct.submitClientRequestAsync(request);
            }
            return server.submitClientRequestAsync(request);
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletableFuture<RaftClientReply> sendThroughClient(Message message) {
        RaftClient client = proposalClient;
        CompletableFuture<RaftClientReply> sent = client.async().send(message);
        sent.whenComplete((reply, error) -> {
            if (error != null) {
                replaceProposalClientIfClosed(client, unwrap(error));
            }
        });
        withDeadline(sent, "commit a metadata entry").whenComplete((reply, error) -> {
            if (error != null && unwrap(error).getCause() instanceof TimeoutException timeout) {
                // Ratis may still be retrying this entry, and every later one waits behind it.
                replaceProposalClientIfClosed(client, timeout);
            }
        });
        return sent;
    }

    /**
     * An ordered Ratis client fails every later request once one failed for good (its sliding window
     * closes), and holds every later request back while one is still being retried. Later proposals
     * get a fresh client, so one lost or stuck proposal does not wedge the controller; the ones
     * already in flight on the old client fail, which keeps the order promise.
     */
    private void replaceProposalClientIfClosed(RaftClient failed, Throwable cause) {
        boolean fatalToClient = cause instanceof org.apache.ratis.protocol.exceptions.AlreadyClosedException
                || cause instanceof org.apache.ratis.protocol.exceptions.RaftRetryFailureException
                || cause instanceof StateMachineException
                || cause instanceof TimeoutException;
        if (!fatalToClient) {
            return;
        }
        // Not under this object's monitor: close() holds it while it closes the clients, and that
        // waits for Ratis threads, which may be the very thread calling here.
        synchronized (proposalLock) {
            if (closed || proposalClient != failed) {
                return;
            }
            proposalClient = client(RaftGroup.valueOf(groupId, peers(config.voters(), RaftPeerRole.FOLLOWER)));
        }
        // Closing waits for the client's own threads; this may run on one of them.
        CompletableFuture.runAsync(() -> {
            try {
                failed.close();
            } catch (IOException e) {
                log.debug("closing a failed proposal client", e);
            }
        });
    }

    /**
     * Sends a request to the active controller (the Raft leader's registered handler) and completes
     * with its response. On a voter with an election open, it first waits (up to
     * {@value #ELECTION_WAIT_TIMEOUTS} election timeouts) for the outcome, so a request to a controller
     * that turns out to be this node never leaves the process. Retries while there is no ready
     * controller (election in progress, handler not yet registered), up to the client deadline, then fails with
     * {@link QuorumUnavailableException}; a handler failure other than {@link NotControllerException}
     * fails the call at once with a {@link ControllerFailureException}.
     */
    public CompletableFuture<byte[]> callController(byte[] request) {
        requireStarted();
        return queryLeader(QuorumQuery.frame(QuorumQuery.CONTROLLER_REQUEST, request), "reach the active controller");
    }

    /** The quorum as seen by its leader, asked from this node (which may be any member). */
    public CompletableFuture<QuorumDescription> describe() {
        requireStarted();
        return queryLeader(QuorumQuery.frame(QuorumQuery.DESCRIBE, new byte[0]), "describe the quorum")
                .thenApply(QuorumDescription::decode);
    }

    private CompletableFuture<byte[]> queryLeader(byte[] framed, String what) {
        long waitUntilNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ELECTION_WAIT_TIMEOUTS * (long) config.ratisTimeoutMaxMs());
        return route(framed, what, waitUntilNs);
    }

    /** Sends the request where {@link ControllerRoute} says; called again while it says WAIT. */
    private CompletableFuture<byte[]> route(byte[] framed, String what, long waitUntilNs) {
        if (closed) {
            return CompletableFuture.failedFuture(
                    new IllegalStateException("metadata quorum node " + config.nodeId() + " is closed"));
        }
        RaftServer.Division d = divisionOrNull();
        // A voter of the current configuration: not a listener, nor a node started empty to be added.
        boolean voter = d != null && d.getRaftConf().getPeer(PeerIds.of(config.nodeId()), RaftPeerRole.FOLLOWER) != null;
        ControllerRoute route = ControllerRoute.of(voter, d != null && d.getInfo().isLeader(),
                stateMachine.isLeaderReady(), d != null && d.getInfo().getLeaderId() != null,
                System.nanoTime() - waitUntilNs >= 0);
        return switch (route) {
            case LOCAL -> queryLocally(framed, what);
            case REMOTE -> leaderChannel.query(framed, what);
            // Polled on the JDK's timer thread: a routing decision and an enqueue, nothing that blocks.
            case WAIT -> CompletableFuture.runAsync(() -> { },
                            CompletableFuture.delayedExecutor(ELECTION_POLL_MS, TimeUnit.MILLISECONDS, Runnable::run))
                    .thenCompose(v -> route(framed, what, waitUntilNs));
        };
    }

    /** The controller runs in this process: ask its state machine directly, not over loopback gRPC. */
    private CompletableFuture<byte[]> queryLocally(byte[] framed, String what) {
        CompletableFuture<byte[]> local = stateMachine.query(Message.valueOf(UnsafeByteOperations.unsafeWrap(framed)))
                .thenCompose(reply -> {
                    try {
                        return CompletableFuture.completedFuture(QuorumQuery.unwrapReply(reply.getContent().toByteArray()));
                    } catch (NotControllerException e) {
                        return leaderChannel.query(framed, what); // leadership moved meanwhile
                    }
                });
        return withDeadline(local, what);
    }

    private RaftPeerId localLeader() {
        RaftServer.Division d = divisionOrNull();
        return d == null ? null : d.getInfo().getLeaderId();
    }

    private <T> CompletableFuture<T> withDeadline(CompletableFuture<T> future, String what) {
        return future.orTimeout(config.clientDeadlineMs(), TimeUnit.MILLISECONDS).handle((value, error) -> {
            if (error == null) {
                return value;
            }
            Throwable cause = unwrap(error);
            if (cause instanceof TimeoutException || cause instanceof org.apache.ratis.protocol.exceptions.RaftRetryFailureException
                    || cause instanceof org.apache.ratis.protocol.exceptions.AlreadyClosedException) {
                throw new QuorumUnavailableException("Could not " + what + " within " + config.clientDeadlineMs()
                        + " ms (" + QuorumConfig.CLIENT_DEADLINE_MS + "); no quorum? Outcome unknown", cause);
            }
            throw cause instanceof CompletionException ce ? ce : new CompletionException(cause);
        });
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** Index of the last entry this node's state has applied (-1 before the first). */
    public long appliedIndex() {
        TermIndex applied = stateMachine.getLastAppliedTermIndex();
        return applied == null ? -1 : applied.getIndex();
    }

    /** The leader this node currently follows, if it knows one. */
    public OptionalInt leaderId() {
        RaftServer.Division d = divisionOrNull();
        RaftPeerId leader = d == null ? null : d.getInfo().getLeaderId();
        return leader == null ? OptionalInt.empty() : OptionalInt.of(PeerIds.nodeId(leader));
    }

    /** Whether this node is the Raft leader (it may not be ready to act as controller yet). */
    public boolean isLeader() {
        RaftServer.Division d = divisionOrNull();
        return d != null && d.getInfo().isLeader();
    }

    /** Whether this node is the leader and has applied every entry of earlier terms: the active controller. */
    public boolean isActiveController() {
        return stateMachine.isLeaderReady() && isLeader();
    }

    /** The current Raft term as this node knows it (the leader epoch). */
    public long currentTerm() {
        RaftServer.Division d = divisionOrNull();
        return d == null ? -1 : d.getInfo().getCurrentTerm();
    }

    /** Whether this node is a listener (applies the log, never votes or leads). */
    public boolean isListener() {
        RaftServer.Division d = divisionOrNull();
        return d != null && d.getInfo().isListener();
    }

    public int nodeId() {
        return config.nodeId();
    }

    public QuorumConfig config() {
        return config;
    }

    public QuorumAdmin admin() {
        requireStarted();
        return admin;
    }

    /**
     * The voters with their Raft addresses as this node's current configuration lists them (so
     * voters added at run time too); the static {@code controller.quorum.voters} while it has none.
     */
    public List<QuorumPeer> voterEndpoints() {
        RaftServer.Division d = divisionOrNull();
        if (d == null) {
            return config.voters();
        }
        List<QuorumPeer> voters = new ArrayList<>();
        for (RaftPeer p : d.getRaftConf().getCurrentPeers(RaftPeerRole.FOLLOWER)) {
            voters.add(QuorumPeer.parse(PeerIds.nodeId(p.getId()) + "@" + p.getAddress()));
        }
        return voters;
    }

    /** The stuck-follower watchdog, null when turned off; for tests. */
    StuckFollowerWatchdog watchdog() {
        return watchdog;
    }

    /** This node's Ratis division; for tests and {@link QuorumAdmin}. */
    RaftServer.Division division() {
        try {
            return server.getDivision(groupId);
        } catch (IOException e) {
            throw new UncheckedIOException("node " + config.nodeId() + " has no metadata group (yet)", e);
        }
    }

    /**
     * This node's division while it is alive; null before start, after close, and after this node
     * was removed from the quorum (Ratis then shuts its division down).
     */
    private RaftServer.Division divisionOrNull() {
        if (!started || closed) {
            return null;
        }
        try {
            RaftServer.Division d = server.getDivision(groupId);
            return d.getInfo().isAlive() ? d : null;
        } catch (IOException e) {
            return null;
        }
    }

    private void requireStarted() {
        if (!started) {
            throw new IllegalStateException("metadata quorum not started");
        }
        if (closed) {
            throw new IllegalStateException("metadata quorum node " + config.nodeId() + " is closed");
        }
    }

    /** Stops the server without handing over leadership first: the others elect a new leader. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        RaftClient proposals;
        synchronized (proposalLock) {
            closed = true;
            proposals = proposalClient;
        }
        IOException failure = null;
        for (AutoCloseable c : new AutoCloseable[] {watchdog, proposals, controllerClient, adminClient, server}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IOException("closing metadata quorum node " + config.nodeId(), e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (leaderChannel != null) {
            leaderChannel.close();
        }
        LeadershipListener listener = leadershipListener;
        if (listener != null && stateMachine.isLeaderReady()) {
            listener.onNotLeader();
        }
        if (failure != null) {
            throw failure;
        }
    }
}
