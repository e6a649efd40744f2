package io.tributary.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.admin.local.LocalNode;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.NewTopic;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every connection a node opens to another node (quorum peers and clients, replica fetchers)
 * leaves from the node's own address, so a packet filter can cut one link. Read from the kernel:
 * the node's socket inodes (/proc/PID/fd) matched against /proc/net/tcp and tcp6.
 */
@Timeout(180)
class SourceAddressIT extends ClusterTestBase {

    @Override
    protected int nodes() {
        return 3;
    }

    @Override
    protected void onClusterStarted() throws Exception {
        admin.createTopics(List.of(new NewTopic("replicated", 3, (short) 3))).all().get();
    }

    /** One established TCP connection: local and remote address and port. */
    record Connection(String localHost, int localPort, String remoteHost, int remotePort) {
    }

    @Test
    void shouldOpenEveryConnectionToAnotherNodeFromTheNodesOwnAddress() {
        List<LocalNode> nodes = cluster.state().nodes();
        Set<Integer> serverPorts = new HashSet<>();
        nodes.forEach(n -> {
            serverPorts.add(n.kafkaPort());
            serverPorts.add(n.raftPort());
        });
        Set<String> nodeHosts = new HashSet<>();
        nodes.forEach(n -> nodeHosts.add(n.host()));

        Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).untilAsserted(() -> {
            for (LocalNode n : nodes) {
                List<Connection> outgoing = connections(n.pid()).stream()
                        .filter(c -> nodeHosts.contains(c.remoteHost()) && serverPorts.contains(c.remotePort())
                                && !(c.localHost().equals(n.host()) && (c.localPort() == n.kafkaPort() || c.localPort() == n.raftPort())))
                        .toList();
                // Quorum traffic to both peers and replica fetchers exist on every node of a 3-node cluster.
                assertThat(outgoing).as("outgoing connections of node " + n.id()).hasSizeGreaterThanOrEqualTo(2);
                assertThat(outgoing).as("node " + n.id() + " connects from " + n.host())
                        .allSatisfy(c -> assertThat(c.localHost()).isEqualTo(n.host()));
            }
        });
    }

    private static List<Connection> connections(long pid) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException e) {
                    // The descriptor closed while we listed them.
                }
            }
        }
        List<Connection> out = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            List<String> lines = Files.readAllLines(Path.of(table));
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                // f[3] is the state: 01 = ESTABLISHED; f[9] the inode.
                if (f[3].equals("01") && inodes.contains(f[9])) {
                    String[] local = f[1].split(":");
                    String[] remote = f[2].split(":");
                    out.add(new Connection(ipv4(local[0]), Integer.parseInt(local[1], 16), ipv4(remote[0]), Integer.parseInt(remote[1], 16)));
                }
            }
        }
        return out;
    }

    /** The IPv4 address in /proc/net/tcp's hex (little-endian words); for tcp6, the IPv4-mapped tail. */
    private static String ipv4(String hex) throws IOException {
        String word = hex.substring(hex.length() - 8);
        byte[] b = new BigInteger(word, 16).toByteArray();
        byte[] four = new byte[4];
        for (int i = 0; i < 4; i++) {
            int src = b.length - 1 - i;
            four[i] = src >= 0 ? b[src] : 0;
        }
        return InetAddress.getByAddress(four).getHostAddress();
    }
}
