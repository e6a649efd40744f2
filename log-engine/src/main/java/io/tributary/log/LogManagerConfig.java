package io.tributary.log;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Broker-level log settings, with Kafka's broker key names: {@code log.dirs}, the scheduler
 * intervals, and the broker defaults of the topic-level keys of {@link LogConfig} (for example
 * {@code log.segment.bytes} → {@code segment.bytes}, {@code log.roll.hours} → {@code segment.ms},
 * {@code log.retention.hours} → {@code retention.ms}). Immutable; validated when built.
 */
public final class LogManagerConfig {

    public static final String LOG_DIRS = "log.dirs";
    public static final String LOG_DIR = "log.dir";
    public static final String RETENTION_CHECK_INTERVAL_MS = "log.retention.check.interval.ms";
    public static final String FLUSH_SCHEDULER_INTERVAL_MS = "log.flush.scheduler.interval.ms";
    /** Ours: how many inactive segments may have their indexes loaded at once, across all partitions. */
    public static final String INDEX_CACHE_MAX_ENTRIES = "tributary.log.index.cache.max.entries";

    /** Broker key → topic key, for keys that map one-to-one. */
    private static final Map<String, String> BROKER_TO_TOPIC = new LinkedHashMap<>();

    static {
        BROKER_TO_TOPIC.put("log.segment.bytes", LogConfig.SEGMENT_BYTES);
        BROKER_TO_TOPIC.put("log.roll.ms", LogConfig.SEGMENT_MS);
        BROKER_TO_TOPIC.put("log.index.size.max.bytes", LogConfig.SEGMENT_INDEX_BYTES);
        BROKER_TO_TOPIC.put("log.index.interval.bytes", LogConfig.INDEX_INTERVAL_BYTES);
        BROKER_TO_TOPIC.put("log.retention.ms", LogConfig.RETENTION_MS);
        BROKER_TO_TOPIC.put("log.retention.bytes", LogConfig.RETENTION_BYTES);
        BROKER_TO_TOPIC.put("message.max.bytes", LogConfig.MAX_MESSAGE_BYTES);
        BROKER_TO_TOPIC.put("log.flush.interval.messages", LogConfig.FLUSH_MESSAGES);
        BROKER_TO_TOPIC.put("log.flush.interval.ms", LogConfig.FLUSH_MS);
        BROKER_TO_TOPIC.put("log.segment.delete.delay.ms", LogConfig.FILE_DELETE_DELAY_MS);
        BROKER_TO_TOPIC.put("tributary.log.flush.on.append", LogConfig.FLUSH_ON_APPEND);
    }

    private final List<Path> logDirs;
    private final long retentionCheckIntervalMs;
    private final long flushSchedulerIntervalMs;
    private final long indexCacheMaxEntries;
    private final LogConfig defaultLogConfig;

    private LogManagerConfig(Map<String, ?> props) {
        Object dirs = props.containsKey(LOG_DIRS) ? props.get(LOG_DIRS) : props.get(LOG_DIR);
        if (dirs == null || dirs.toString().isBlank()) {
            throw new IllegalArgumentException("Missing required configuration " + LOG_DIRS);
        }
        List<Path> parsed = new ArrayList<>();
        for (String d : dirs.toString().split(",")) {
            if (!d.isBlank()) {
                parsed.add(Path.of(d.trim()));
            }
        }
        this.logDirs = List.copyOf(parsed);
        this.retentionCheckIntervalMs = positiveLong(props, RETENTION_CHECK_INTERVAL_MS, 300_000L);
        this.flushSchedulerIntervalMs = positiveLong(props, FLUSH_SCHEDULER_INTERVAL_MS, Long.MAX_VALUE);
        this.indexCacheMaxEntries = positiveLong(props, INDEX_CACHE_MAX_ENTRIES, 10_000L);
        this.defaultLogConfig = LogConfig.fromMap(topicDefaults(props));
    }

    public static LogManagerConfig fromMap(Map<String, ?> props) {
        return new LogManagerConfig(props);
    }

    private static Map<String, Object> topicDefaults(Map<String, ?> props) {
        Map<String, Object> topic = new LinkedHashMap<>();
        // Kafka's precedence: the finer unit wins (ms over minutes over hours).
        if (props.containsKey("log.roll.hours")) {
            topic.put(LogConfig.SEGMENT_MS, hours(props, "log.roll.hours"));
        }
        if (props.containsKey("log.retention.hours")) {
            topic.put(LogConfig.RETENTION_MS, hours(props, "log.retention.hours"));
        }
        if (props.containsKey("log.retention.minutes")) {
            long minutes = parseLong("log.retention.minutes", props.get("log.retention.minutes"));
            topic.put(LogConfig.RETENTION_MS, minutes < 0 ? -1L : minutes * 60_000L);
        }
        for (Map.Entry<String, String> e : BROKER_TO_TOPIC.entrySet()) {
            if (props.containsKey(e.getKey())) {
                topic.put(e.getValue(), props.get(e.getKey()));
            }
        }
        return topic;
    }

    private static long hours(Map<String, ?> props, String key) {
        long hours = parseLong(key, props.get(key));
        return hours < 0 ? -1L : hours * 3_600_000L;
    }

    private static long positiveLong(Map<String, ?> props, String key, long defaultValue) {
        if (!props.containsKey(key)) {
            return defaultValue;
        }
        long v = parseLong(key, props.get(key));
        if (v < 1) {
            throw LogConfig.invalid(key, props.get(key), "must be positive");
        }
        return v;
    }

    private static long parseLong(String key, Object value) {
        if (value instanceof Number n) {
            return n.longValue();
        }
        try {
            return Long.parseLong(String.valueOf(value).trim());
        } catch (NumberFormatException e) {
            throw LogConfig.invalid(key, value, "not an integer");
        }
    }

    public List<Path> logDirs() {
        return logDirs;
    }

    public long retentionCheckIntervalMs() {
        return retentionCheckIntervalMs;
    }

    public long flushSchedulerIntervalMs() {
        return flushSchedulerIntervalMs;
    }

    public long indexCacheMaxEntries() {
        return indexCacheMaxEntries;
    }

    /** The topic-level defaults derived from the broker's {@code log.*} keys. */
    public LogConfig defaultLogConfig() {
        return defaultLogConfig;
    }
}
