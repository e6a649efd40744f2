package io.tributary.log;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Per-partition log settings, keyed by Kafka's topic-level config names and with Kafka's defaults.
 *
 * <p>Immutable and thread-safe. Every value is validated when the config is built, so a bad value
 * fails at start-up with an {@link IllegalArgumentException} naming the key and the value, never
 * later in the write path.
 */
public final class LogConfig {

    public static final String SEGMENT_BYTES = "segment.bytes";
    public static final String SEGMENT_MS = "segment.ms";
    public static final String SEGMENT_INDEX_BYTES = "segment.index.bytes";
    public static final String INDEX_INTERVAL_BYTES = "index.interval.bytes";
    public static final String RETENTION_MS = "retention.ms";
    public static final String RETENTION_BYTES = "retention.bytes";
    public static final String MAX_MESSAGE_BYTES = "max.message.bytes";
    public static final String FLUSH_MESSAGES = "flush.messages";
    public static final String FLUSH_MS = "flush.ms";
    public static final String FILE_DELETE_DELAY_MS = "file.delete.delay.ms";
    /** Ours: when true, an append is fsynced before it returns (a Redpanda-like durability mode). */
    public static final String FLUSH_ON_APPEND = "tributary.flush.on.append";

    private static final Map<String, Object> DEFAULTS;

    static {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put(SEGMENT_BYTES, 1024 * 1024 * 1024);
        d.put(SEGMENT_MS, 7L * 24 * 60 * 60 * 1000);
        d.put(SEGMENT_INDEX_BYTES, 10 * 1024 * 1024);
        d.put(INDEX_INTERVAL_BYTES, 4096);
        d.put(RETENTION_MS, 7L * 24 * 60 * 60 * 1000);
        d.put(RETENTION_BYTES, -1L);
        d.put(MAX_MESSAGE_BYTES, 1048588);
        d.put(FLUSH_MESSAGES, Long.MAX_VALUE);
        d.put(FLUSH_MS, Long.MAX_VALUE);
        d.put(FILE_DELETE_DELAY_MS, 60000L);
        d.put(FLUSH_ON_APPEND, false);
        DEFAULTS = Collections.unmodifiableMap(d);
    }

    private static final LogConfig DEFAULT_CONFIG = new LogConfig(DEFAULTS);

    private final Map<String, Object> values;
    private final int segmentBytes;
    private final long segmentMs;
    private final int segmentIndexBytes;
    private final int indexIntervalBytes;
    private final long retentionMs;
    private final long retentionBytes;
    private final int maxMessageBytes;
    private final long flushMessages;
    private final long flushMs;
    private final long fileDeleteDelayMs;
    private final boolean flushOnAppend;

    private LogConfig(Map<String, Object> values) {
        this.values = values;
        // Kafka's minimums: a segment must hold at least a batch header; an index at least one entry.
        this.segmentBytes = intValue(SEGMENT_BYTES, 14, Integer.MAX_VALUE);
        this.segmentMs = longValue(SEGMENT_MS, 1, Long.MAX_VALUE);
        this.segmentIndexBytes = intValue(SEGMENT_INDEX_BYTES, 12, Integer.MAX_VALUE);
        this.indexIntervalBytes = intValue(INDEX_INTERVAL_BYTES, 0, Integer.MAX_VALUE);
        this.retentionMs = longValue(RETENTION_MS, -1, Long.MAX_VALUE);
        this.retentionBytes = longValue(RETENTION_BYTES, -1, Long.MAX_VALUE);
        this.maxMessageBytes = intValue(MAX_MESSAGE_BYTES, 0, Integer.MAX_VALUE);
        this.flushMessages = longValue(FLUSH_MESSAGES, 1, Long.MAX_VALUE);
        this.flushMs = longValue(FLUSH_MS, 0, Long.MAX_VALUE);
        this.fileDeleteDelayMs = longValue(FILE_DELETE_DELAY_MS, 0, Long.MAX_VALUE);
        this.flushOnAppend = booleanValue(FLUSH_ON_APPEND);
    }

    /** Kafka's defaults. */
    public static LogConfig defaults() {
        return DEFAULT_CONFIG;
    }

    /** Defaults overridden by the known keys of {@code overrides}; unknown keys are ignored. */
    public static LogConfig fromMap(Map<String, ?> overrides) {
        Map<String, Object> merged = new LinkedHashMap<>(DEFAULTS);
        for (Map.Entry<String, ?> e : overrides.entrySet()) {
            if (DEFAULTS.containsKey(e.getKey())) {
                merged.put(e.getKey(), Objects.requireNonNull(e.getValue(), e.getKey()));
            }
        }
        return new LogConfig(Collections.unmodifiableMap(merged));
    }

    /** A copy with one key changed. */
    public LogConfig with(String key, Object value) {
        if (!DEFAULTS.containsKey(key)) {
            throw new IllegalArgumentException("Unknown log config key " + key + " (value " + value + ")");
        }
        Map<String, Object> merged = new LinkedHashMap<>(values);
        merged.put(key, Objects.requireNonNull(value, key));
        return new LogConfig(Collections.unmodifiableMap(merged));
    }

    /** The keys this config understands, with their default values. */
    public static Map<String, Object> defaultValues() {
        return DEFAULTS;
    }

    /** The effective values, one per known key. */
    public Map<String, Object> values() {
        return values;
    }

    public int segmentBytes() { return segmentBytes; }
    public long segmentMs() { return segmentMs; }
    public int segmentIndexBytes() { return segmentIndexBytes; }
    public int indexIntervalBytes() { return indexIntervalBytes; }
    public long retentionMs() { return retentionMs; }
    public long retentionBytes() { return retentionBytes; }
    public int maxMessageBytes() { return maxMessageBytes; }
    public long flushMessages() { return flushMessages; }
    public long flushMs() { return flushMs; }
    public long fileDeleteDelayMs() { return fileDeleteDelayMs; }
    public boolean flushOnAppend() { return flushOnAppend; }

    private int intValue(String key, int min, int max) {
        long v = longValue(key, min, max);
        return (int) v;
    }

    private long longValue(String key, long min, long max) {
        Object raw = values.get(key);
        long v;
        if (raw instanceof Integer || raw instanceof Long || raw instanceof Short) {
            v = ((Number) raw).longValue();
        } else if (raw instanceof String s) {
            try {
                v = Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                throw invalid(key, raw, "not an integer");
            }
        } else {
            throw invalid(key, raw, "not an integer");
        }
        if (v < min || v > max) {
            throw invalid(key, raw, "must be in [" + min + ", " + max + "]");
        }
        return v;
    }

    private boolean booleanValue(String key) {
        Object raw = values.get(key);
        if (raw instanceof Boolean b) {
            return b;
        }
        if (raw instanceof String s) {
            if (s.trim().equalsIgnoreCase("true")) {
                return true;
            }
            if (s.trim().equalsIgnoreCase("false")) {
                return false;
            }
        }
        throw invalid(key, raw, "not a boolean");
    }

    static IllegalArgumentException invalid(String key, Object value, String why) {
        return new IllegalArgumentException("Invalid value " + value + " for configuration " + key + ": " + why);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LogConfig other && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return "LogConfig" + values;
    }
}
