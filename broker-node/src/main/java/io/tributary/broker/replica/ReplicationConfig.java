package io.tributary.broker.replica;

import static io.tributary.broker.config.ConfigValues.intValue;

import java.util.Map;

/**
 * Broker-to-broker replication settings, with Kafka's key names and defaults. Validated once, at
 * construction: a bad value fails naming the key and the value.
 */
public final class ReplicationConfig {
    public static final String REPLICA_FETCH_MAX_BYTES = "replica.fetch.max.bytes";
    public static final String REPLICA_FETCH_RESPONSE_MAX_BYTES = "replica.fetch.response.max.bytes";
    public static final String REPLICA_FETCH_WAIT_MAX_MS = "replica.fetch.wait.max.ms";
    public static final String REPLICA_FETCH_MIN_BYTES = "replica.fetch.min.bytes";
    public static final String REPLICA_FETCH_BACKOFF_MS = "replica.fetch.backoff.ms";
    public static final String REPLICA_SOCKET_TIMEOUT_MS = "replica.socket.timeout.ms";
    public static final String REPLICA_LAG_TIME_MAX_MS = "replica.lag.time.max.ms";

    private final int fetchMaxBytes;
    private final int fetchResponseMaxBytes;
    private final int fetchWaitMaxMs;
    private final int fetchMinBytes;
    private final int fetchBackoffMs;
    private final int socketTimeoutMs;
    private final long lagTimeMaxMs;

    public ReplicationConfig(Map<String, String> props) {
        fetchMaxBytes = intValue(props, REPLICA_FETCH_MAX_BYTES, 1024 * 1024, 1);
        fetchResponseMaxBytes = intValue(props, REPLICA_FETCH_RESPONSE_MAX_BYTES, 10 * 1024 * 1024, 1);
        fetchWaitMaxMs = intValue(props, REPLICA_FETCH_WAIT_MAX_MS, 500, 0);
        fetchMinBytes = intValue(props, REPLICA_FETCH_MIN_BYTES, 1, 1);
        fetchBackoffMs = intValue(props, REPLICA_FETCH_BACKOFF_MS, 1000, 0);
        socketTimeoutMs = intValue(props, REPLICA_SOCKET_TIMEOUT_MS, 30_000, 1);
        lagTimeMaxMs = intValue(props, REPLICA_LAG_TIME_MAX_MS, 30_000, 1);
        if (socketTimeoutMs < fetchWaitMaxMs) {
            throw new IllegalArgumentException("Invalid value '" + socketTimeoutMs + "' for " + REPLICA_SOCKET_TIMEOUT_MS
                    + ": must be at least " + REPLICA_FETCH_WAIT_MAX_MS + "=" + fetchWaitMaxMs);
        }
    }

    public int fetchMaxBytes() { return fetchMaxBytes; }
    public int fetchResponseMaxBytes() { return fetchResponseMaxBytes; }
    public int fetchWaitMaxMs() { return fetchWaitMaxMs; }
    public int fetchMinBytes() { return fetchMinBytes; }
    public int fetchBackoffMs() { return fetchBackoffMs; }
    public int socketTimeoutMs() { return socketTimeoutMs; }
    public long lagTimeMaxMs() { return lagTimeMaxMs; }
}
