package io.tributary.metadata.controller;

import java.util.HashMap;
import java.util.Map;

/**
 * Settings of the active controller, under Kafka's key names and defaults. Validated once in the
 * constructor; a bad value fails with a message naming the key. Immutable.
 */
public final class ControllerConfig {

    public static final String BROKER_SESSION_TIMEOUT_MS = "broker.session.timeout.ms";
    public static final String BROKER_HEARTBEAT_INTERVAL_MS = "broker.heartbeat.interval.ms";
    public static final String DEFAULT_REPLICATION_FACTOR = "default.replication.factor";
    public static final String NUM_PARTITIONS = "num.partitions";
    public static final String MIN_INSYNC_REPLICAS = "min.insync.replicas";
    public static final String UNCLEAN_LEADER_ELECTION_ENABLE = "unclean.leader.election.enable";
    public static final String AUTO_LEADER_REBALANCE_ENABLE = "auto.leader.rebalance.enable";
    public static final String LEADER_IMBALANCE_CHECK_INTERVAL_SECONDS = "leader.imbalance.check.interval.seconds";
    public static final String OFFSETS_TOPIC_NUM_PARTITIONS = "offsets.topic.num.partitions";
    /** Whether the controller probes silent brokers' listeners to fence dead ones early (Tributary's own). */
    public static final String BROKER_LIVENESS_PROBE_ENABLE = "tributary.broker.liveness.probe.enable";
    /** How long one liveness probe (a TCP connect to the broker's listener) may take. */
    public static final String BROKER_LIVENESS_PROBE_TIMEOUT_MS = "tributary.broker.liveness.probe.timeout.ms";

    /**
     * Tributary's default heartbeat interval, a quarter of Kafka's 2000 ms: a heartbeat is a cheap
     * read-only query to the quorum leader, and a broker silent for two intervals is probed at once.
     */
    public static final long DEFAULT_HEARTBEAT_INTERVAL_MS = 500L;

    /** Kafka's producer-id block size ({@code ProducerIdsBlock.PRODUCER_ID_BLOCK_SIZE}). */
    public static final int PRODUCER_ID_BLOCK_SIZE = 1000;

    private final long sessionTimeoutMs;
    private final long heartbeatIntervalMs;
    private final short defaultReplicationFactor;
    private final int numPartitions;
    private final int minInsyncReplicas;
    private final boolean uncleanLeaderElectionEnable;
    private final boolean autoLeaderRebalanceEnable;
    private final long leaderImbalanceCheckIntervalMs;
    private final int offsetsTopicNumPartitions;
    private final boolean livenessProbeEnable;
    private final long livenessProbeTimeoutMs;

    /** Builds from key/value settings; absent keys take Kafka's defaults. */
    public ControllerConfig(Map<String, ?> props) {
        sessionTimeoutMs = longValue(props, BROKER_SESSION_TIMEOUT_MS, 9000L, 1L);
        heartbeatIntervalMs = longValue(props, BROKER_HEARTBEAT_INTERVAL_MS, DEFAULT_HEARTBEAT_INTERVAL_MS, 1L);
        defaultReplicationFactor = (short) longValue(props, DEFAULT_REPLICATION_FACTOR, 1L, 1L);
        numPartitions = (int) longValue(props, NUM_PARTITIONS, 1L, 1L);
        minInsyncReplicas = (int) longValue(props, MIN_INSYNC_REPLICAS, 1L, 1L);
        uncleanLeaderElectionEnable = boolValue(props, UNCLEAN_LEADER_ELECTION_ENABLE, false);
        autoLeaderRebalanceEnable = boolValue(props, AUTO_LEADER_REBALANCE_ENABLE, true);
        leaderImbalanceCheckIntervalMs = longValue(props, LEADER_IMBALANCE_CHECK_INTERVAL_SECONDS, 300L, 1L) * 1000L;
        offsetsTopicNumPartitions = (int) longValue(props, OFFSETS_TOPIC_NUM_PARTITIONS, 50L, 1L);
        livenessProbeEnable = boolValue(props, BROKER_LIVENESS_PROBE_ENABLE, true);
        livenessProbeTimeoutMs = longValue(props, BROKER_LIVENESS_PROBE_TIMEOUT_MS, 1000L, 1L);
        if (heartbeatIntervalMs >= sessionTimeoutMs) {
            throw new IllegalArgumentException(BROKER_HEARTBEAT_INTERVAL_MS + "=" + heartbeatIntervalMs
                    + " must be less than " + BROKER_SESSION_TIMEOUT_MS + "=" + sessionTimeoutMs);
        }
    }

    /** All defaults. */
    public static ControllerConfig defaults() {
        return new ControllerConfig(Map.of());
    }

    /** Defaults with some keys overridden (pairs of key, value). */
    public static ControllerConfig of(Object... keyValues) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return new ControllerConfig(m);
    }

    private static long longValue(Map<String, ?> props, String key, long dflt, long min) {
        Object v = props.get(key);
        long value;
        if (v == null) {
            value = dflt;
        } else {
            try {
                value = v instanceof Number n ? n.longValue() : Long.parseLong(v.toString().trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Invalid value '" + v + "' for " + key + ": not a number");
            }
        }
        if (value < min) {
            throw new IllegalArgumentException("Invalid value " + value + " for " + key + ": must be at least " + min);
        }
        return value;
    }

    private static boolean boolValue(Map<String, ?> props, String key, boolean dflt) {
        Object v = props.get(key);
        if (v == null) {
            return dflt;
        }
        String s = v.toString().trim();
        if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(s);
        }
        throw new IllegalArgumentException("Invalid value '" + v + "' for " + key + ": expected true or false");
    }

    public long sessionTimeoutMs() {
        return sessionTimeoutMs;
    }

    public long heartbeatIntervalMs() {
        return heartbeatIntervalMs;
    }

    public short defaultReplicationFactor() {
        return defaultReplicationFactor;
    }

    public int numPartitions() {
        return numPartitions;
    }

    public int minInsyncReplicas() {
        return minInsyncReplicas;
    }

    public boolean uncleanLeaderElectionEnable() {
        return uncleanLeaderElectionEnable;
    }

    public boolean autoLeaderRebalanceEnable() {
        return autoLeaderRebalanceEnable;
    }

    public long leaderImbalanceCheckIntervalMs() {
        return leaderImbalanceCheckIntervalMs;
    }

    public int offsetsTopicNumPartitions() {
        return offsetsTopicNumPartitions;
    }

    public boolean livenessProbeEnable() {
        return livenessProbeEnable;
    }

    public long livenessProbeTimeoutMs() {
        return livenessProbeTimeoutMs;
    }
}
