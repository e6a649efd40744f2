package io.tributary.metadata.quorum;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;

/**
 * Real in-process Ratis quorums on 127.0.0.1 for tests: voters and listeners with probed free
 * ports, each node with its own directory under a JUnit {@code @TempDir}, a {@link KeyValueState}
 * and recording leadership listener and fault handler. Not thread-safe: driven by the test thread.
 */
final class QuorumTestCluster implements AutoCloseable {

    static final String CLUSTER_ID = "test-cluster";
    static final Duration WAIT = Duration.ofSeconds(30);

    static {
        // Ratis logs every step at INFO; with logback's default (DEBUG) the tests would be slower
        // and the output useless.
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
    }

    /** One node: its configuration, its state, what it was told, and (while running) its quorum. */
    static final class Node {
        final int id;
        final Map<String, String> props;
        KeyValueState state;
        MetadataQuorum quorum;
        final List<String> leadershipEvents = new CopyOnWriteArrayList<>();
        final List<String> faults = new CopyOnWriteArrayList<>();
        /** System.nanoTime() of the latest onLeaderReady on this node (0 if never). */
        volatile long readyAtNs;

        Node(int id, Map<String, String> props) {
            this.id = id;
            this.props = props;
        }

        boolean running() {
            return quorum != null;
        }

        Map<String, String> values() {
            return state.values();
        }
    }

    private final Path baseDir;
    private final Map<String, String> overrides;
    private final TreeMap<Integer, Node> nodes = new TreeMap<>();
    private final List<QuorumPeer> voters = new ArrayList<>();
    private final List<QuorumPeer> listeners = new ArrayList<>();

    QuorumTestCluster(Path baseDir, int voterCount, int listenerCount, Map<String, String> overrides) throws IOException {
        this.baseDir = baseDir;
        this.overrides = overrides;
        Set<Integer> ports = freePorts(voterCount + listenerCount);
        var it = ports.iterator();
        for (int id = 1; id <= voterCount; id++) {
            voters.add(new QuorumPeer(id, "127.0.0.1", it.next()));
        }
        for (int id = voterCount + 1; id <= voterCount + listenerCount; id++) {
            listeners.add(new QuorumPeer(id, "127.0.0.1", it.next()));
        }
        for (QuorumPeer p : voters) {
            nodes.put(p.nodeId(), new Node(p.nodeId(), props(p.nodeId(), null)));
        }
        for (QuorumPeer p : listeners) {
            nodes.put(p.nodeId(), new Node(p.nodeId(), props(p.nodeId(), null)));
        }
    }

    static QuorumTestCluster startVoters(Path baseDir, int voterCount) throws IOException {
        return new QuorumTestCluster(baseDir, voterCount, 0, Map.of()).startAll();
    }

    /** Test defaults: elections fast enough for short tests, slow enough not to churn on 2 busy cores. */
    static Map<String, String> testDefaults() {
        Map<String, String> p = new HashMap<>();
        p.put(QuorumConfig.ELECTION_TIMEOUT_MS, "600");
        p.put(QuorumConfig.RETRY_BACKOFF_MS, "50");
        p.put(QuorumConfig.CLIENT_DEADLINE_MS, "20000");
        return p;
    }

    private Map<String, String> props(int id, String raftAddress) {
        Map<String, String> p = testDefaults();
        p.put(QuorumConfig.NODE_ID, Integer.toString(id));
        p.put(QuorumConfig.CLUSTER_ID, CLUSTER_ID);
        p.put(QuorumConfig.QUORUM_VOTERS, join(voters));
        if (!listeners.isEmpty()) {
            p.put(QuorumConfig.LISTENERS, join(listeners));
        }
        p.put(QuorumConfig.METADATA_LOG_DIR, baseDir.resolve("node-" + id).toString());
        if (raftAddress != null) {
            p.put(QuorumConfig.RAFT_ADDRESS, raftAddress);
        }
        p.putAll(overrides);
        return p;
    }

    private static String join(List<QuorumPeer> peers) {
        return peers.stream().map(QuorumPeer::toString).collect(Collectors.joining(","));
    }

    QuorumTestCluster startAll() throws IOException {
        for (Node n : nodes.values()) {
            start(n.id);
        }
        return this;
    }

