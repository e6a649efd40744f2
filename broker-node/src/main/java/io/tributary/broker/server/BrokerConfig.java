package io.tributary.broker.server;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A node's configuration, with Kafka's key names. Validated once, at construction: a bad value
 * fails with a message naming the key and the value. The raw properties are kept so that the
 * components (quorum, log manager, network) read their own keys.
 */
public final class BrokerConfig {
    public static final String NODE_ID = "node.id";
    public static final String PROCESS_ROLES = "process.roles";
    public static final String LISTENERS = "listeners";
    public static final String ADVERTISED_LISTENERS = "advertised.listeners";
    public static final String BROKER_RACK = "broker.rack";
    public static final String AUTO_CREATE_TOPICS = "auto.create.topics.enable";
    public static final String MIN_INSYNC_REPLICAS = "min.insync.replicas";

    private static final Pattern LISTENER = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)://([^:/]*):(\\d+)");

    /** A listener: name, host and port. */
    public record Listener(String name, String host, int port) {
        @Override
        public String toString() {
            return name + "://" + host + ":" + port;
        }
    }

    private final Map<String, String> props;
    private final int nodeId;
    private final Set<String> roles;
    private final Listener listener;
    private final Listener advertised;
    private final String rack;
    private final boolean autoCreateTopics;
    private final int minInsyncReplicas;

    public BrokerConfig(Map<String, String> props) {
        this.props = Map.copyOf(props);
        this.nodeId = intValue(NODE_ID, null, 0, Integer.MAX_VALUE);
        this.roles = new TreeSet<>(Arrays.asList(get(PROCESS_ROLES, "broker,controller").toLowerCase(Locale.ROOT).split("\\s*,\\s*")));
        if (roles.isEmpty() || !Set.of("broker", "controller").containsAll(roles)) {
            throw invalid(PROCESS_ROLES, props.get(PROCESS_ROLES), "use broker, controller or broker,controller");
        }
        this.listener = parseListener(LISTENERS, get(LISTENERS, "PLAINTEXT://127.0.0.1:9092"));
        String adv = props.get(ADVERTISED_LISTENERS);
        Listener advertisedListener = adv == null || adv.isBlank() ? listener : parseListener(ADVERTISED_LISTENERS, adv);
        if (advertisedListener.host().isEmpty() || advertisedListener.host().equals("0.0.0.0")) {
            throw invalid(ADVERTISED_LISTENERS, adv == null ? listener.toString() : adv,
                    "clients need a concrete host; set advertised.listeners");
        }
        this.advertised = advertisedListener;
        this.rack = props.get(BROKER_RACK);
        this.autoCreateTopics = boolValue(AUTO_CREATE_TOPICS, true);
        this.minInsyncReplicas = intValue(MIN_INSYNC_REPLICAS, "1", 1, Integer.MAX_VALUE);
    }

    public static BrokerConfig fromProperties(Properties properties) {
        Map<String, String> map = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(k -> map.put(k, properties.getProperty(k).trim()));
        return new BrokerConfig(map);
    }

    private String get(String key, String defaultValue) {
        String v = props.get(key);
        return v == null || v.isBlank() ? defaultValue : v.trim();
    }

    private int intValue(String key, String defaultValue, int min, int max) {
        String raw = get(key, defaultValue);
        if (raw == null) {
            throw new IllegalArgumentException("Missing required config " + key);
        }
        try {
            int v = Integer.parseInt(raw);
            if (v < min || v > max) {
                throw invalid(key, raw, "must be " + min + ".." + max);
            }
            return v;
        } catch (NumberFormatException e) {
            throw invalid(key, raw, "not a number");
        }
    }

    private boolean boolValue(String key, boolean defaultValue) {
        String raw = get(key, Boolean.toString(defaultValue));
        if (!raw.equalsIgnoreCase("true") && !raw.equalsIgnoreCase("false")) {
            throw invalid(key, raw, "must be true or false");
        }
        return Boolean.parseBoolean(raw);
    }

    private static Listener parseListener(String key, String raw) {
        String first = raw.split(",")[0].trim();
        Matcher m = LISTENER.matcher(first);
        if (!m.matches()) {
            throw invalid(key, raw, "expected NAME://host:port, e.g. PLAINTEXT://127.0.0.1:9092");
        }
        int port = Integer.parseInt(m.group(3));
        if (port > 65535) {
            throw invalid(key, raw, "port must be 0..65535");
        }
        return new Listener(m.group(1), m.group(2), port);
    }

    private static IllegalArgumentException invalid(String key, String value, String why) {
        return new IllegalArgumentException("Invalid value '" + value + "' for " + key + ": " + why);
    }

    public Map<String, String> props() { return props; }
    public int nodeId() { return nodeId; }
    public boolean isBroker() { return roles.contains("broker"); }
    public boolean isController() { return roles.contains("controller"); }
    public Listener listener() { return listener; }
    public Listener advertisedListener() { return advertised; }
    public String rack() { return rack; }
    public boolean autoCreateTopics() { return autoCreateTopics; }
    public int minInsyncReplicas() { return minInsyncReplicas; }
}
