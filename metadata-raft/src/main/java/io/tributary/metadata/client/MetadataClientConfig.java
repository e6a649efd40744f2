package io.tributary.metadata.client;

import java.util.Map;

/**
 * Retry settings of {@link MetadataClient}, under Kafka's key names. Validated once; immutable.
 */
public record MetadataClientConfig(long requestTimeoutMs, long retryBackoffMs, long retryBackoffMaxMs) {

    public static final String REQUEST_TIMEOUT_MS = "request.timeout.ms";
    public static final String RETRY_BACKOFF_MS = "retry.backoff.ms";
    public static final String RETRY_BACKOFF_MAX_MS = "retry.backoff.max.ms";

    public MetadataClientConfig {
        check(REQUEST_TIMEOUT_MS, requestTimeoutMs);
        check(RETRY_BACKOFF_MS, retryBackoffMs);
        check(RETRY_BACKOFF_MAX_MS, retryBackoffMaxMs);
        if (retryBackoffMaxMs < retryBackoffMs) {
            throw new IllegalArgumentException(RETRY_BACKOFF_MAX_MS + "=" + retryBackoffMaxMs + " is below "
                    + RETRY_BACKOFF_MS + "=" + retryBackoffMs);
        }
    }

    private static void check(String key, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException("Invalid value " + value + " for " + key + ": must be positive");
        }
    }

    /** Kafka's defaults: 30 s request timeout, 100 ms backoff growing to 1 s. */
    public static MetadataClientConfig defaults() {
        return new MetadataClientConfig(30_000L, 100L, 1_000L);
    }

    public static MetadataClientConfig from(Map<String, ?> props) {
        MetadataClientConfig d = defaults();
        return new MetadataClientConfig(get(props, REQUEST_TIMEOUT_MS, d.requestTimeoutMs),
                get(props, RETRY_BACKOFF_MS, d.retryBackoffMs), get(props, RETRY_BACKOFF_MAX_MS, d.retryBackoffMaxMs));
    }

    private static long get(Map<String, ?> props, String key, long dflt) {
        Object v = props.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            return Long.parseLong(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid value '" + v + "' for " + key + ": not a number");
        }
    }
}
