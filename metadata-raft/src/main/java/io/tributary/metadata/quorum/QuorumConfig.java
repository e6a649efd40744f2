package io.tributary.metadata.quorum;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Configuration of this node's membership in the metadata quorum. Keys use Kafka's names where
 * Kafka has one; Tributary-only keys start with {@code tributary.metadata.}. Everything is parsed
 * and validated once, in the constructor, and a bad value fails with an error naming the key and
 * the value. Immutable and thread-safe.
 */
public final class QuorumConfig {

    public static final String NODE_ID = "node.id";
    public static final String CLUSTER_ID = "cluster.id";
    public static final String QUORUM_VOTERS = "controller.quorum.voters";
    public static final String LISTENERS = "tributary.metadata.listeners";
    public static final String METADATA_LOG_DIR = "metadata.log.dir";
    /** Kafka's data directories; the first one is the fallback for {@link #METADATA_LOG_DIR}. */
    public static final String LOG_DIRS = "log.dirs";
    public static final String ELECTION_TIMEOUT_MS = "controller.quorum.election.timeout.ms";
    public static final String REQUEST_TIMEOUT_MS = "controller.quorum.request.timeout.ms";
    public static final String RETRY_BACKOFF_MS = "controller.quorum.retry.backoff.ms";
    public static final String CLIENT_DEADLINE_MS = "tributary.metadata.client.deadline.ms";
    public static final String SNAPSHOT_INTERVAL_ENTRIES = "tributary.metadata.snapshot.interval.entries";
    public static final String LOG_SEGMENT_BYTES = "metadata.log.segment.bytes";
    public static final String LOG_PURGE_GAP_ENTRIES = "tributary.metadata.log.purge.gap.entries";
    public static final String LOG_PURGE_UPTO_SNAPSHOT = "tributary.metadata.log.purge.upto.snapshot";
    public static final String NO_LEADER_NOTIFY_MS = "tributary.metadata.no.leader.notify.ms";
    /**
     * How long the leader lets a follower that answers it stand still behind its commit index before
     * it steps down to restart replication ({@link StuckFollowerDetector}); 0 turns this off.
     */
    public static final String STUCK_FOLLOWER_MS = "tributary.metadata.stuck.follower.ms";
    /**
     * {@code host:port} this node's Raft server binds to. Only needed by a node listed neither in
     * {@link #QUORUM_VOTERS} nor {@link #LISTENERS}: one that starts empty and waits to be added.
     */
    public static final String RAFT_ADDRESS = "tributary.metadata.raft.address";

    public static final int DEFAULT_ELECTION_TIMEOUT_MS = 1000;
    public static final int DEFAULT_REQUEST_TIMEOUT_MS = 2000;
    public static final int DEFAULT_RETRY_BACKOFF_MS = 50;
    public static final int DEFAULT_CLIENT_DEADLINE_MS = 15_000;
    public static final long DEFAULT_SNAPSHOT_INTERVAL_ENTRIES = 20_000;
    public static final long DEFAULT_LOG_SEGMENT_BYTES = 8L * 1024 * 1024;
    public static final int DEFAULT_LOG_PURGE_GAP_ENTRIES = 1024;
    public static final int DEFAULT_NO_LEADER_NOTIFY_MS = 10_000;
    public static final int DEFAULT_STUCK_FOLLOWER_MS = 8_000;

    private static final Pattern CLUSTER_ID_PATTERN = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final int nodeId;
    private final String clusterId;
    private final List<QuorumPeer> voters;
    private final List<QuorumPeer> listeners;
    private final Path metadataLogDir;
    private final int electionTimeoutMs;
    private final int requestTimeoutMs;
    private final int retryBackoffMs;
    private final int clientDeadlineMs;
    private final long snapshotIntervalEntries;
    private final long logSegmentBytes;
    private final int logPurgeGapEntries;
    private final boolean logPurgeUptoSnapshot;
    private final int noLeaderNotifyMs;
    private final int stuckFollowerMs;
    private final QuorumPeer self;

