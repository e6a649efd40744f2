package io.tributary.metadata.quorum;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One member of the metadata quorum as written in {@code controller.quorum.voters} or
 * {@code tributary.metadata.listeners}: {@code id@host:port}. The port is the node's Raft (gRPC)
 * port, not its Kafka listener port.
 */
public record QuorumPeer(int nodeId, String host, int port) {

    public QuorumPeer {
        if (nodeId < 0) {
            throw new IllegalArgumentException("node id must be >= 0, was " + nodeId);
        }
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be in 1..65535, was " + port);
        }
    }

    /** {@code host:port}, the form Ratis wants for a peer address. */
    public String address() {
        return host + ":" + port;
    }

    @Override
    public String toString() {
        return nodeId + "@" + address();
    }

    /**
     * Parses a comma-separated {@code id@host:port} list. Blank input gives an empty list.
     *
     * @throws IllegalArgumentException naming the offending element, or a duplicated node id
     */
    public static List<QuorumPeer> parseList(String value) {
        List<QuorumPeer> peers = new ArrayList<>();
        if (value == null || value.isBlank()) {
            return peers;
        }
        Set<Integer> ids = new HashSet<>();
        for (String raw : value.split(",")) {
            QuorumPeer peer = parse(raw.trim());
            if (!ids.add(peer.nodeId())) {
                throw new IllegalArgumentException("node id " + peer.nodeId() + " is listed twice");
            }
            peers.add(peer);
        }
        return List.copyOf(peers);
    }

    /** Parses one {@code id@host:port}. */
    public static QuorumPeer parse(String value) {
        int at = value.indexOf('@');
        int colon = value.lastIndexOf(':');
        if (at <= 0 || colon < at + 2 || colon == value.length() - 1) {
            throw new IllegalArgumentException("'" + value + "' is not of the form id@host:port");
        }
        try {
            int id = Integer.parseInt(value.substring(0, at));
            int port = Integer.parseInt(value.substring(colon + 1));
            return new QuorumPeer(id, value.substring(at + 1, colon), port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + value + "' is not of the form id@host:port", e);
        }
    }
}
