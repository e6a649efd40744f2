package io.tributary.metadata.controller;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Checks topic config keys and values: a key must be one of Kafka's topic configs (the
 * {@code *_CONFIG} constants of kafka-clients' {@link TopicConfig}); numeric, boolean and enumerated
 * values must parse. Returns the problem, or null when valid. Pure.
 */
final class TopicConfigValidator {

    /** Replication throttles as {@code kafka-reassign-partitions.sh --throttle} sets them (Kafka's QuotaConfig). */
    static final String LEADER_THROTTLED_REPLICAS = "leader.replication.throttled.replicas";
    static final String FOLLOWER_THROTTLED_REPLICAS = "follower.replication.throttled.replicas";

    static final Set<String> KNOWN_KEYS = knownKeys();
    private static final Set<String> BOOLEAN_KEYS = Set.of(TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_CONFIG,
            TopicConfig.PREALLOCATE_CONFIG, TopicConfig.REMOTE_LOG_STORAGE_ENABLE_CONFIG);

    private TopicConfigValidator() {
    }

    private static Set<String> knownKeys() {
        Set<String> keys = new TreeSet<>();
        for (Field f : TopicConfig.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getName().endsWith("_CONFIG") && f.getType() == String.class) {
                try {
                    keys.add((String) f.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        keys.add(LEADER_THROTTLED_REPLICAS);
        keys.add(FOLLOWER_THROTTLED_REPLICAS);
        return Set.copyOf(keys);
    }

    /** @return a description of the first invalid entry, or null */
    static String validate(Map<String, String> configs) {
        for (Map.Entry<String, String> e : configs.entrySet()) {
            String problem = validate(e.getKey(), e.getValue());
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    static String validate(String key, String value) {
        if (!KNOWN_KEYS.contains(key)) {
            return "Unknown topic config name: " + key;
        }
        if (value == null) {
            return "Null value not supported for topic config " + key;
        }
        String v = value.trim();
        if (BOOLEAN_KEYS.contains(key)) {
            return v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false") ? null
                    : "Invalid value " + value + " for configuration " + key + ": Expected value to be either true or false";
        }
        if (key.equals(LEADER_THROTTLED_REPLICAS) || key.equals(FOLLOWER_THROTTLED_REPLICAS)) {
            // Kafka's ThrottledReplicaListValidator: "*", or a list of partitionId:brokerId.
            return v.isEmpty() || v.equals("*") || v.matches("\\d+:\\d+(\\s*,\\s*\\d+:\\d+)*") ? null
                    : "Invalid value " + value + " for configuration " + key
                    + ": must be the literal '*' or a list of replicas in the following format: [partitionId]:[brokerId],...";
        }
        if (key.equals(TopicConfig.CLEANUP_POLICY_CONFIG)) {
            for (String policy : v.split(",")) {
                String p = policy.trim();
                if (!p.equals(TopicConfig.CLEANUP_POLICY_DELETE) && !p.equals(TopicConfig.CLEANUP_POLICY_COMPACT)) {
                    return "Invalid value " + value + " for configuration " + key + ": String must be one of: compact, delete";
                }
            }
            return null;
        }
        if (key.equals(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG)) {
            return parseLong(v) != null && parseLong(v) >= 1 ? null
                    : "Invalid value " + value + " for configuration " + key + ": Value must be at least 1";
        }
        if (key.endsWith(".ms") || key.endsWith(".bytes") || key.endsWith(".messages") || key.endsWith(".level")) {
            Long n = parseLong(v);
            // -1 means "unlimited" for retention.ms / retention.bytes, as in Kafka.
            return n != null && n >= -1 ? null
                    : "Invalid value " + value + " for configuration " + key + ": Not a number of type LONG";
        }
        if (key.equals(TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG)) {
            try {
                double d = Double.parseDouble(v);
                return d >= 0 && d <= 1 ? null : "Invalid value " + value + " for configuration " + key + ": must be in [0,1]";
            } catch (NumberFormatException e) {
                return "Invalid value " + value + " for configuration " + key + ": Not a number of type DOUBLE";
            }
        }
        return null;
    }

    private static Long parseLong(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