    public QuorumConfig(Map<String, String> props) {
        Map<String, String> p = Map.copyOf(props);
        this.nodeId = intValue(p, NODE_ID, null, 0, Integer.MAX_VALUE);
        this.clusterId = required(p, CLUSTER_ID);
        if (!CLUSTER_ID_PATTERN.matcher(clusterId).matches()) {
            throw invalid(CLUSTER_ID, clusterId, "must be 1-64 characters of [A-Za-z0-9_-]");
        }
        this.voters = peers(p, QUORUM_VOTERS);
        if (voters.isEmpty()) {
            throw invalid(QUORUM_VOTERS, p.get(QUORUM_VOTERS), "must list at least one voter");
        }
        this.listeners = peers(p, LISTENERS);
        Set<Integer> voterIds = new HashSet<>();
        voters.forEach(v -> voterIds.add(v.nodeId()));
        for (QuorumPeer listener : listeners) {
            if (voterIds.contains(listener.nodeId())) {
                throw invalid(LISTENERS, p.get(LISTENERS),
                        "node " + listener.nodeId() + " is also in " + QUORUM_VOTERS);
            }
        }
        this.metadataLogDir = metadataLogDir(p);
        this.electionTimeoutMs = intValue(p, ELECTION_TIMEOUT_MS, DEFAULT_ELECTION_TIMEOUT_MS, 100, 60_000);
        this.requestTimeoutMs = intValue(p, REQUEST_TIMEOUT_MS, DEFAULT_REQUEST_TIMEOUT_MS, 100, 600_000);
        this.retryBackoffMs = intValue(p, RETRY_BACKOFF_MS, DEFAULT_RETRY_BACKOFF_MS, 1, 60_000);
        this.clientDeadlineMs = intValue(p, CLIENT_DEADLINE_MS, DEFAULT_CLIENT_DEADLINE_MS, 100, 3_600_000);
        this.snapshotIntervalEntries = longValue(p, SNAPSHOT_INTERVAL_ENTRIES, DEFAULT_SNAPSHOT_INTERVAL_ENTRIES,
                1, Long.MAX_VALUE);
        this.logSegmentBytes = longValue(p, LOG_SEGMENT_BYTES, DEFAULT_LOG_SEGMENT_BYTES, 64 * 1024, 1L << 30);
        this.logPurgeGapEntries = intValue(p, LOG_PURGE_GAP_ENTRIES, DEFAULT_LOG_PURGE_GAP_ENTRIES, 1,
                Integer.MAX_VALUE);
        this.logPurgeUptoSnapshot = booleanValue(p, LOG_PURGE_UPTO_SNAPSHOT, false);
        this.noLeaderNotifyMs = intValue(p, NO_LEADER_NOTIFY_MS, DEFAULT_NO_LEADER_NOTIFY_MS, 100, 3_600_000);
        this.stuckFollowerMs = intValue(p, STUCK_FOLLOWER_MS, DEFAULT_STUCK_FOLLOWER_MS, 0, 3_600_000);
        this.self = self(p);
    }

    private QuorumPeer self(Map<String, String> p) {
        Optional<QuorumPeer> listed = voters.stream().filter(v -> v.nodeId() == nodeId).findFirst()
                .or(() -> listeners.stream().filter(l -> l.nodeId() == nodeId).findFirst());
        String address = p.get(RAFT_ADDRESS);
        if (address == null || address.isBlank()) {
            return listed.orElseThrow(() -> new IllegalArgumentException("node.id " + nodeId + " is in neither "
                    + QUORUM_VOTERS + " nor " + LISTENERS + "; set " + RAFT_ADDRESS
                    + " (host:port) to start it empty and add it to the quorum at run time"));
        }
        QuorumPeer configured;
        try {
            configured = QuorumPeer.parse(nodeId + "@" + address.trim());
        } catch (IllegalArgumentException e) {
            throw invalid(RAFT_ADDRESS, address, "must be host:port");
        }
        if (listed.isPresent() && !listed.get().equals(configured)) {
            throw invalid(RAFT_ADDRESS, address, "disagrees with this node's entry " + listed.get());
        }
        return configured;
    }

    /** Reads the keys from {@link Properties}, e.g. a {@code server.properties} file. */
    public static QuorumConfig fromProperties(Properties properties) {
        Map<String, String> map = new HashMap<>();
        properties.stringPropertyNames().forEach(k -> map.put(k, properties.getProperty(k)));
        return new QuorumConfig(map);
    }

    public int nodeId() {
        return nodeId;
    }

    public String clusterId() {
        return clusterId;
    }

    public List<QuorumPeer> voters() {
        return voters;
    }

    public List<QuorumPeer> listeners() {
        return listeners;
    }

    /** This node's Raft endpoint: its voter or listener entry, else {@link #RAFT_ADDRESS}. */
    public QuorumPeer self() {
        return self;
    }

