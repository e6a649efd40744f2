package io.tributary.admin.command;

import io.tributary.admin.output.Json;
import io.tributary.admin.output.Printer.Table;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.common.Node;
import picocli.CommandLine.Command;

/** {@code tributary cluster describe}: the cluster id, the brokers (fenced ones too) and the active controller. */
@Command(name = "cluster", description = "Show the cluster's brokers and controller.", mixinStandardHelpOptions = true,
        subcommands = {ClusterCommand.Describe.class})
public final class ClusterCommand {

    @Command(name = "describe", description = "Show the cluster id, every broker (host:port, rack, fenced or not) and the active controller.",
            mixinStandardHelpOptions = true)
    static final class Describe extends ClusterCall {
        @Override
        int run(Admin admin) throws Exception {
            DescribeClusterResult r = admin.describeCluster(new DescribeClusterOptions().includeFencedBrokers(true));
            String clusterId = r.clusterId().get();
            Node controller = r.controller().get();
            List<Node> nodes = new ArrayList<>(r.nodes().get());
            nodes.sort(Comparator.comparingInt(Node::id));
            Integer controllerId = controller == null || controller.isEmpty() ? null : controller.id();
            List<Map<String, Object>> brokers = new ArrayList<>();
            List<List<String>> rows = new ArrayList<>();
            for (Node n : nodes) {
                String status = n.isFenced() ? "fenced" : "unfenced";
                boolean isController = controllerId != null && controllerId == n.id();
                brokers.add(Json.obj("id", n.id(), "host", n.host(), "port", n.port(), "rack", n.rack(), "fenced", n.isFenced(), "controller", isController));
                rows.add(List.of(Integer.toString(n.id()), n.host() + ":" + n.port(), n.hasRack() ? n.rack() : "-", status, isController ? "yes" : ""));
            }
            String title = "Cluster: " + clusterId + "  controller: " + (controllerId == null ? "none" : controllerId) + "  brokers: " + nodes.size()
                    + " (" + nodes.stream().filter(Node::isFenced).count() + " fenced)";
            printer().print(Json.obj("clusterId", clusterId, "controllerId", controllerId, "brokers", brokers),
                    List.of(new Table(title, List.of("BROKER", "ADDRESS", "RACK", "STATUS", "CONTROLLER"), rows)));
            return 0;
        }
    }
}
