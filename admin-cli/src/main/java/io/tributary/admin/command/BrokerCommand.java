package io.tributary.admin.command;

import io.tributary.admin.client.CliException;
import io.tributary.admin.local.Durations;
import io.tributary.admin.output.Json;
import io.tributary.admin.output.Printer.Table;
import io.tributary.admin.output.ProgressBar;
import io.tributary.admin.output.Terminal;
import io.tributary.admin.plan.DecommissionPlanner;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tributary broker decommission ID}: move every replica off a broker before it is retired. */
@Command(name = "broker", description = "Broker operations.", mixinStandardHelpOptions = true,
        subcommands = {BrokerCommand.Decommission.class})
public final class BrokerCommand {

    @Command(name = "decommission", description = "Move all replicas off a broker (AlterPartitionReassignments), with progress.",
            mixinStandardHelpOptions = true)
    static final class Decommission extends ClusterCall {
        @Parameters(paramLabel = "ID") int broker;
        @Option(names = "--dry-run", description = "Only show where each replica would go.") boolean dryRun;
        @Option(names = "--throttle", paramLabel = "BYTES_PER_SEC", description = "Replication throttle while moving.") Long throttle;
        @Option(names = "--wait", paramLabel = "DURATION", description = "How long to follow the moves; 0s to only start them (default: ${DEFAULT-VALUE}).")
        String wait = "30m";

        @Override
        int run(Admin admin) throws Exception {
            List<Node> nodes = new ArrayList<>(admin.describeCluster(new DescribeClusterOptions().includeFencedBrokers(true)).nodes().get());
            if (nodes.stream().noneMatch(n -> n.id() == broker)) {
                throw new CliException("Unknown broker " + broker + ".");
            }
            List<Integer> live = nodes.stream().filter(n -> !n.isFenced() && n.id() != broker).map(Node::id).sorted().toList();
            var names = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get();
            Map<TopicPartition, List<Integer>> current = new LinkedHashMap<>();
            if (!names.isEmpty()) {
                for (TopicDescription d : admin.describeTopics(names).allTopicNames().get().values()) {
                    for (TopicPartitionInfo p : d.partitions()) {
                        current.put(new TopicPartition(d.name(), p.partition()), p.replicas().stream().map(Node::id).toList());
                    }
                }
            }
            Map<TopicPartition, List<Integer>> target;
            try {
                target = DecommissionPlanner.plan(current, broker, live);
            } catch (IllegalArgumentException e) {
                throw new CliException(e.getMessage() + ".");
            }
            if (target.isEmpty()) {
                printer().message(Json.obj("broker", broker, "status", "empty", "partitions", List.of()), "Broker " + broker + " holds no replicas");
                return 0;
            }
            Map<TopicPartition, List<Integer>> from = new LinkedHashMap<>();
            target.keySet().forEach(tp -> from.put(tp, current.get(tp)));
            if (dryRun) {
                List<Map<String, Object>> json = new ArrayList<>();
                List<List<String>> rows = new ArrayList<>();
                target.forEach((tp, to) -> {
                    json.add(Json.obj("topic", tp.topic(), "partition", tp.partition(), "currentReplicas", from.get(tp), "targetReplicas", to));
                    rows.add(List.of(tp.topic(), Integer.toString(tp.partition()), Args.join(from.get(tp)), Args.join(to)));
                });
                printer().print(Json.obj("broker", broker, "status", "planned", "partitions", json),
                        List.of(new Table("Plan to empty broker " + broker + " (dry run):", List.of("TOPIC", "PARTITION", "FROM", "TO"), rows)));
                return 0;
            }
            return Reassignments.execute(admin, printer(), new ProgressBar(err(), Terminal.interactive()), from, target, throttle, Durations.parse(wait));
        }
    }
}