    /** Whether this node is in the static bootstrap configuration, as a voter or a listener. */
    public boolean isBootstrapMember() {
        return voters.contains(self) || listeners.contains(self);
    }

    public boolean isBootstrapListener() {
        return listeners.contains(self);
    }

    public Path metadataLogDir() {
        return metadataLogDir;
    }

    public int electionTimeoutMs() {
        return electionTimeoutMs;
    }

    /**
     * Ratis's minimum election timeout ({@code raft.server.rpc.timeout.min}), half the configured
     * election timeout. Ratis randomises each follower's timeout in [min, max] and its leader sends
     * heartbeats every min/2. With the default of 1000 ms that is [500, 1000] ms with 250 ms
     * heartbeats: a dead leader is noticed 0.5-1 s after its last heartbeat and pre-vote plus vote
     * take a few loopback round trips, so a new controller is ready within about 1.1 s (the goal is
     * 1.5 s), while a follower only starts an election after missing at least two heartbeats in a
     * row, which a 2-core machine with GC pauses of some tens of ms does not cause. Ratis's own
     * defaults (150/300 ms) churn leaders on such machines.
     */
    public int ratisTimeoutMinMs() {
        return electionTimeoutMs / 2;
    }

    /** Ratis's maximum election timeout ({@code raft.server.rpc.timeout.max}), see {@link #ratisTimeoutMinMs()}. */
    public int ratisTimeoutMaxMs() {
        return electionTimeoutMs;
    }

    public int requestTimeoutMs() {
        return requestTimeoutMs;
    }

    public int retryBackoffMs() {
        return retryBackoffMs;
    }

    /** Upper bound on how long a proposal or controller call keeps retrying before it fails. */
    public int clientDeadlineMs() {
        return clientDeadlineMs;
    }

    public long snapshotIntervalEntries() {
        return snapshotIntervalEntries;
    }

    public long logSegmentBytes() {
        return logSegmentBytes;
    }

    public int logPurgeGapEntries() {
        return logPurgeGapEntries;
    }

    public boolean logPurgeUptoSnapshot() {
        return logPurgeUptoSnapshot;
    }

    public int noLeaderNotifyMs() {
        return noLeaderNotifyMs;
    }

    /** See {@link #STUCK_FOLLOWER_MS}; 0 when off. */
    public int stuckFollowerMs() {
        return stuckFollowerMs;
    }

    private static Path metadataLogDir(Map<String, String> p) {
        String dir = p.get(METADATA_LOG_DIR);
        if (dir != null && !dir.isBlank()) {
            return Path.of(dir.trim());
        }
        String logDirs = p.get(LOG_DIRS);
        if (logDirs != null && !logDirs.isBlank()) {
            return Path.of(logDirs.split(",")[0].trim());
        }
        throw new IllegalArgumentException("Missing required configuration: set " + METADATA_LOG_DIR
                + " (or " + LOG_DIRS + ", whose first directory is used)");
    }

    private static List<QuorumPeer> peers(Map<String, String> p, String key) {
        String value = p.get(key);
        try {
            return QuorumPeer.parseList(value);
        } catch (IllegalArgumentException e) {
            throw invalid(key, value, e.getMessage());
        }
    }

    private static String required(Map<String, String> p, String key) {
        String value = p.get(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("Missing required configuration " + key);
        }
        return value.trim();
    }

    private static int intValue(Map<String, String> p, String key, Integer defaultValue, int min, int max) {
        return (int) longValue(p, key, defaultValue == null ? null : defaultValue.longValue(), min, max);
    }

    private static long longValue(Map<String, String> p, String key, Long defaultValue, long min, long max) {
        String value = p.get(key);
        if (value == null || value.isBlank()) {
            if (defaultValue == null) {
                throw new IllegalArgumentException("Missing required configuration " + key);
            }
            return defaultValue;
        }
        long parsed;
        try {
            parsed = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw invalid(key, value, "not an integer");
        }
        if (parsed < min || parsed > max) {
            throw invalid(key, value, "must be in [" + min + ", " + max + "]");
        }
        return parsed;
    }

    private static boolean booleanValue(Map<String, String> p, String key, boolean defaultValue) {
        String value = p.get(key);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(key, value, "must be true or false");
        };
    }

    private static IllegalArgumentException invalid(String key, String value, String why) {
        return new IllegalArgumentException("Invalid value '" + value + "' for configuration " + key + ": " + why);
    }
}
