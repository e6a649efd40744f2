package io.tributary.broker.network;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * The address a node's outgoing connections originate from. A socket that is not bound before it
 * connects sends from whatever address the kernel picks (127.0.0.1 on loopback), so packet filters
 * could not tell which node a connection comes from and one link between two nodes could not be cut.
 * Set per process with {@code -Dtributary.source.address=ADDRESS}; unset means "let the kernel pick".
 */
public final class SourceAddress {
    public static final String PROPERTY = "tributary.source.address";

    private SourceAddress() {
    }

    /** The configured source address with an ephemeral port, if one is set. */
    public static Optional<InetSocketAddress> configured() {
        String value = System.getProperty(PROPERTY, "").trim();
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new InetSocketAddress(InetAddress.getByName(value), 0));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("Invalid " + PROPERTY + " '" + value + "': " + e.getMessage(), e);
        }
    }

    /** Binds a not yet connected socket to the configured source address, if there is one. */
    public static void bind(Socket socket) throws IOException {
        Optional<InetSocketAddress> local = configured();
        if (local.isPresent()) {
            socket.bind(local.get());
        }
    }
}
