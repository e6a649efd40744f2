package io.tributary.testcontainers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Where one containerized node listens: its own loopback address and two ports on it, one for Kafka
 * clients and one for the metadata quorum. Containers share the host's network (no port mapping),
 * so every node of a cluster gets its own {@code 127.0.0.x} and free ports on it.
 */
public record NodeAddress(String host, int kafkaPort, int raftPort) {

    /** Two distinct ports that are free on {@code host} now (the node binds them moments later). */
    public static NodeAddress allocate(String host) {
        int kafka = freePort(host);
        int raft = freePort(host);
        while (raft == kafka) {
            raft = freePort(host);
        }
        return new NodeAddress(host, kafka, raft);
    }

    /** {@code PLAINTEXT://host:port}, the node's listener. */
    public String listener() {
        return "PLAINTEXT://" + host + ":" + kafkaPort;
    }

    /** This node's entry in {@code controller.quorum.voters}. */
    String voter(int nodeId) {
        return nodeId + "@" + host + ":" + raftPort;
    }

    private static int freePort(String host) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port on " + host, e);
        }
    }
}
