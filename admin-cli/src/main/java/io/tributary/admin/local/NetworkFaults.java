package io.tributary.admin.local;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Packet-level cuts between the nodes of a local cluster, through nftables ({@link NftScript}).
 * Needs the {@code nft} command and the right to change the firewall (root or CAP_NET_ADMIN);
 * without them every operation fails with a message that says so.
 */
public final class NetworkFaults {
    private final String table;

    public NetworkFaults(LocalClusterState cluster) {
        this.table = NftScript.table(cluster.clusterId());
    }

    public String table() {
        return table;
    }

    /** Cuts {@code nodeId} off from every other node of the cluster (clients can still reach it). */
    public void isolate(LocalClusterState cluster, int nodeId) throws IOException {
        Set<Integer> others = new TreeSet<>();
        cluster.nodes().forEach(n -> others.add(n.id()));
        others.remove(nodeId);
        partition(cluster, List.of(nodeId), others);
    }

    /** Cuts every link between the nodes {@code side} and the nodes {@code from}. */
    public void partition(LocalClusterState cluster, Collection<Integer> side, Collection<Integer> from) throws IOException {
        if (side.isEmpty() || from.isEmpty()) {
            throw new IllegalArgumentException("A partition needs nodes on both sides");
        }
        run(NftScript.partition(table, hosts(cluster, side), hosts(cluster, from)));
    }

    /** Removes every cut this cluster has. */
    public void heal() throws IOException {
        run(NftScript.heal(table));
    }

    private static List<String> hosts(LocalClusterState cluster, Collection<Integer> ids) {
        return ids.stream().map(id -> LocalCluster.node(cluster, id).host()).toList();
    }

    private static void run(String script) throws IOException {
        String nft = Executables.find("nft").orElseThrow(() -> new LocalClusterException(
                "Network faults need nftables' 'nft' command, which is not installed (Debian/Ubuntu: apt-get install nftables)"));
        Process p = new ProcessBuilder(nft, "-f", "-").redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(script.getBytes(StandardCharsets.UTF_8));
        }
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new LocalClusterException("nft did not finish within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while running nft", e);
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.exitValue() != 0) {
            if (output.contains("Operation not permitted") || output.contains("Permission denied")) {
                throw new LocalClusterException("nft was refused (" + firstLine(output)
                        + "): network faults need root or CAP_NET_ADMIN");
            }
            throw new LocalClusterException("nft failed: " + firstLine(output));
        }
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
