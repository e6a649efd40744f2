package io.tributary.admin.command;

import io.tributary.admin.client.CliException;
import io.tributary.admin.client.ErrorMessages;
import io.tributary.admin.local.Durations;
import io.tributary.admin.output.Json;
import io.tributary.admin.output.Printer.Table;
import io.tributary.admin.output.ProgressBar;
import io.tributary.admin.output.Terminal;
import io.tributary.admin.plan.ReassignmentJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.PartitionReassignment;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.ElectionNotNeededException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tributary partition describe|reassign|cancel-reassign|elect-leaders}. */
@Command(name = "partition", description = "Inspect partitions, move replicas and elect leaders.", mixinStandardHelpOptions = true,
        subcommands = {PartitionCommand.Describe.class, PartitionCommand.Reassign.class, PartitionCommand.CancelReassign.class,
                PartitionCommand.ElectLeaders.class})
public final class PartitionCommand {

    @Command(name = "describe", description = "Show each partition's leader, replicas, ISR, log start and end offsets, and any reassignment.",
            mixinStandardHelpOptions = true)
    static final class Describe extends ClusterCall {
        @Parameters(paramLabel = "TOPIC") String topic;
        @Option(names = {"-p", "--partition"}, paramLabel = "N", description = "Only these partitions; repeatable.") List<Integer> only = new ArrayList<>();

        @Override
        int run(Admin admin) throws Exception {
            TopicDescription d = Topics.describe(admin, List.of(topic)).get(topic);
            List<TopicPartitionInfo> infos = d.partitions().stream().filter(p -> only.isEmpty() || only.contains(p.partition())).toList();
            for (int p : only) {
                if (p < 0 || p >= d.partitions().size()) {
                    throw new CliException("Topic '" + topic + "' has no partition " + p + " (it has " + d.partitions().size() + ").");
                }
            }
            Set<TopicPartition> tps = new HashSet<>();
            infos.forEach(p -> tps.add(new TopicPartition(topic, p.partition())));
            Map<TopicPartition, Long> start = Groups.offsets(admin, tps, OffsetSpec.earliest());
            Map<TopicPartition, Long> end = Groups.offsets(admin, tps, OffsetSpec.latest());
            Map<TopicPartition, PartitionReassignment> moving = reassigning(admin, tps);
            List<Map<String, Object>> json = new ArrayList<>();
            List<List<String>> rows = new ArrayList<>();
            for (TopicPartitionInfo p : infos) {
                TopicPartition tp = new TopicPartition(topic, p.partition());
                PartitionReassignment r = moving == null ? null : moving.get(tp);
                Map<String, Object> m = TopicCommand.partitionJson(p);
                m.put("logStartOffset", start.get(tp));
                m.put("logEndOffset", end.get(tp));
                m.put("reassignment", r == null ? null : Json.obj("adding", r.addingReplicas(), "removing", r.removingReplicas()));
                json.add(m);
                String moveText = moving == null ? "?" : r == null ? "-" : "+" + Args.join(r.addingReplicas()) + " -" + Args.join(r.removingReplicas());
                rows.add(List.of(Integer.toString(p.partition()), TopicCommand.leader(p), TopicCommand.ids(p.replicas()), TopicCommand.ids(p.isr()),
                        String.valueOf(start.get(tp)), String.valueOf(end.get(tp)), moveText));
            }
            printer().print(Json.obj("topic", topic, "partitions", json),
                    List.of(new Table(null, List.of("PARTITION", "LEADER", "REPLICAS", "ISR", "START", "END", "REASSIGNING"), rows)));
            return 0;
        }

        /** Null when the cluster does not serve ListPartitionReassignments. */
        private static Map<TopicPartition, PartitionReassignment> reassigning(Admin admin, Set<TopicPartition> tps) throws Exception {
            try {
                return admin.listPartitionReassignments(tps).reassignments().get();
            } catch (java.util.concurrent.ExecutionException e) {
                if (ErrorMessages.unwrap(e) instanceof UnsupportedVersionException) {
                    return null;
                }
                throw e;
            }
        }
    }

    @Command(name = "reassign", description = "Move replicas as a Kafka reassignment JSON file says, showing progress and ETA.",
            mixinStandardHelpOptions = true)
    static final class Reassign extends ClusterCall {
        @Parameters(paramLabel = "FILE", description = "Kafka's reassignment JSON ({\"version\":1,\"partitions\":[{\"topic\":...,\"partition\":...,\"replicas\":[...]}]}), - for stdin.")
        String file;
        @Option(names = "--throttle", paramLabel = "BYTES_PER_SEC", description = "Replication throttle while moving (Kafka's *.replication.throttled.* configs; removed when done).")
        Long throttle;
        @Option(names = "--wait", paramLabel = "DURATION", description = "How long to follow the reassignment; 0s to only start it (default: ${DEFAULT-VALUE}).")
        String wait = "10m";

