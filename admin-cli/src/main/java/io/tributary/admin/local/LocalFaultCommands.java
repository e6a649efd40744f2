package io.tributary.admin.local;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Fault injection on a local cluster for users' own chaos tests: {@code tributary local
 * kill|restart|pause|resume|isolate|partition|heal|skew-clock}. Each command does one thing and
 * returns at once; a fault stays until it is undone (resume, heal, restart, skew-clock NODE 0).
 */
final class LocalFaultCommands {
    private LocalFaultCommands() {
    }

    /** Options every fault command shares. */
    abstract static class FaultCommand implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Option(names = "--dir", description = "Cluster directory (default: ${DEFAULT-VALUE}).") Path dir = LocalCommand.defaultDir();

        void say(String line) {
            spec.commandLine().getOut().println(line);
        }

        LocalNode node(int id) throws Exception {
            return LocalCluster.node(LocalClusterState.read(dir), id);
        }

        /** Exit code 1 with a message when the node was not running. */
        int done(boolean ran, int id, String what) {
            if (!ran) {
                spec.commandLine().getErr().println("Error: node " + id + " is not running");
                return 1;
            }
            say("Node " + id + " " + what);
            return 0;
        }
    }

    @Command(name = "kill", description = "SIGKILL a node (no controlled shutdown); start it again with 'local restart'.",
            mixinStandardHelpOptions = true)
    static final class Kill extends FaultCommand {
        @Parameters(paramLabel = "NODE") int node;

        @Override
        public Integer call() throws Exception {
            return done(LocalCluster.kill(dir, node), node, "killed");
        }
    }

    @Command(name = "restart", description = "Restart a node: controlled shutdown if it runs, then start it with the same id, address and data.",
            mixinStandardHelpOptions = true)
    static final class Restart extends FaultCommand {
        @Parameters(paramLabel = "NODE") int node;
        @Option(names = "--grace", description = "Time the node gets to shut down cleanly (default: ${DEFAULT-VALUE}).") String grace = "30s";

        @Override
        public Integer call() throws Exception {
            LocalClusterState cluster = LocalCluster.restart(dir, node, Durations.parse(grace));
            say("Node " + node + " started (pid " + LocalCluster.node(cluster, node).pid() + ")");
            return 0;
        }
    }

    @Command(name = "pause", description = "SIGSTOP a node: it freezes with its connections open (a 'zombie'); undo with 'local resume'.",
            mixinStandardHelpOptions = true)
    static final class Pause extends FaultCommand {
        @Parameters(paramLabel = "NODE") int node;

        @Override
        public Integer call() throws Exception {
            return done(NodeProcesses.pause(node(node)), node, "paused");
        }
    }

    @Command(name = "resume", description = "SIGCONT a paused node.", mixinStandardHelpOptions = true)
    static final class Resume extends FaultCommand {
        @Parameters(paramLabel = "NODE") int node;

        @Override
        public Integer call() throws Exception {
            return done(NodeProcesses.resume(node(node)), node, "resumed");
        }
    }

    @Command(name = "isolate", description = "Drop every packet between a node and the other nodes (needs root and nft); undo with 'local heal'.",
            mixinStandardHelpOptions = true)
    static final class Isolate extends FaultCommand {
        @Parameters(paramLabel = "NODE") int node;

        @Override
        public Integer call() throws Exception {
            LocalClusterState cluster = LocalClusterState.read(dir);
            new NetworkFaults(cluster).isolate(cluster, node);
            say("Node " + node + " isolated from the other nodes");
            return 0;
        }
    }

    @Command(name = "partition", description = "Drop every packet between NODES and the nodes after --from (needs root and nft); undo with 'local heal'.",
            mixinStandardHelpOptions = true)
    static final class Partition extends FaultCommand {
        @Parameters(paramLabel = "NODES", arity = "1..*") List<Integer> side;
        @Option(names = "--from", paramLabel = "NODES", arity = "1..*", required = true, description = "The nodes on the other side.")
        List<Integer> from;

        @Override
        public Integer call() throws Exception {
            LocalClusterState cluster = LocalClusterState.read(dir);
            new NetworkFaults(cluster).partition(cluster, side, from);
            say("Nodes " + side + " cut off from nodes " + from);
            return 0;
        }
    }

    @Command(name = "heal", description = "Remove every network cut of this cluster (its own nft table).", mixinStandardHelpOptions = true)
    static final class Heal extends FaultCommand {
        @Override
        public Integer call() throws Exception {
            NetworkFaults faults = new NetworkFaults(LocalClusterState.read(dir));
            faults.heal();
            say("Healed: removed nft table inet " + faults.table());
            return 0;
        }
    }

    @Command(name = "skew-clock", description = "Restart a node with its wall clock shifted (libfaketime), e.g. skew-clock 2 +60s, skew-clock 2 -- -30s; 0 clears.",
            mixinStandardHelpOptions = true)
    static final class SkewClock extends FaultCommand {
        @Parameters(index = "0", paramLabel = "NODE") int node;
        @Parameters(index = "1", paramLabel = "±DURATION") String skew;
        @Option(names = "--grace", description = "Time the node gets to shut down cleanly (default: ${DEFAULT-VALUE}).") String grace = "30s";

        @Override
        public Integer call() throws Exception {
            ClockSkew clock = ClockSkew.parse(skew);
            if (clock.seconds() != 0) {
                ClockSkew.library();
            }
            clock.write(Path.of(node(node).dir()));
            LocalCluster.restart(dir, node, Durations.parse(grace));
            say("Node " + node + " restarted with its clock " + (clock.seconds() == 0 ? "real" : "shifted by " + skew));
            return 0;
        }
    }
}
