package io.tributary.broker.group.consumer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The consumer-protocol settings, with Kafka's key names and defaults. {@code group.consumer.assignors}
 * takes assignor names ({@code uniform}, {@code range}) or Kafka's class names for them; the first
 * is the default for groups whose members name none.
 */
public record ConsumerGroupConfig(int sessionTimeoutMs, int heartbeatIntervalMs, int maxSize, List<String> assignors) {
    public static final String SESSION_TIMEOUT_MS = "group.consumer.session.timeout.ms";
    public static final String HEARTBEAT_INTERVAL_MS = "group.consumer.heartbeat.interval.ms";
    public static final String MAX_SIZE = "group.consumer.max.size";
    public static final String ASSIGNORS = "group.consumer.assignors";
    public static final ConsumerGroupConfig DEFAULT =
            new ConsumerGroupConfig(45_000, 5_000, Integer.MAX_VALUE, List.of(UniformAssignor.NAME, RangeAssignor.NAME));

    public ConsumerGroupConfig {
        assignors = List.copyOf(assignors);
        if (assignors.isEmpty()) {
            throw new IllegalArgumentException("Invalid value [] for configuration " + ASSIGNORS + ": must name at least one assignor");
        }
        for (String a : assignors) {
            if (!a.equals(UniformAssignor.NAME) && !a.equals(RangeAssignor.NAME)) {
                throw new IllegalArgumentException("Invalid value " + a + " for configuration " + ASSIGNORS
                        + ": supported assignors are uniform and range");
            }
        }
        if (heartbeatIntervalMs >= sessionTimeoutMs) {
            throw new IllegalArgumentException("Invalid value " + heartbeatIntervalMs + " for configuration "
                    + HEARTBEAT_INTERVAL_MS + ": must be lower than " + SESSION_TIMEOUT_MS + " (" + sessionTimeoutMs + ")");
        }
    }

    /** Reads the settings; {@code intValue} reads (and validates) one integer key with its default and minimum. */
    public static ConsumerGroupConfig from(Map<String, String> props, IntReader intValue) {
        List<String> names = new ArrayList<>();
        String configured = props.get(ASSIGNORS);
        if (configured == null || configured.isBlank()) {
            names.addAll(DEFAULT.assignors());
        } else {
            for (String raw : configured.split(",")) {
                if (!raw.isBlank()) {
                    names.add(assignorName(raw.trim()));
                }
            }
        }
        return new ConsumerGroupConfig(intValue.read(props, SESSION_TIMEOUT_MS, DEFAULT.sessionTimeoutMs(), 1),
                intValue.read(props, HEARTBEAT_INTERVAL_MS, DEFAULT.heartbeatIntervalMs(), 1),
                intValue.read(props, MAX_SIZE, DEFAULT.maxSize(), 1), names);
    }

    /** {@code uniform} for "uniform" or "org.apache.kafka.coordinator.group.assignor.UniformAssignor". */
    static String assignorName(String configured) {
        String simple = configured.substring(configured.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return simple.endsWith("assignor") ? simple.substring(0, simple.length() - "assignor".length()) : simple;
    }

    /** The default assignor: the first configured. */
    public String defaultAssignor() {
        return assignors.get(0);
    }

    @FunctionalInterface
    public interface IntReader {
        int read(Map<String, String> props, String key, int defaultValue, int min);
    }
}
