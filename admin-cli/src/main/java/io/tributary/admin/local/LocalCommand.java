package io.tributary.admin.local;

import io.tributary.admin.output.OutputFormat;
import io.tributary.admin.output.Printer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tributary local up|down|status}: a cluster of node processes on this machine's loopback;
 * plus the fault commands of {@link LocalFaultCommands}.
 */
@Command(name = "local", description = "Run a cluster of nodes on this machine (loopback only).",
        subcommands = {LocalCommand.Up.class, LocalCommand.Down.class, LocalCommand.Status.class,
                LocalFaultCommands.Kill.class, LocalFaultCommands.Restart.class, LocalFaultCommands.Pause.class,
                LocalFaultCommands.Resume.class, LocalFaultCommands.Isolate.class, LocalFaultCommands.Partition.class,
                LocalFaultCommands.Heal.class, LocalFaultCommands.SkewClock.class},
        mixinStandardHelpOptions = true)
public final class LocalCommand {

    static Path defaultDir() {
        return Path.of(System.getenv().getOrDefault("TRIBUTARY_LOCAL_DIR", ".tributary/local"));
    }

    @Command(name = "up", description = "Start a local cluster and wait until every broker serves; writes DIR/bootstrap.servers.",
            mixinStandardHelpOptions = true)
    static final class Up implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Option(names = "--dir", description = "Cluster directory (default: ${DEFAULT-VALUE}).") Path dir = defaultDir();
        @Option(names = "--nodes", description = "Number of nodes, each broker and controller (default: ${DEFAULT-VALUE}).") int nodes = 3;
        @Option(names = "--timeout", description = "How long to wait for the cluster, e.g. 60s (default: ${DEFAULT-VALUE}).") String timeout = "60s";
        @Option(names = {"-o", "--output"}, description = "table, json or yaml (default: ${DEFAULT-VALUE}).") OutputFormat output = OutputFormat.TABLE;
        @Option(names = "--set", paramLabel = "KEY=VALUE",
                description = "A node setting for every node of a new cluster (Kafka key names), e.g. --set group.initial.rebalance.delay.ms=0; repeatable.")
        Map<String, String> overrides = new LinkedHashMap<>();

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            LocalClusterState cluster = LocalCluster.up(dir, nodes, overrides, Durations.parse(timeout));
            print(new Printer(out, output), cluster, dir);
            return 0;
        }
    }

    @Command(name = "down", description = "Stop the local cluster (controlled shutdown, then kill after a grace period).",
            mixinStandardHelpOptions = true)
    static final class Down implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Option(names = "--dir", description = "Cluster directory (default: ${DEFAULT-VALUE}).") Path dir = defaultDir();
        @Option(names = "--grace", description = "Time each node gets to shut down cleanly (default: ${DEFAULT-VALUE}).") String grace = "30s";
        @Option(names = "--delete", description = "Also delete the cluster directory and all its data.") boolean delete;

        @Override
        public Integer call() throws Exception {
            int stopped = LocalCluster.down(dir, Durations.parse(grace));
            if (delete) {
                DirectoryCleaner.delete(dir);
            }
            spec.commandLine().getOut().println("Stopped " + stopped + " node(s)" + (delete ? "; deleted " + dir : ""));
            return 0;
        }
    }

    @Command(name = "status", description = "Show the nodes of the local cluster.", mixinStandardHelpOptions = true)
    static final class Status implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Option(names = "--dir", description = "Cluster directory (default: ${DEFAULT-VALUE}).") Path dir = defaultDir();
        @Option(names = {"-o", "--output"}, description = "table, json or yaml (default: ${DEFAULT-VALUE}).") OutputFormat output = OutputFormat.TABLE;

        @Override
        public Integer call() throws Exception {
            LocalClusterState cluster = LocalClusterState.read(dir);
            print(new Printer(spec.commandLine().getOut(), output), cluster, dir);
            return cluster.nodes().stream().allMatch(n -> NodeProcesses.handle(n).isPresent()) ? 0 : 3;
        }
    }

    private static void print(Printer printer, LocalClusterState cluster, Path dir) {
        List<List<String>> rows = new ArrayList<>();
        List<Map<String, Object>> nodes = new ArrayList<>();
        for (LocalNode n : cluster.nodes()) {
            boolean alive = NodeProcesses.handle(n).isPresent();
            rows.add(List.of(Integer.toString(n.id()), alive ? "running" : "stopped", n.pid() > 0 ? Long.toString(n.pid()) : "-",
                    n.bootstrap(), n.host() + ":" + n.raftPort(), n.dir()));
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("id", n.id());
            node.put("state", alive ? "running" : "stopped");
            node.put("pid", n.pid());
            node.put("kafka", n.bootstrap());
            node.put("quorum", n.host() + ":" + n.raftPort());
            node.put("dir", n.dir());
            nodes.add(node);
        }
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("clusterId", cluster.clusterId());
        value.put("bootstrapServers", cluster.bootstrapServers());
        value.put("bootstrapFile", dir.resolve(LocalClusterState.BOOTSTRAP_FILE).toAbsolutePath().toString());
        value.put("nodes", nodes);
        printer.print(value, List.of("NODE", "STATE", "PID", "KAFKA", "QUORUM", "DIR"), rows);
    }

    /** Removes a directory tree; used by {@code down --delete}. */
    static final class DirectoryCleaner {
        private DirectoryCleaner() {
        }

        static void delete(Path dir) throws IOException {
            if (!java.nio.file.Files.exists(dir)) {
                return;
            }
            try (var paths = java.nio.file.Files.walk(dir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    java.nio.file.Files.deleteIfExists(p);
                }
            }
        }
    }
}
