package io.tributary.broker.network;

import java.util.Map;
import java.util.Objects;

/**
 * Limits and addresses of the Kafka-protocol listener. Keys use Kafka's names where Kafka has one.
 * Validated once, at construction, with an error that names the key and the bad value.
 */
public final class NetworkConfig {
    public static final String SOCKET_REQUEST_MAX_BYTES = "socket.request.max.bytes";
    public static final String MAX_CONNECTIONS = "max.connections";
    public static final String MAX_CONNECTIONS_PER_IP = "max.connections.per.ip";
    public static final String CONNECTIONS_MAX_IDLE_MS = "connections.max.idle.ms";
    /** SO_SNDBUF of client connections; -1 leaves it to the OS (which then sizes it automatically). */
    public static final String SOCKET_SEND_BUFFER_BYTES = "socket.send.buffer.bytes";
    /** SO_RCVBUF of client connections; -1 (our default) leaves it to the OS. */
    public static final String SOCKET_RECEIVE_BUFFER_BYTES = "socket.receive.buffer.bytes";
    /** Kafka's default send buffer: measured on loopback, it costs less kernel time per fetched byte than an auto-tuned one. */
    static final int DEFAULT_SEND_BUFFER_BYTES = 102_400;
    /** The value of a socket buffer key that leaves the size to the OS. */
    public static final int OS_DEFAULT_BUFFER = -1;
    /** Ours: requests a connection may have in flight before we stop reading from it. */
    public static final String MAX_INFLIGHT_REQUESTS = "tributary.max.inflight.requests.per.connection";
    /** Ours: how long a started frame may take to arrive completely (slow-loris defence). */
    public static final String FRAME_READ_TIMEOUT_MS = "tributary.frame.read.timeout.ms";
    /** Ours: bytes of responses queued on one connection before we stop reading from it. */
    public static final String MAX_QUEUED_RESPONSE_BYTES = "tributary.max.queued.response.bytes.per.connection";

    private final String host;
    private final int port;
    private final int maxFrameBytes;
    private final int maxConnections;
    private final int maxConnectionsPerIp;
    private final long connectionsMaxIdleMs;
    private final int maxInflightRequests;
    private final long frameReadTimeoutMs;
    private final long maxQueuedResponseBytes;
    private final int sendBufferBytes;
    private final int receiveBufferBytes;

    private NetworkConfig(String host, int port, Map<String, String> props) {
        this.host = Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("Invalid listener port " + port + ": must be 0..65535");
        }
        this.port = port;
        this.maxFrameBytes = (int) positive(props, SOCKET_REQUEST_MAX_BYTES, 104_857_600L, Integer.MAX_VALUE);
        this.maxConnections = (int) positive(props, MAX_CONNECTIONS, Integer.MAX_VALUE, Integer.MAX_VALUE);
        this.maxConnectionsPerIp = (int) positive(props, MAX_CONNECTIONS_PER_IP, Integer.MAX_VALUE, Integer.MAX_VALUE);
        this.connectionsMaxIdleMs = positive(props, CONNECTIONS_MAX_IDLE_MS, 600_000L, Long.MAX_VALUE);
        this.maxInflightRequests = (int) positive(props, MAX_INFLIGHT_REQUESTS, 100L, 100_000L);
        this.frameReadTimeoutMs = positive(props, FRAME_READ_TIMEOUT_MS, 30_000L, Long.MAX_VALUE);
        this.maxQueuedResponseBytes = positive(props, MAX_QUEUED_RESPONSE_BYTES, 64L << 20, Long.MAX_VALUE);
        this.sendBufferBytes = bufferSize(props, SOCKET_SEND_BUFFER_BYTES, DEFAULT_SEND_BUFFER_BYTES);
        // Unlike Kafka (102400) the receive buffer is left to the OS by default: the kernel then widens the
        // window for produce requests of up to a MiB; a fixed 100 KiB measured no better, if anything worse.
        this.receiveBufferBytes = bufferSize(props, SOCKET_RECEIVE_BUFFER_BYTES, OS_DEFAULT_BUFFER);
    }

    /** A socket buffer size: positive, or -1 for the OS default (as in Kafka). */
    private static int bufferSize(Map<String, String> props, String key, int defaultValue) {
        String raw = props.get(key);
        if (raw == null) {
            return defaultValue;
        }
        if (raw.trim().equals(String.valueOf(OS_DEFAULT_BUFFER))) {
            return OS_DEFAULT_BUFFER;
        }
        return (int) positive(props, key, defaultValue, Integer.MAX_VALUE);
    }

    /** A listener on {@code host:port} (port 0 picks a free port) with the given overrides. */
    public static NetworkConfig of(String host, int port, Map<String, String> props) {
        return new NetworkConfig(host, port, props);
    }

    private static long positive(Map<String, String> props, String key, long defaultValue, long max) {
        String raw = props.get(key);
        if (raw == null) {
            return defaultValue;
        }
        long value;
        try {
            value = Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid value '" + raw + "' for " + key + ": not a number");
        }
        if (value <= 0 || value > max) {
            throw new IllegalArgumentException("Invalid value " + value + " for " + key + ": must be 1.." + max);
        }
        return value;
    }

    public String host() { return host; }
    public int port() { return port; }
    public int maxFrameBytes() { return maxFrameBytes; }
    public int maxConnections() { return maxConnections; }
    public int maxConnectionsPerIp() { return maxConnectionsPerIp; }
    public long connectionsMaxIdleMs() { return connectionsMaxIdleMs; }
    public int maxInflightRequests() { return maxInflightRequests; }
    public long frameReadTimeoutMs() { return frameReadTimeoutMs; }
    public long maxQueuedResponseBytes() { return maxQueuedResponseBytes; }
    /** SO_SNDBUF for client connections, or {@link #OS_DEFAULT_BUFFER}. */
    public int sendBufferBytes() { return sendBufferBytes; }
    /** SO_RCVBUF for client connections, or {@link #OS_DEFAULT_BUFFER}. */
    public int receiveBufferBytes() { return receiveBufferBytes; }
}