    /** Starts (or restarts) a node with a fresh state object that recovers from its directory. */
    Node start(int id) throws IOException {
        Node n = nodes.get(id);
        n.state = new KeyValueState();
        MetadataQuorum quorum = new MetadataQuorum(new QuorumConfig(n.props), n.state,
                (message, cause) -> n.faults.add(message + ": " + cause));
        quorum.setLeadershipListener(new LeadershipListener() {
            @Override
            public void onLeaderReady(long term) {
                n.readyAtNs = System.nanoTime();
                n.leadershipEvents.add("ready:" + term);
            }

            @Override
            public void onNotLeader() {
                n.leadershipEvents.add("not-leader");
            }
        });
        n.quorum = quorum.start();
        return n;
    }

    /** Adds a node outside the static configuration; it starts empty and waits to be added. */
    Node startJoiner(int id) throws IOException {
        int port = freePorts(1).iterator().next();
        nodes.put(id, new Node(id, props(id, "127.0.0.1:" + port)));
        return start(id);
    }

    /** Closes a node abruptly, without handing over leadership. */
    void stop(int id) throws IOException {
        Node n = nodes.get(id);
        if (n.quorum != null) {
            MetadataQuorum q = n.quorum;
            n.quorum = null;
            q.close();
        }
    }

    Node node(int id) {
        return nodes.get(id);
    }

    List<Node> running() {
        return nodes.values().stream().filter(Node::running).toList();
    }

    /** Waits until one running node is the ready leader and every running voter agrees on it. */
    Node awaitLeader() {
        return awaitLeaderAfter(-1);
    }

    /** {@link #awaitLeader()}, of a term later than {@code term}. */
    Node awaitLeaderAfter(long term) {
        return await().atMost(WAIT).until(() -> {
            List<Node> ready = running().stream().filter(n -> n.quorum.isActiveController()).toList();
            if (ready.size() != 1) {
                return null;
            }
            Node leader = ready.get(0);
            if (leader.quorum.currentTerm() <= term) {
                return null;
            }
            boolean agreed = running().stream().filter(n -> isMember(n))
                    .allMatch(n -> n.quorum.leaderId().orElse(-1) == leader.id);
            return agreed ? leader : null;
        }, n -> n != null);
    }

    private static boolean isMember(Node n) {
        try {
            return n.quorum.division().getRaftConf().getPeer(PeerIds.of(n.id)) != null;
        } catch (RuntimeException e) {
            return false;
        }
    }

    Node anyFollower(Node leader) {
        return running().stream().filter(n -> n != leader && !n.quorum.isListener()).findFirst().orElseThrow();
    }

    /** Proposes {@code key=value} through {@code via} and waits for the reply. */
    static String put(Node via, String key, String value) {
        byte[] reply = via.quorum.propose((key + "=" + value).getBytes(StandardCharsets.UTF_8)).join();
        return new String(reply, StandardCharsets.UTF_8);
    }

    /** Waits until every running node holds exactly {@code expected}. */
    void awaitAllHave(Map<String, String> expected) {
        try {
            await().atMost(WAIT).until(() -> running().stream().allMatch(n -> n.values().equals(expected)));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("nodes never converged on " + expected.size() + " keys: " + describeNodes(), e);
        }
    }

    /** Applied index, key count, snapshots loaded and faults of every running node, for failure messages. */
    String describeNodes() {
        StringBuilder sb = new StringBuilder();
        for (Node n : running()) {
            sb.append("\n  node ").append(n.id).append(": applied=").append(n.quorum.appliedIndex())
                    .append(" keys=").append(n.values().size()).append(" snapshotsLoaded=")
                    .append(n.state.snapshotsLoaded()).append(" leader=").append(n.quorum.leaderId())
                    .append(" faults=").append(n.faults);
        }
        return sb.toString();
    }

    static Set<Integer> freePorts(int count) throws IOException {
        Set<Integer> ports = new HashSet<>();
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            while (ports.size() < count) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                sockets.add(s);
                ports.add(s.getLocalPort());
            }
        } finally {
            for (ServerSocket s : sockets) {
                s.close();
            }
        }
        return ports;
    }

    @Override
    public void close() {
        for (Node n : nodes.values()) {
            try {
                stop(n.id);
            } catch (IOException | RuntimeException e) {
                // Keep closing the others; a leaked server would hold ports for the next test.
            }
        }
    }
}
