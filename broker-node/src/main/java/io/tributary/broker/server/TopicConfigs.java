package io.tributary.broker.server;

import io.tributary.log.LogConfig;
import io.tributary.metadata.image.ConfigResourceKey;
import io.tributary.metadata.image.MetadataImage;
import io.tributary.metadata.record.ConfigResourceType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The effective configuration of each topic: the topic's own settings (from the metadata image)
 * over the broker's defaults over Kafka's defaults — the precedence Kafka users know. Thread-safe;
 * every call reads the current image.
 */
public final class TopicConfigs {

    /** Where a value comes from; codes are Kafka's DescribeConfigs config sources. */
    public enum Source {
        DYNAMIC_TOPIC_CONFIG(1), STATIC_BROKER_CONFIG(4), DEFAULT_CONFIG(5);

        public final byte code;

        Source(int code) {
            this.code = (byte) code;
        }
    }

    /** One described config entry. */
    public record Entry(String name, String value, Source source) {
    }

    public static final String MIN_INSYNC_REPLICAS = "min.insync.replicas";
    public static final String UNCLEAN_LEADER_ELECTION = "unclean.leader.election.enable";
    public static final String CLEANUP_POLICY = "cleanup.policy";

    /** Topic configs Tributary honours beyond the log's own, with Kafka's defaults. */
    private static final Map<String, String> OTHER_DEFAULTS = Map.of(
            MIN_INSYNC_REPLICAS, "1",
            UNCLEAN_LEADER_ELECTION, "false",
            CLEANUP_POLICY, "delete",
            "compression.type", "producer",
            "message.timestamp.type", "CreateTime");

    private final LogConfig brokerLogDefaults;
    private final Map<String, String> brokerOverrides;
    private final Supplier<MetadataImage> image;

    /**
     * @param brokerLogDefaults the log settings the broker's config gives every topic
     * @param brokerProps the broker's config (for min.insync.replicas and unclean.leader.election.enable)
     */
    public TopicConfigs(LogConfig brokerLogDefaults, Map<String, String> brokerProps, Supplier<MetadataImage> image) {
        this.brokerLogDefaults = brokerLogDefaults;
        Map<String, String> overrides = new LinkedHashMap<>();
        for (String key : List.of(MIN_INSYNC_REPLICAS, UNCLEAN_LEADER_ELECTION)) {
            if (brokerProps.containsKey(key)) {
                overrides.put(key, brokerProps.get(key));
            }
        }
        this.brokerOverrides = Map.copyOf(overrides);
        this.image = image;
    }

    private Map<String, String> topicOverrides(String topic) {
        return image.get().configs(new ConfigResourceKey(ConfigResourceType.TOPIC, topic));
    }

    /** The log settings of {@code topic}. */
    public LogConfig logConfig(String topic) {
        LogConfig config = brokerLogDefaults;
        for (var e : topicOverrides(topic).entrySet()) {
            if (LogConfig.defaultValues().containsKey(e.getKey())) {
                config = config.with(e.getKey(), e.getValue());
            }
        }
        return config;
    }

    /** The topic's {@code min.insync.replicas}. */
    public int minInsyncReplicas(String topic) {
        String v = topicOverrides(topic).getOrDefault(MIN_INSYNC_REPLICAS,
                brokerOverrides.getOrDefault(MIN_INSYNC_REPLICAS, OTHER_DEFAULTS.get(MIN_INSYNC_REPLICAS)));
        try {
            return Math.max(1, Integer.parseInt(v.trim()));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    /** Every config of {@code topic} with its effective value and source, sorted by name. */
    public List<Entry> describe(String topic) {
        Map<String, String> own = topicOverrides(topic);
        Map<String, Entry> out = new java.util.TreeMap<>();
        LogConfig kafkaDefaults = LogConfig.defaults();
        brokerLogDefaults.values().forEach((key, value) -> {
            boolean fromBroker = !String.valueOf(value).equals(String.valueOf(kafkaDefaults.values().get(key)));
            out.put(key, new Entry(key, String.valueOf(value), fromBroker ? Source.STATIC_BROKER_CONFIG : Source.DEFAULT_CONFIG));
        });
        OTHER_DEFAULTS.forEach((key, value) -> out.put(key, brokerOverrides.containsKey(key)
                ? new Entry(key, brokerOverrides.get(key), Source.STATIC_BROKER_CONFIG)
                : new Entry(key, value, Source.DEFAULT_CONFIG)));
        own.forEach((key, value) -> out.put(key, new Entry(key, value, Source.DYNAMIC_TOPIC_CONFIG)));
        return new ArrayList<>(out.values());
    }

    /**
     * Checks settings Tributary cannot honour even though Kafka knows them; returns the problem or
     * null. (Key names and value formats are validated by the controller.)
     */
    public static String unsupported(Map<String, String> configs) {
        String policy = configs.get(CLEANUP_POLICY);
        if (policy != null && !policy.trim().equalsIgnoreCase("delete")) {
            return "cleanup.policy=" + policy + " is not supported: Tributary deletes whole segments by retention and does not compact";
        }
        for (var e : configs.entrySet()) {
            if (LogConfig.defaultValues().containsKey(e.getKey())) {
                try {
                    LogConfig.defaults().with(e.getKey(), e.getValue());
                } catch (IllegalArgumentException invalid) {
                    return invalid.getMessage();
                }
            }
        }
        return null;
    }
}
