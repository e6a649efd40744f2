package io.tributary.metadata.quorum;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Properties;
import java.util.UUID;

import org.apache.ratis.protocol.RaftGroupId;

/**
 * The identity a data directory belongs to: {@code cluster.id} and {@code node.id}, kept in
 * {@code <dir>/meta.properties} (Kafka's file name and keys, {@code version=1}).
 *
 * <p>Written on the first start; every later start compares it with the configuration and refuses
 * on a mismatch, so a disk moved to the wrong node or cluster never silently joins it. The file is
 * written to a temporary name, fsynced and renamed, so a crash leaves either no file (the next start
 * writes it again) or a whole one.
 */
public record NodeIdentity(String clusterId, int nodeId) {

    public static final String FILE_NAME = "meta.properties";

    /**
     * Returns the identity stored in {@code dir}, writing it first if the directory has none.
     *
     * @throws IllegalStateException if the directory belongs to another cluster or node
     */
    public static NodeIdentity loadOrCreate(Path dir, String clusterId, int nodeId) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        NodeIdentity expected = new NodeIdentity(clusterId, nodeId);
        if (!Files.exists(file)) {
            Files.createDirectories(dir);
            write(file, expected);
            return expected;
        }
        NodeIdentity stored = read(file);
        if (!stored.clusterId().equals(clusterId)) {
            throw new IllegalStateException("Refusing to start: " + file + " belongs to cluster.id "
                    + stored.clusterId() + " but this node is configured with cluster.id " + clusterId
                    + ". Is this the right data directory?");
        }
        if (stored.nodeId() != nodeId) {
            throw new IllegalStateException("Refusing to start: " + file + " belongs to node.id "
                    + stored.nodeId() + " but this node is configured with node.id " + nodeId
                    + ". Is this the right data directory?");
        }
        return stored;
    }

    /**
     * The Raft group id of the cluster's metadata quorum, derived from the cluster id alone so that
     * every node computes the same one without coordination.
     */
    public RaftGroupId raftGroupId() {
        return groupIdFor(clusterId);
    }

    static RaftGroupId groupIdFor(String clusterId) {
        byte[] seed = ("tributary-metadata/" + clusterId).getBytes(StandardCharsets.UTF_8);
        return RaftGroupId.valueOf(UUID.nameUUIDFromBytes(seed));
    }

    private static NodeIdentity read(Path file) throws IOException {
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            props.load(in);
        }
        String clusterId = props.getProperty("cluster.id");
        String nodeId = props.getProperty("node.id");
        if (clusterId == null || nodeId == null) {
            throw new IllegalStateException("Refusing to start: " + file
                    + " lacks cluster.id or node.id; it is damaged or not Tributary's");
        }
        try {
            return new NodeIdentity(clusterId.trim(), Integer.parseInt(nodeId.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalStateException("Refusing to start: " + file + " has node.id '" + nodeId
                    + "', which is not a number", e);
        }
    }

    private static void write(Path file, NodeIdentity identity) throws IOException {
        Properties props = new Properties();
        props.setProperty("version", "1");
        props.setProperty("cluster.id", identity.clusterId());
        props.setProperty("node.id", Integer.toString(identity.nodeId()));
        Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            props.store(out, "Written by Tributary on first start; do not edit");
        }
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
