package io.tributary.metadata.record;

/** One listener of a broker, as advertised in its registration. */
public record Endpoint(String name, String host, int port, String securityProtocol) {
}
