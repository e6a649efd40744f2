package io.tributary.broker.config;

import java.util.Map;

/** Reads numeric settings from a node's properties, failing with a message naming key and value. */
public final class ConfigValues {
    private ConfigValues() {
    }

    /** {@code key}'s value, or {@code defaultValue} when absent or blank; must be at least {@code min}. */
    public static int intValue(Map<String, String> props, String key, int defaultValue, int min) {
        String raw = props.get(key);
        if (raw == null || raw.isBlank()) {
            return defaultValue;
        }
        int v;
        try {
            v = Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid value '" + raw + "' for " + key + ": not an integer");
        }
        if (v < min) {
            throw new IllegalArgumentException("Invalid value '" + raw + "' for " + key + ": must be at least " + min);
        }
        return v;
    }
}
