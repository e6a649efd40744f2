package io.tributary.metadata.quorum;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.apache.ratis.proto.RaftProtos.CommitInfoProto;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.proto.RaftProtos.ServerRpcProto;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.TransferLeadershipRequest;
import org.apache.ratis.server.RaftServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On the leader, samples every follower's commit index once a second and steps down when
 * {@link StuckFollowerDetector} finds one stuck. Thin adapter: the decision is the detector's.
 */
final class StuckFollowerWatchdog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StuckFollowerWatchdog.class);
    private static final long SAMPLE_INTERVAL_MS = 1000;
    /** A follower heard from within this is alive and answering, so an election can help it. */
    private static final long RESPONSIVE_WITHIN_MS = 3000;
    private static final long COOL_DOWN_MS = 60_000;

    private final Supplier<RaftServer.Division> leaderDivision;
    private final RaftServer server;
    private final long requestTimeoutMs;
    private final LongSupplier clockMs;
    private final StuckFollowerDetector detector;
    private final AtomicLong callIds = new AtomicLong();
    private final ScheduledExecutorService scheduler;

    /**
     * @param division this node's division, or null while it has none
     * @param stuckAfterMs see {@link QuorumConfig#STUCK_FOLLOWER_MS}
     */
    StuckFollowerWatchdog(RaftServer server, Supplier<RaftServer.Division> division, long stuckAfterMs,
                          long requestTimeoutMs) {
        this.server = server;
        this.leaderDivision = division;
        this.requestTimeoutMs = requestTimeoutMs;
        // Monotonic: a wall-clock jump must not look like a follower standing still.
        this.clockMs = () -> System.nanoTime() / 1_000_000;
        this.detector = new StuckFollowerDetector(stuckAfterMs, RESPONSIVE_WITHIN_MS, COOL_DOWN_MS);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "metadata-quorum-watchdog");
            t.setDaemon(true);
            return t;
        });
    }

    void start() {
        scheduler.scheduleWithFixedDelay(this::checkQuietly, SAMPLE_INTERVAL_MS, SAMPLE_INTERVAL_MS, TimeUnit.MILLISECONDS);
    }

    private void checkQuietly() {
        try {
            check();
        } catch (RuntimeException e) {
            // A division closing under us; the next sample sees the new state.
            log.debug("stuck-follower check failed", e);
        }
    }

    private void check() {
        RaftServer.Division d = leaderDivision.get();
        if (d == null || !d.getInfo().isLeader()) {
            return;
        }
        RoleInfoProto role = d.getInfo().getRoleInfoProto();
        if (!role.hasLeaderInfo()) {
            return;
        }
        Map<RaftPeerId, Long> commits = new HashMap<>();
        for (CommitInfoProto c : d.getCommitInfos()) {
            commits.put(RaftPeerId.valueOf(c.getServer().getId()), c.getCommitIndex());
        }
        Map<Integer, StuckFollowerDetector.FollowerSample> followers = new HashMap<>();
        for (ServerRpcProto f : role.getLeaderInfo().getFollowerInfoList()) {
            RaftPeerId id = RaftPeerId.valueOf(f.getId().getId());
            Long commit = commits.get(id);
            if (commit != null) {
                followers.put(PeerIds.nodeId(id), new StuckFollowerDetector.FollowerSample(commit, f.getLastRpcElapsedTimeMs()));
            }
        }
        long term = d.getInfo().getCurrentTerm();
        Optional<StuckFollowerDetector.Stuck> stuck =
                detector.observe(clockMs.getAsLong(), term, d.getRaftLog().getLastCommittedIndex(), followers);
        stuck.ifPresent(s -> stepDown(d, s));
    }

    /** Steps this leader down for {@code s}; package-private so a test can check Ratis honours it. */
    void stepDown(RaftServer.Division d, StuckFollowerDetector.Stuck s) {
        log.warn("Metadata follower {} answers but its commit index stayed at {} for {} ms while ours reached {};"
                        + " stepping down so a new term restarts replication to it",
                s.followerId(), s.followerCommit(), s.stuckForMs(), s.leaderCommit());
        TransferLeadershipRequest request = new TransferLeadershipRequest(ClientId.randomId(), d.getId(),
                d.getGroup().getGroupId(), callIds.incrementAndGet(), null, requestTimeoutMs);
        try {
            server.transferLeadershipAsync(request).whenComplete((reply, error) -> {
                if (error != null || (reply != null && !reply.isSuccess())) {
                    log.warn("Stepping down as metadata leader failed: {}",
                            error != null ? error.toString() : String.valueOf(reply.getException()));
                }
            });
        } catch (IOException e) {
            log.warn("Stepping down as metadata leader failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
