package io.tributary.admin.local;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;

/**
 * Starting, finding and stopping a cluster of node processes in a directory — what
 * {@code tributary local} does, as a library for the CLI and for integration tests.
 */
public final class LocalCluster {
    private LocalCluster() {
    }

    /**
     * Starts the cluster recorded in {@code dir} (or plans a new one of {@code nodes} nodes) and waits
     * until every node serves as a broker. Fails, leaving the started processes running for
     * inspection, if that takes longer than {@code timeout} or a node exits.
     */
    public static LocalClusterState up(Path dir, int nodes, Duration timeout) throws Exception {
        return up(dir, nodes, Map.of(), timeout);
    }

    /**
     * As {@link #up(Path, int, Duration)}, with node settings ({@code overrides}, Kafka key names) that
     * replace the planned ones on every node of a new cluster; an existing cluster keeps its own.
     */
    public static LocalClusterState up(Path dir, int nodes, Map<String, String> overrides, Duration timeout) throws Exception {
        LocalClusterState cluster;
        if (LocalClusterState.exists(dir)) {
            cluster = LocalClusterState.read(dir);
            if (cluster.nodes().stream().anyMatch(n -> NodeProcesses.handle(n).isPresent())) {
                throw new LocalClusterException("A local cluster is already running in " + dir
                        + "; stop it with 'tributary local down --dir " + dir + "'");
            }
        } else {
            cluster = LocalClusterPlan.plan(dir, nodes, Uuid.randomUuid().toString(), overrides);
        }
        for (LocalNode node : cluster.nodes()) {
            cluster = cluster.withNode(node.withPid(NodeProcesses.start(cluster, node)));
            cluster.write(dir);
        }
        awaitBrokers(cluster, timeout);
        return cluster;
    }

    /** Starts one stopped node of the cluster again (same id, addresses and data). */
    public static LocalClusterState start(Path dir, int nodeId) throws IOException {
        LocalClusterState cluster = LocalClusterState.read(dir);
        LocalNode node = node(cluster, nodeId);
        if (NodeProcesses.handle(node).isPresent()) {
            throw new LocalClusterException("Node " + nodeId + " is already running (pid " + node.pid() + ")");
        }
        cluster = cluster.withNode(node.withPid(NodeProcesses.start(cluster, node)));
        cluster.write(dir);
        return cluster;
    }

    /** Stops every node (controlled shutdown, then SIGKILL after {@code grace}); returns how many ran. */
    public static int down(Path dir, Duration grace) throws IOException {
        LocalClusterState cluster = LocalClusterState.read(dir);
        int stopped = 0;
        for (LocalNode node : cluster.nodes()) {
            if (NodeProcesses.stop(node, grace.toMillis())) {
                stopped++;
            }
            cluster = cluster.withNode(node.withPid(-1));
        }
        cluster.write(dir);
        return stopped;
    }

    /** SIGKILL one node (no controlled shutdown); false if it was not running. */
    public static boolean kill(Path dir, int nodeId) throws IOException {
        LocalClusterState cluster = LocalClusterState.read(dir);
        LocalNode node = node(cluster, nodeId);
        boolean ran = NodeProcesses.kill(node);
        cluster.withNode(node.withPid(-1)).write(dir);
        return ran;
    }

    /** Stops one node (controlled shutdown, SIGKILL after {@code grace}; resumed first if paused) and starts it again. */
    public static LocalClusterState restart(Path dir, int nodeId, Duration grace) throws IOException {
        LocalClusterState cluster = LocalClusterState.read(dir);
        LocalNode node = node(cluster, nodeId);
        NodeProcesses.resume(node);
        NodeProcesses.stop(node, grace.toMillis());
        cluster.withNode(node.withPid(-1)).write(dir);
        return start(dir, nodeId);
    }

    public static LocalNode node(LocalClusterState cluster, int nodeId) {
        return cluster.nodes().stream().filter(n -> n.id() == nodeId).findFirst()
                .orElseThrow(() -> new LocalClusterException("No node " + nodeId + " in this cluster; nodes are "
                        + cluster.nodes().stream().map(n -> Integer.toString(n.id())).toList()));
    }

    /**
     * Waits until every running node's current process has its broker registered and unfenced (see
     * {@link NodeProcesses#isReady}) and the cluster reports {@code expected} unfenced brokers.
     */
    public static void awaitBrokers(LocalClusterState cluster, Duration timeout) throws Exception {
        awaitBrokers(cluster, cluster.nodes().size(), timeout);
    }

    public static void awaitBrokers(LocalClusterState cluster, int expected, Duration timeout) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "200");
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer yet";
        try (Admin admin = Admin.create(props)) {
            while (System.nanoTime() < deadline) {
                for (LocalNode n : cluster.nodes()) {
                    if (n.pid() > 0 && NodeProcesses.handle(n).isEmpty()) {
                        throw new LocalClusterException("Node " + n.id() + " exited; see " + Path.of(n.dir(), "node.log"));
                    }
                }
                List<Integer> registering = cluster.nodes().stream()
                        .filter(n -> n.pid() > 0 && !NodeProcesses.isReady(n)).map(LocalNode::id).toList();
                if (!registering.isEmpty()) {
                    last = "node(s) " + registering + " not registered and unfenced yet";
                    Thread.sleep(100);
                    continue;
                }
                try {
                    int brokers = admin.describeCluster(new DescribeClusterOptions().timeoutMs(3000)).nodes().get(4, TimeUnit.SECONDS).size();
                    if (brokers == expected) {
                        return;
                    }
                    last = brokers + " of " + expected + " brokers up";
                } catch (Exception e) {
                    last = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
                }
                Thread.sleep(200);
            }
        }
        throw new LocalClusterException("The cluster was not ready within " + timeout.toSeconds() + " s (" + last
                + "); node logs are in " + Path.of(cluster.nodes().get(0).dir()).getParent());
    }
}