        @Override
        int run(Admin admin) throws Exception {
            String text = "-".equals(file) ? new String(System.in.readAllBytes()) : readFile(Path.of(file));
            Map<TopicPartition, List<Integer>> target;
            try {
                target = ReassignmentJson.parse(text);
            } catch (IllegalArgumentException e) {
                throw new CliException(e.getMessage() + ".");
            }
            if (throttle != null && throttle <= 0) {
                throw new CliException("--throttle must be a positive number of bytes per second.");
            }
            Map<TopicPartition, List<Integer>> current = Reassignments.current(admin, target.keySet());
            return Reassignments.execute(admin, printer(), new ProgressBar(err(), Terminal.interactive()), current, target, throttle, Durations.parse(wait));
        }

        private static String readFile(Path p) throws java.io.IOException {
            if (!Files.isReadable(p)) {
                throw new CliException("Cannot read the reassignment file " + p + ".");
            }
            return Files.readString(p);
        }
    }

    @Command(name = "cancel-reassign", description = "Stop ongoing reassignments of partitions (replicas go back to the original set).",
            mixinStandardHelpOptions = true)
    static final class CancelReassign extends ClusterCall {
        @Parameters(paramLabel = "TOPIC:PARTITION", arity = "1..*") List<String> partitions;

        @Override
        int run(Admin admin) throws Exception {
            Map<TopicPartition, Optional<NewPartitionReassignment>> request = new LinkedHashMap<>();
            for (String s : partitions) {
                request.put(parsePartition(s), Optional.empty());
            }
            admin.alterPartitionReassignments(request).all().get();
            List<String> names = request.keySet().stream().map(TopicPartition::toString).toList();
            printer().message(Map.of("cancelled", names), "Cancelled reassignment of " + String.join(", ", names));
            return 0;
        }
    }

    /** {@code orders:3} → orders-3. */
    static TopicPartition parsePartition(String s) {
        int colon = s.lastIndexOf(':');
        if (colon <= 0 || !s.substring(colon + 1).matches("\\d+")) {
            throw new CliException("Expected TOPIC:PARTITION but got '" + s + "'.");
        }
        return new TopicPartition(s.substring(0, colon), Integer.parseInt(s.substring(colon + 1)));
    }

    @Command(name = "elect-leaders", description = "Elect partition leaders: the preferred replica, or (unclean) any live replica.",
            mixinStandardHelpOptions = true)
    static final class ElectLeaders extends ClusterCall {
        @Option(names = "--type", description = "preferred or unclean (default: ${DEFAULT-VALUE}).") ElectionType type = ElectionType.PREFERRED;
        @Option(names = {"-t", "--topic"}, description = "Only this topic (default: every partition).") String topic;
        @Option(names = {"-p", "--partition"}, paramLabel = "N", description = "Only these partitions of --topic; repeatable.") List<Integer> only = new ArrayList<>();

        @Override
        int run(Admin admin) throws Exception {
            Set<TopicPartition> tps = null;
            if (topic != null) {
                TopicDescription d = Topics.describe(admin, List.of(topic)).get(topic);
                tps = new HashSet<>();
                for (TopicPartitionInfo p : d.partitions()) {
                    if (only.isEmpty() || only.contains(p.partition())) {
                        tps.add(new TopicPartition(topic, p.partition()));
                    }
                }
            } else if (!only.isEmpty()) {
                throw new CliException("--partition needs --topic.");
            }
            Map<TopicPartition, Optional<Throwable>> result = admin.electLeaders(type, tps).partitions().get();
            List<TopicPartition> sorted = new ArrayList<>(result.keySet());
            sorted.sort(Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
            List<Map<String, Object>> json = new ArrayList<>();
            List<List<String>> rows = new ArrayList<>();
            int failed = 0;
            for (TopicPartition tp : sorted) {
                Optional<Throwable> error = result.get(tp);
                String outcome = error.isEmpty() ? "elected" : error.get() instanceof ElectionNotNeededException ? "not-needed" : "failed";
                failed += outcome.equals("failed") ? 1 : 0;
                String message = error.map(e -> ErrorMessages.sentence(e, null)).orElse(null);
                json.add(Json.obj("topic", tp.topic(), "partition", tp.partition(), "result", outcome, "error", outcome.equals("failed") ? message : null));
                rows.add(List.of(tp.topic(), Integer.toString(tp.partition()), outcome.equals("failed") ? "failed: " + message : outcome));
            }
            printer().print(Json.obj("electionType", type.name().toLowerCase(), "partitions", json),
                    List.of(new Table(null, List.of("TOPIC", "PARTITION", "RESULT"), rows)));
            return failed == 0 ? 0 : 1;
        }
    }
}
