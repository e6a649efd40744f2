package io.tributary.admin.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Lays out a local cluster: node {@code i} binds its own loopback address {@code 127.10.0.i}, a
 * free Kafka port and a free quorum port on it, and lives in {@code <dir>/node-i}. Not 127.0.0.x:
 * clients that do not bind send from 127.0.0.1, so a node there could not be cut off from the other
 * nodes without cutting every client off too. Every node is
 * both broker and controller (a quorum voter), as small KRaft clusters are.
 */
public final class LocalClusterPlan {
    /** The loopback /24 the nodes live in (all of 127/8 is local on Linux, no set-up needed). */
    static final String NODE_NET = "127.10.0.";

    private LocalClusterPlan() {
    }

    /** Allocates addresses and ports for {@code count} nodes. */
    public static LocalClusterState plan(Path dir, int count, String clusterId) throws IOException {
        return plan(dir, count, clusterId, Map.of());
    }

    /** As {@link #plan(Path, int, String)}, with settings that override the planned ones on every node. */
    public static LocalClusterState plan(Path dir, int count, String clusterId, Map<String, String> overrides) throws IOException {
        if (count < 1 || count > 9) {
            throw new IllegalArgumentException("--nodes must be 1..9, not " + count);
        }
        List<LocalNode> nodes = new ArrayList<>();
        for (int id = 1; id <= count; id++) {
            String host = NODE_NET + id;
            int kafka = freePort(host);
            int raft = freePort(host);
            while (raft == kafka) {
                raft = freePort(host);
            }
            nodes.add(new LocalNode(id, host, kafka, raft, dir.resolve("node-" + id).toAbsolutePath().toString(), -1));
        }
        return new LocalClusterState(clusterId, nodes, overrides);
    }

    /** The node's configuration, with Kafka's key names. */
    public static Map<String, String> nodeConfig(LocalClusterState cluster, LocalNode node) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("node.id", Integer.toString(node.id()));
        props.put("cluster.id", cluster.clusterId());
        props.put("process.roles", "broker,controller");
        props.put("listeners", "PLAINTEXT://" + node.host() + ":" + node.kafkaPort());
        props.put("controller.quorum.voters", cluster.nodes().stream()
                .map(n -> n.id() + "@" + n.host() + ":" + n.raftPort()).collect(Collectors.joining(",")));
        props.put("log.dirs", Path.of(node.dir(), "data").toString());
        props.put("metadata.log.dir", Path.of(node.dir(), "metadata").toString());
        int rf = Math.min(3, cluster.nodes().size());
        props.put("default.replication.factor", Integer.toString(rf));
        props.put("min.insync.replicas", Integer.toString(Math.max(1, rf - 1)));
        props.putAll(cluster.overrides());
        return props;
    }

    private static int freePort(String host) throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
            return socket.getLocalPort();
        }
    }
}
