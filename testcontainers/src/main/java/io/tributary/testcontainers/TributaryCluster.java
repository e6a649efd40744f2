package io.tributary.testcontainers;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import org.testcontainers.lifecycle.Startable;
import org.testcontainers.lifecycle.Startables;
import org.testcontainers.utility.DockerImageName;

/**
 * A cluster of Tributary nodes, one container each, every node broker and quorum voter. Node
 * {@code i} binds {@code 127.0.0.i} (host networking; see {@link TributaryContainer}). Topics
 * default to replication factor min(3, nodes) and {@code min.insync.replicas} one less, as
 * {@code tributary local up} sets them.
 */
public final class TributaryCluster implements Startable {
    private static final String CLUSTER_ID = "TrIbUtArYcLuStEr0000001";
    private final List<TributaryContainer> nodes = new ArrayList<>();

    public TributaryCluster(DockerImageName image, int nodeCount) {
        this(nodeCount, id -> new TributaryContainer(image));
    }

    public TributaryCluster(Future<String> image, int nodeCount) {
        this(nodeCount, id -> new TributaryContainer(image));
    }

    private TributaryCluster(int nodeCount, IntFunction<TributaryContainer> newNode) {
        if (nodeCount < 1 || nodeCount > 9) {
            throw new IllegalArgumentException("A cluster has 1..9 nodes, not " + nodeCount);
        }
        List<NodeAddress> voters = new ArrayList<>();
        for (int id = 1; id <= nodeCount; id++) {
            voters.add(NodeAddress.allocate("127.0.0." + id));
        }
        int replicationFactor = Math.min(3, nodeCount);
        for (int id = 1; id <= nodeCount; id++) {
            nodes.add(newNode.apply(id)
                    .asClusterNode(id, voters, CLUSTER_ID)
                    .withSetting("default.replication.factor", Integer.toString(replicationFactor))
                    .withSetting("min.insync.replicas", Integer.toString(Math.max(1, replicationFactor - 1))));
        }
    }

    /** One setting (Kafka's key name) on every node. */
    public TributaryCluster withSetting(String key, String value) {
        nodes.forEach(n -> n.withSetting(key, value));
        return this;
    }

    /** Starts every node at once (the quorum needs a majority before any broker serves) and waits for all. */
    @Override
    public void start() {
        Startables.deepStart(nodes).join();
    }

    @Override
    public void stop() {
        nodes.forEach(TributaryContainer::stop);
    }

    /** Every node's listener, comma-separated, for the clients' {@code bootstrap.servers}. */
    public String getBootstrapServers() {
        return nodes.stream().map(TributaryContainer::getBootstrapServers).collect(Collectors.joining(","));
    }

    public List<TributaryContainer> getNodes() {
        return List.copyOf(nodes);
    }

    /** The container of node {@code nodeId} (1-based). */
    public TributaryContainer node(int nodeId) {
        return nodes.get(nodeId - 1);
    }
}
