package io.tributary.admin.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What {@code tributary local} knows about a cluster it started: kept in {@code <dir>/cluster.json}
 * (written atomically) so that {@code down}, {@code status} and fault commands find the nodes again.
 */
public record LocalClusterState(String clusterId, List<LocalNode> nodes, Map<String, String> overrides) {
    static final String FILE = "cluster.json";
    static final String BOOTSTRAP_FILE = "bootstrap.servers";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * @param overrides node settings given to {@code local up --set KEY=VALUE}, applied to every node's
     *                  configuration over the planned values (null in files written before they existed)
     */
    public LocalClusterState {
        nodes = List.copyOf(nodes);
        overrides = overrides == null ? Map.of() : Map.copyOf(new TreeMap<>(overrides));
    }

    public LocalClusterState(String clusterId, List<LocalNode> nodes) {
        this(clusterId, nodes, Map.of());
    }

    public String bootstrapServers() {
        return nodes.stream().map(LocalNode::bootstrap).collect(Collectors.joining(","));
    }

    public LocalClusterState withNode(LocalNode node) {
        List<LocalNode> updated = new ArrayList<>();
        for (LocalNode n : nodes) {
            updated.add(n.id() == node.id() ? node : n);
        }
        return new LocalClusterState(clusterId, updated, overrides);
    }

    public static boolean exists(Path dir) {
        return Files.exists(dir.resolve(FILE));
    }

    public static LocalClusterState read(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.exists(file)) {
            throw new IOException("No local cluster in " + dir + " (no " + FILE + "); start one with 'tributary local up --dir " + dir + "'");
        }
        return JSON.readValue(file.toFile(), LocalClusterState.class);
    }

    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path tmp = dir.resolve(FILE + ".tmp");
        JSON.writeValue(tmp.toFile(), this);
        Files.move(tmp, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Path btmp = dir.resolve(BOOTSTRAP_FILE + ".tmp");
        Files.writeString(btmp, bootstrapServers() + "\n");
        Files.move(btmp, dir.resolve(BOOTSTRAP_FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
