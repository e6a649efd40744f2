package io.tributary.broker.group;

import static io.tributary.broker.config.ConfigValues.intValue;

import io.tributary.broker.config.ConfigValues;
import io.tributary.broker.group.consumer.ConsumerGroupConfig;
import java.util.Map;

/**
 * The group coordinator's settings, with Kafka's key names and defaults. Validated once, at
 * construction; a bad value fails with a message naming the key and the value.
 */
public final class GroupCoordinatorConfig {
    public static final String GROUP_INITIAL_REBALANCE_DELAY_MS = "group.initial.rebalance.delay.ms";
    public static final String GROUP_MIN_SESSION_TIMEOUT_MS = "group.min.session.timeout.ms";
    public static final String GROUP_MAX_SESSION_TIMEOUT_MS = "group.max.session.timeout.ms";
    /** Shared with the controller: the number of coordinator shards. */
    public static final String OFFSETS_TOPIC_NUM_PARTITIONS = "offsets.topic.num.partitions";
    public static final String OFFSETS_RETENTION_MINUTES = "offsets.retention.minutes";
    public static final String OFFSETS_RETENTION_CHECK_INTERVAL_MS = "offsets.retention.check.interval.ms";
    /** How long offset commits wait to be coalesced into one quorum write (Tributary-specific). */
    public static final String OFFSET_COMMIT_LINGER_MS = "tributary.offset.commit.linger.ms";

    private final int initialRebalanceDelayMs;
    private final int minSessionTimeoutMs;
    private final int maxSessionTimeoutMs;
    private final int numShards;
    private final int commitLingerMs;
    private final long offsetsRetentionMs;
    private final long offsetsRetentionCheckIntervalMs;
    private ConsumerGroupConfig consumer = ConsumerGroupConfig.DEFAULT;

    public GroupCoordinatorConfig(int initialRebalanceDelayMs, int minSessionTimeoutMs, int maxSessionTimeoutMs,
                                  int numShards, int commitLingerMs) {
        this(initialRebalanceDelayMs, minSessionTimeoutMs, maxSessionTimeoutMs, numShards, commitLingerMs,
                7L * 24 * 60 * 60 * 1000, 600_000L);
    }

    public GroupCoordinatorConfig(int initialRebalanceDelayMs, int minSessionTimeoutMs, int maxSessionTimeoutMs,
                                  int numShards, int commitLingerMs, long offsetsRetentionMs, long offsetsRetentionCheckIntervalMs) {
        this.offsetsRetentionMs = offsetsRetentionMs;
        this.offsetsRetentionCheckIntervalMs = offsetsRetentionCheckIntervalMs;
        this.initialRebalanceDelayMs = initialRebalanceDelayMs;
        this.minSessionTimeoutMs = minSessionTimeoutMs;
        this.maxSessionTimeoutMs = maxSessionTimeoutMs;
        this.numShards = numShards;
        this.commitLingerMs = commitLingerMs;
        if (minSessionTimeoutMs > maxSessionTimeoutMs) {
            throw new IllegalArgumentException("Invalid value " + minSessionTimeoutMs + " for configuration "
                    + GROUP_MIN_SESSION_TIMEOUT_MS + ": must not exceed " + GROUP_MAX_SESSION_TIMEOUT_MS + " ("
                    + maxSessionTimeoutMs + ")");
        }
    }

    public static GroupCoordinatorConfig from(Map<String, String> props) {
        return fromClassic(props).withConsumer(ConsumerGroupConfig.from(props, ConfigValues::intValue));
    }

    private static GroupCoordinatorConfig fromClassic(Map<String, String> props) {
        return new GroupCoordinatorConfig(
                intValue(props, GROUP_INITIAL_REBALANCE_DELAY_MS, 3000, 0),
                intValue(props, GROUP_MIN_SESSION_TIMEOUT_MS, 6000, 0),
                intValue(props, GROUP_MAX_SESSION_TIMEOUT_MS, 1_800_000, 0),
                intValue(props, OFFSETS_TOPIC_NUM_PARTITIONS, 50, 1),
                intValue(props, OFFSET_COMMIT_LINGER_MS, 0, 0),
                intValue(props, OFFSETS_RETENTION_MINUTES, 10_080, 1) * 60_000L,
                intValue(props, OFFSETS_RETENTION_CHECK_INTERVAL_MS, 600_000, 1));
    }

    /** This configuration with {@code consumerConfig} as the consumer-protocol (KIP-848) settings. */
    public GroupCoordinatorConfig withConsumer(ConsumerGroupConfig consumerConfig) {
        GroupCoordinatorConfig copy = new GroupCoordinatorConfig(initialRebalanceDelayMs, minSessionTimeoutMs, maxSessionTimeoutMs,
                numShards, commitLingerMs, offsetsRetentionMs, offsetsRetentionCheckIntervalMs);
        copy.consumer = consumerConfig;
        return copy;
    }

    public ConsumerGroupConfig consumer() {
        return consumer;
    }

    public int initialRebalanceDelayMs() {
        return initialRebalanceDelayMs;
    }

    public int minSessionTimeoutMs() {
        return minSessionTimeoutMs;
    }

    public int maxSessionTimeoutMs() {
        return maxSessionTimeoutMs;
    }

    public int numShards() {
        return numShards;
    }

    public int commitLingerMs() {
        return commitLingerMs;
    }

    public long offsetsRetentionMs() {
        return offsetsRetentionMs;
    }

    public long offsetsRetentionCheckIntervalMs() {
        return offsetsRetentionCheckIntervalMs;
    }
}
