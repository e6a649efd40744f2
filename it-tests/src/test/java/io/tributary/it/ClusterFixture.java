package io.tributary.it;

import io.tributary.admin.local.LocalCluster;
import io.tributary.admin.local.LocalClusterState;
import io.tributary.admin.local.LocalNode;
import io.tributary.admin.local.NodeProcesses;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A cluster of real node processes on loopback for one test class, started the way
 * {@code tributary local up} starts it, and stopped — by PID — when the test ends, whatever happened.
 */
final class ClusterFixture implements AutoCloseable {
    private final String testClass;
    private final Path dir;
    private LocalClusterState state;

    private ClusterFixture(String testClass, Path dir, LocalClusterState state) {
        this.testClass = testClass;
        this.dir = dir;
        this.state = state;
    }

    /** A cluster for the tests of {@code testClass} (which names the folder its logs are kept in). */
    static ClusterFixture start(Class<?> testClass, Path dir, int nodes) throws Exception {
        return start(testClass, dir, nodes, java.util.Map.of());
    }

    /** A cluster whose nodes all get {@code overrides} (Kafka key names) over the planned settings. */
    static ClusterFixture start(Class<?> testClass, Path dir, int nodes, java.util.Map<String, String> overrides)
            throws Exception {
        NodeClassData.configureNodeJvms();
        try {
            return new ClusterFixture(testClass.getSimpleName(), dir, LocalCluster.up(dir, nodes, overrides, Duration.ofSeconds(90)));
        } catch (Exception e) {
            killAll(dir);
            keepLogs(testClass.getSimpleName(), dir);
            throw e;
        }
    }

    /**
     * Copies the nodes' logs to target/node-logs/CLASS-MILLIS, so a failed run can be diagnosed after
     * @TempDir is gone (bin/test prints the warnings of failed classes' nodes from there).
     */
    private static void keepLogs(String testClass, Path dir) {
        try {
            Path out = Path.of("target", "node-logs", testClass + "-" + System.currentTimeMillis());
            java.nio.file.Files.createDirectories(out);
            try (var files = java.nio.file.Files.list(dir)) {
                for (Path node : files.filter(java.nio.file.Files::isDirectory).toList()) {
                    Path log = node.resolve("node.log");
                    if (java.nio.file.Files.exists(log)) {
                        java.nio.file.Files.copy(log, out.resolve(node.getFileName() + ".log"));
                    }
                }
            }
        } catch (java.io.IOException e) {
            System.err.println("Could not keep node logs: " + e);
        }
    }

    String bootstrap() {
        return state.bootstrapServers();
    }

    /** The cluster directory (cluster.json), for tools that act on the cluster themselves (chaos runs). */
    Path dir() {
        return dir;
    }

    LocalClusterState state() {
        return state;
    }

    Properties clientProps() {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap());
        p.put("request.timeout.ms", "10000");
        p.put("default.api.timeout.ms", "20000");
        return p;
    }

    Admin admin() {
        return Admin.create(clientProps());
    }

    KafkaProducer<String, String> producer(Properties overrides) {
        Properties p = clientProps();
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        p.putAll(overrides);
        return new KafkaProducer<>(p);
    }

    KafkaConsumer<String, String> consumer(Properties overrides) {
        Properties p = clientProps();
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.putAll(overrides);
        return new KafkaConsumer<>(p);
    }

    /** SIGKILL one node. */
    void kill(int nodeId) throws Exception {
        state = LocalClusterState.read(dir);
        NodeProcesses.kill(LocalCluster.node(state, nodeId));
    }

    /** SIGTERM one node (controlled shutdown) and wait up to 30 s for it to exit; SIGKILL after that. */
    void stop(int nodeId) throws Exception {
        state = LocalClusterState.read(dir);
        NodeProcesses.stop(LocalCluster.node(state, nodeId), 30_000);
    }

    /** SIGSTOP one node: it freezes with its sockets open, as in a long GC pause or a stalled VM. */
    void pause(int nodeId) throws Exception {
        state = LocalClusterState.read(dir);
        NodeProcesses.pause(LocalCluster.node(state, nodeId));
    }

    /** SIGCONT a paused node. */
    void resume(int nodeId) throws Exception {
        state = LocalClusterState.read(dir);
        NodeProcesses.resume(LocalCluster.node(state, nodeId));
    }

    /** Starts stopped nodes again on their data, and waits until all brokers serve. */
    void restart(int... nodeIds) throws Exception {
        for (int nodeId : nodeIds) {
            state = LocalCluster.start(dir, nodeId);
        }
        LocalCluster.awaitBrokers(state, Duration.ofSeconds(60));
    }

    @Override
    public void close() throws Exception {
        try {
            LocalCluster.down(dir, Duration.ofSeconds(15));
        } finally {
            killAll(dir);
            keepLogs(testClass, dir);
        }
    }

    private static void killAll(Path dir) throws Exception {
        if (LocalClusterState.exists(dir)) {
            for (LocalNode n : LocalClusterState.read(dir).nodes()) {
                NodeProcesses.kill(n);
            }
        }
    }
}
