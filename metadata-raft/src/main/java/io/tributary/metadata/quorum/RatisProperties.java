package io.tributary.metadata.quorum;

import java.io.File;
import java.util.List;

import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;

/** Translates a {@link QuorumConfig} into Ratis's server and client properties. Stateless. */
final class RatisProperties {

    /** Ratis's default, kept unless a segment is smaller: metadata is small. */
    private static final long PREALLOCATED_BYTES = 4L * 1024 * 1024;
    private static final long SNAPSHOT_CREATION_GAP = 1024;
    /**
     * How long the leader's appender for a follower sleeps after its n-th consecutive failed request
     * (Ratis's "sleep,count" pairs, each sleep randomised to 0.5-1.5x). Ratis's default
     * ("1ms,10, 1s,20, 5s,1000") backs off to 5 s once a follower has been unreachable for ~20 s, and
     * that sleep is not cut short when the follower answers. The count only resets on a success, and a
     * restarted follower's first answers are failures too (INCONSISTENCY: the leader had moved its next
     * index past what the follower holds while it was down), so every step of its catch-up waits out
     * the current sleep. With 500 ms after the 30th failure, a follower restarted under load (down
     * ~8 s) took 2.2-2.7 s from its Raft server starting to its first accepted entries (4 restarts);
     * with 50 ms, 0.8-2.3 s, median 1.5 s (7 restarts; 3 nodes, offset commits running). 50 ms costs
     * the leader ~2 % of a core while a follower stays down (attempts on a refused loopback
     * connection), so after ~15 s of failures the sleep grows to 250 ms; the last count keeps a
     * long-dead follower from ever exhausting the policy (after which Ratis would not sleep at all).
     */
    static final String APPENDER_RETRY_POLICY = "1ms,10, 50ms,300, 250ms,100000000";

    /** First-election timeout of a single-voter quorum's only voter. */
    static final int LONE_VOTER_FIRST_ELECTION_MS = 50;

    /** The first election of a voter other than the lowest-id one waits this many election timeouts. */
    static final int FOLLOWER_FIRST_ELECTION_FACTOR = 2;

    private RatisProperties() {
    }

    private static boolean isFirstVoter(QuorumConfig config) {
        return config.voters().stream().mapToInt(QuorumPeer::nodeId).min().orElse(-1) == config.nodeId();
    }

    static RaftProperties server(QuorumConfig config) {
        RaftProperties p = new RaftProperties();
        RaftConfigKeys.Rpc.setType(p, SupportedRpcType.GRPC);
        // Loopback or the configured interface only, never the wildcard address (RATIS-1147).
        GrpcConfigKeys.Server.setHost(p, config.self().host());
        GrpcConfigKeys.Server.setPort(p, config.self().port());
        RaftServerConfigKeys.setStorageDir(p, List.of(new File(config.metadataLogDir().toFile(), "raft")));

        TimeDuration min = ms(config.ratisTimeoutMinMs());
        TimeDuration max = ms(config.ratisTimeoutMaxMs());
        RaftServerConfigKeys.Rpc.setTimeoutMin(p, min);
        RaftServerConfigKeys.Rpc.setTimeoutMax(p, max);
        boolean loneVoter = config.voters().equals(List.of(config.self()));
        if (loneVoter) {
            // A lone voter has nobody to hear from or split votes with: waiting out an election
            // timeout before its first election only delays start-up (~0.5-1 s of a single node's start).
            RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMin(p, ms(LONE_VOTER_FIRST_ELECTION_MS));
            RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMax(p, ms(2 * LONE_VOTER_FIRST_ELECTION_MS));
        } else if (isFirstVoter(config)) {
            RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMin(p, min);
            RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMax(p, max);
        } else {
            // When all voters start at once, let the one with the lowest id elect itself and replicate
            // its first entry before anyone else tries. Racing first elections can leave two voters
            // holding a different entry at index 0, and Ratis 3.3 lets a follower commit whatever it
            // holds at index 0 from a heartbeat, after which that follower never catches up (seen
            // as an endless INCONSISTENCY loop at start-up). A voter that starts into a running
            // quorum hears its leader long before this.
            RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMin(p, ms(FOLLOWER_FIRST_ELECTION_FACTOR * (long) config.ratisTimeoutMaxMs()));
            RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMax(p, ms((FOLLOWER_FIRST_ELECTION_FACTOR + 1) * (long) config.ratisTimeoutMaxMs()));
        }
        // Surface a slow follower in the logs well before Ratis's 60 s default.
        RaftServerConfigKeys.Rpc.setSlownessTimeout(p, TimeDuration.valueOf(10, java.util.concurrent.TimeUnit.SECONDS));
        RaftServerConfigKeys.Notification.setNoLeaderTimeout(p, ms(config.noLeaderNotifyMs()));
        RaftServerConfigKeys.Log.Appender.setRetryPolicy(p, APPENDER_RETRY_POLICY);
        // Controller requests are served by the leader's state machine directly; nodes read their own
        // local image for metadata, so there is no linearizable read path to pay for.
        RaftServerConfigKeys.Read.setOption(p, RaftServerConfigKeys.Read.Option.DEFAULT);

        RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, true);
        RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(p, config.snapshotIntervalEntries());
        RaftServerConfigKeys.Snapshot.setCreationGap(p, Math.min(SNAPSHOT_CREATION_GAP, config.snapshotIntervalEntries()));
        RaftServerConfigKeys.Snapshot.setRetentionFileNum(p, 2);
        RaftServerConfigKeys.Snapshot.setTriggerWhenStopEnabled(p, true);

        RaftServerConfigKeys.Log.setSegmentSizeMax(p, SizeInBytes.valueOf(config.logSegmentBytes()));
        RaftServerConfigKeys.Log.setPreallocatedSize(p, SizeInBytes.valueOf(Math.min(PREALLOCATED_BYTES, config.logSegmentBytes())));
        RaftServerConfigKeys.Log.setPurgeGap(p, config.logPurgeGapEntries());
        RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(p, config.logPurgeUptoSnapshot());
        // The metadata log must survive power loss: keep Ratis's safe (synchronous) flush.
        RaftServerConfigKeys.Log.setUnsafeFlushEnabled(p, false);
        return p;
    }

    static RaftProperties client(QuorumConfig config) {
        return client(config.requestTimeoutMs());
    }

    static RaftProperties client(long requestTimeoutMs) {
        RaftProperties p = new RaftProperties();
        RaftConfigKeys.Rpc.setType(p, SupportedRpcType.GRPC);
        RaftClientConfigKeys.Rpc.setRequestTimeout(p, ms(requestTimeoutMs));
        return p;
    }

    private static TimeDuration ms(long millis) {
        return TimeDuration.valueOf(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
    }
}
