package io.tributary.metadata.quorum;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.ratis.io.MD5Hash;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.apache.ratis.util.LifeCycle;
import org.apache.ratis.util.MD5FileUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Ratis state machine of the metadata quorum: a thin adapter around one {@link ReplicatedState}.
 *
 * <p>Threading: Ratis's StateMachineUpdater thread calls {@link #applyTransaction} in log order and
 * also {@link #takeSnapshot}; {@link #initialize} and {@link #reinitialize} run while nothing is
 * applied (start-up, or paused for a snapshot install). So the {@link ReplicatedState} is only ever
 * touched by one thread at a time, in order. {@link #query} runs on RPC threads and never touches the
 * state: it hands controller requests to the registered {@link ControllerRequestHandler}.
 *
 * <p>Failures: an exception thrown by {@link ReplicatedState#apply} means the state may now differ
 * from the other nodes'. It goes to the {@link FaultHandler} once; from then on nothing is applied
 * or snapshotted (a diverged state must never be written out and shipped to other nodes).
 *
 * <p>Snapshot files: {@code <sm dir>/snapshot.<term>_<index>} plus its {@code .md5}, written by
 * {@link ReplicatedState#writeSnapshot} to a temporary file, fsynced and renamed, so a crash leaves
 * only whole snapshots; Ratis keeps the newest few ({@code retention.file.num}).
 */
public final class MetadataStateMachine extends BaseStateMachine {

    private static final Logger log = LoggerFactory.getLogger(MetadataStateMachine.class);

    private final ReplicatedState state;
    private final FaultHandler faultHandler;
    private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
    private final AppliedIndexWaiters appliedWaiters = new AppliedIndexWaiters();
    private final AtomicBoolean healthy = new AtomicBoolean(true);

    private volatile ControllerRequestHandler controllerHandler;
    private volatile LeadershipListener leadershipListener;
    private volatile boolean leaderReady;

    public MetadataStateMachine(ReplicatedState state, FaultHandler faultHandler) {
        this.state = Objects.requireNonNull(state, "state");
        this.faultHandler = Objects.requireNonNull(faultHandler, "faultHandler");
    }

    void setControllerHandler(ControllerRequestHandler handler) {
        this.controllerHandler = handler;
    }

    void setLeadershipListener(LeadershipListener listener) {
        this.leadershipListener = listener;
    }

    boolean isLeaderReady() {
        return leaderReady;
    }

    boolean isHealthy() {
        return healthy.get();
    }

    /** Completes once this node has applied {@code index} (entries and Ratis's own entries alike). */
    CompletableFuture<Void> awaitApplied(long index) {
        return appliedWaiters.await(index);
    }

    /*
     * Life cycle (Ratis checks it): NEW -> STARTING -> RUNNING in initialize; before installing a
     * snapshot from the leader Ratis calls pause() (RUNNING -> PAUSING -> PAUSED), then, on the apply
     * thread, reinitialize() (PAUSED -> STARTING -> RUNNING) after loading the installed snapshot.
     */
    @Override
    public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
        getLifeCycle().startAndTransition(() -> {
            super.initialize(server, groupId, raftStorage);
            storage.init(raftStorage);
            loadLatestSnapshot();
        });
    }

    @Override
    public void pause() {
        getLifeCycle().transition(LifeCycle.State.PAUSING);
        getLifeCycle().transition(LifeCycle.State.PAUSED);
    }

    /** Ratis calls this, paused, after it installed a snapshot shipped by the leader. */
    @Override
    public void reinitialize() throws IOException {
        loadLatestSnapshot();
        if (getLifeCycleState() == LifeCycle.State.PAUSED) {
            getLifeCycle().transition(LifeCycle.State.STARTING);
            getLifeCycle().transition(LifeCycle.State.RUNNING);
        }
    }

    private void loadLatestSnapshot() throws IOException {
        SingleFileSnapshotInfo snapshot = storage.loadLatestSnapshot();
        if (snapshot == null) {
            return;
        }
        Path path = snapshot.getFile().getPath();
        MD5Hash md5 = snapshot.getFile().getFileDigest();
        if (md5 != null) {
            MD5FileUtil.verifySavedMD5(path.toFile(), md5);
        }
        TermIndex last = SimpleStateMachineStorage.getTermIndexFromSnapshotFile(path.toFile());
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path))) {
            state.loadSnapshot(in);
        }
        setLastAppliedTermIndex(last);
        appliedWaiters.advanceTo(last.getIndex());
        log.info("{}: loaded snapshot {} at {}", getId(), path.getFileName(), last);
    }

    @Override
    public StateMachineStorage getStateMachineStorage() {
        return storage;
    }

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
        LogEntryProto entry = trx.getLogEntry();
        TermIndex termIndex = TermIndex.valueOf(entry);
        if (!healthy.get()) {
            return CompletableFuture.failedFuture(new IllegalStateException(
                    "metadata state machine on node " + getId() + " stopped after a fatal error"));
        }
        byte[] reply;
        try {
            byte[] data = entry.getStateMachineLogEntry().getLogData().toByteArray();
            reply = state.apply(termIndex.getIndex(), data);
        } catch (RuntimeException | Error e) {
            healthy.set(false);
            faultHandler.handleFault("applying metadata log entry " + termIndex + " failed on node " + getId(), e);
            return CompletableFuture.failedFuture(e);
        }
        updateLastAppliedTermIndex(termIndex);
        appliedWaiters.advanceTo(termIndex.getIndex());
        return CompletableFuture.completedFuture(
                Message.valueOf(UnsafeByteOperations.unsafeWrap(reply == null ? new byte[0] : reply)));
    }

    /** Ratis's own entries (configuration changes, a new leader's first entry) also count as applied. */
    @Override
    public void notifyTermIndexUpdated(long term, long index) {
        super.notifyTermIndexUpdated(term, index);
        appliedWaiters.advanceTo(index);
    }

    @Override
    public long takeSnapshot() throws IOException {
        if (!healthy.get()) {
            throw new IOException("not snapshotting: the metadata state machine stopped after a fatal error");
        }
        TermIndex last = getLastAppliedTermIndex();
        if (last == null || last.getIndex() < 0) {
            return RaftLog.INVALID_LOG_INDEX;
        }
        File snapshotFile = storage.getSnapshotFile(last.getTerm(), last.getIndex());
        Path tmp = snapshotFile.toPath().resolveSibling("tmp-" + snapshotFile.getName());
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp))) {
                state.writeSnapshot(out);
            }
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(tmp, snapshotFile.toPath(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        MD5Hash md5 = MD5FileUtil.computeAndSaveMd5ForFile(snapshotFile);
        storage.updateLatestSnapshot(new SingleFileSnapshotInfo(new FileInfo(snapshotFile.toPath(), md5), last));
        log.info("{}: took snapshot at {}", getId(), last);
        return last.getIndex();
    }

    /**
     * Serves a {@link QuorumQuery}. Always completes normally: failures are encoded in the reply
     * (see {@link QuorumQuery} for why).
     */
    @Override
    public CompletableFuture<Message> query(Message request) {
        byte[] framed = request.getContent().toByteArray();
        CompletableFuture<byte[]> reply;
        try {
            reply = switch (QuorumQuery.type(framed)) {
                case QuorumQuery.CONTROLLER_REQUEST -> handleControllerRequest(QuorumQuery.payload(framed));
                case QuorumQuery.DESCRIBE -> CompletableFuture.completedFuture(
                        LeaderView.describe(getServer().join().getDivision(getGroupId())).encode());
                default -> CompletableFuture.failedFuture(
                        new IllegalArgumentException("unknown quorum query type " + framed[0]));
            };
        } catch (IOException | RuntimeException e) {
            reply = CompletableFuture.failedFuture(e);
        }
        return reply.handle((bytes, error) -> {
            if (error == null) {
                return Message.valueOf(UnsafeByteOperations.unsafeWrap(QuorumQuery.ok(bytes)));
            }
            Throwable cause = error;
            while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            return Message.valueOf(UnsafeByteOperations.unsafeWrap(QuorumQuery.failure(cause)));
        });
    }

    private CompletableFuture<byte[]> handleControllerRequest(byte[] request) {
        ControllerRequestHandler handler = controllerHandler;
        if (handler == null || !leaderReady) {
            return CompletableFuture.failedFuture(new NotControllerException("node " + getId()
                    + (handler == null ? " has no controller registered" : " is not the ready leader")));
        }
        return handler.handle(request);
    }

    @Override
    public void notifyLeaderReady() {
        long term;
        try {
            term = getServer().join().getDivision(getGroupId()).getInfo().getCurrentTerm();
        } catch (IOException e) {
            log.warn("{}: leader ready but the division is gone; not activating the controller", getId(), e);
            return;
        }
        leaderReady = true;
        log.info("{}: leader ready in term {}", getId(), term);
        LeadershipListener listener = leadershipListener;
        if (listener != null) {
            listener.onLeaderReady(term);
        }
    }

    @Override
    public void notifyNotLeader(Collection<TransactionContext> pendingEntries) {
        stepDown("no longer leader");
    }

    @Override
    public void notifyLeaderChanged(RaftGroupMemberId groupMemberId, RaftPeerId newLeaderId) {
        super.notifyLeaderChanged(groupMemberId, newLeaderId);
        if (!groupMemberId.getPeerId().equals(newLeaderId)) {
            stepDown("leader is now " + newLeaderId);
        }
    }

    private void stepDown(String why) {
        if (leaderReady) {
            leaderReady = false;
            log.info("{}: {}; controller deactivated", getId(), why);
            LeadershipListener listener = leadershipListener;
            if (listener != null) {
                listener.onNotLeader();
            }
        }
    }

    @Override
    public void close() throws IOException {
        stepDown("shutting down");
        appliedWaiters.failAll(new IllegalStateException("metadata quorum on node " + getId() + " is closed"));
        super.close();
    }
}
