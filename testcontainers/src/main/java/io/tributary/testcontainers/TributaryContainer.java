package io.tributary.testcontainers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * One Tributary node (broker and quorum voter) in a Docker container, for tests that need a
 * Kafka-compatible cluster, as Testcontainers' {@code KafkaContainer} is used.
 *
 * <p>The container runs on the host's network ({@code --network host}): it binds its own loopback
 * address (default {@code 127.0.0.1}) and two free ports on it, so clients on the host reach it at
 * {@link #getBootstrapServers()} and a node can be paused, killed and started again on its data
 * without any port mapping changing. Host networking needs a Linux Docker host (or a Docker
 * Desktop with host networking turned on).
 *
 * <p>The image is built from the project's {@code docker/Dockerfile}; see the README.
 */
public class TributaryContainer extends GenericContainer<TributaryContainer> {
    /** The log line a node prints once its broker serves clients. */
    static final String READY_LOG_PATTERN = ".*Broker \\d+ is registered and unfenced.*\\n";
    private static final String DEFAULT_CLUSTER_ID = "TrIbUtArYcOnTaInEr00001";
    /**
     * JVM options of a node unless the test sets {@code TRIBUTARY_JVM_OPTS}: the entrypoint's default
     * heap, and only the C1 compiler, as {@code tributary local up} starts nodes, which share their
     * machine with the clients that drive them (C2 kept each node of 3 on 2 cores compiling for
     * minutes, and a lone node wrote faster with C1; see the README).
     */
    static final String NODE_JVM_OPTS = "-Xmx512m -XX:TieredStopAtLevel=1";

    private final Map<String, String> settings = new LinkedHashMap<>();
    private int nodeId = 1;
    private NodeAddress address;
    private List<NodeAddress> voters;
    private String clusterId = DEFAULT_CLUSTER_ID;

    /** A single-node cluster from an image built from docker/Dockerfile, e.g. {@code tributary:dev}. */
    public TributaryContainer(DockerImageName image) {
        super(image);
        init();
    }

    /** As {@link #TributaryContainer(DockerImageName)}, from an image built on the fly (ImageFromDockerfile). */
    public TributaryContainer(Future<String> image) {
        super(image);
        init();
    }

    private void init() {
        withAddress(NodeAddress.allocate("127.0.0.1"));
        withNetworkMode("host");
        waitingFor(Wait.forLogMessage(READY_LOG_PATTERN, 1).withStartupTimeout(Duration.ofMinutes(2)));
    }

    /** Listens on {@code address} instead of 127.0.0.1 and two free ports (a single-node quorum). */
    public TributaryContainer withAddress(NodeAddress address) {
        this.address = address;
        this.voters = List.of(address);
        this.nodeId = 1;
        return self();
    }

    /** Makes this node {@code nodeId} of a cluster whose quorum voters are {@code voters} (node i at index i-1). */
    TributaryContainer asClusterNode(int nodeId, List<NodeAddress> voters, String clusterId) {
        this.nodeId = nodeId;
        this.address = voters.get(nodeId - 1);
        this.voters = List.copyOf(voters);
        this.clusterId = clusterId;
        return self();
    }

    /** One node setting, with Kafka's key name (e.g. {@code min.insync.replicas}), over the defaults. */
    public TributaryContainer withSetting(String key, String value) {
        settings.put(key, value);
        return self();
    }

    @Override
    protected void configure() {
        List<String> voterList = new ArrayList<>();
        for (int i = 0; i < voters.size(); i++) {
            voterList.add(voters.get(i).voter(i + 1));
        }
        withEnv("TRIBUTARY_NODE_ID", Integer.toString(nodeId));
        withEnv("TRIBUTARY_CLUSTER_ID", clusterId);
        withEnv("TRIBUTARY_LISTENERS", address.listener());
        withEnv("TRIBUTARY_QUORUM_VOTERS", String.join(",", voterList));
        if (!getEnvMap().containsKey("TRIBUTARY_JVM_OPTS")) {
            withEnv("TRIBUTARY_JVM_OPTS", NODE_JVM_OPTS);
        }
        List<String> args = new ArrayList<>();
        settings.forEach((key, value) -> {
            args.add("--override");
            args.add(key + "=" + value);
        });
        setCommand(args.toArray(String[]::new));
    }

    /** {@code PLAINTEXT://host:port}, for the clients' {@code bootstrap.servers}. */
    public String getBootstrapServers() {
        return address.listener();
    }

    public int getNodeId() {
        return nodeId;
    }

    public NodeAddress getAddress() {
        return address;
    }

    /** Freezes the node (docker pause): its sockets stay open but it answers nothing, as in a long GC pause. */
    public void pause() {
        getDockerClient().pauseContainerCmd(getContainerId()).exec();
    }

    /** Thaws a paused node. */
    public void unpause() {
        getDockerClient().unpauseContainerCmd(getContainerId()).exec();
    }

    /** SIGKILLs the node (docker kill); the container and its data stay, for {@link #startAgain()}. */
    public void kill() {
        getDockerClient().killContainerCmd(getContainerId()).exec();
    }

    /** Starts a killed node's container again: same node id, addresses and data. Does not wait for it to serve. */
    public void startAgain() {
        getDockerClient().startContainerCmd(getContainerId()).exec();
    }
}
