package io.tributary.admin.command;

import io.tributary.admin.client.CliException;
import io.tributary.admin.output.Json;
import io.tributary.admin.output.Printer;
import io.tributary.admin.output.Printer.Table;
import io.tributary.admin.output.ProgressBar;
import io.tributary.admin.plan.ReassignmentProgress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;

/**
 * Starts a reassignment (AlterPartitionReassignments), optionally throttled with Kafka's throttle
 * configs, and follows it (ListPartitionReassignments) with a progress bar and ETA until it is done
 * or the wait runs out. Shared by {@code partition reassign} and {@code broker decommission}.
 */
final class Reassignments {
    static final String LEADER_RATE = "leader.replication.throttled.rate";
    static final String FOLLOWER_RATE = "follower.replication.throttled.rate";
    static final String LEADER_REPLICAS = "leader.replication.throttled.replicas";
    static final String FOLLOWER_REPLICAS = "follower.replication.throttled.replicas";

    private Reassignments() {
    }

    /** Current replicas of the given partitions; an unknown topic or partition is a {@link CliException}. */
    static Map<TopicPartition, List<Integer>> current(Admin admin, Collection<TopicPartition> partitions) throws Exception {
        Set<String> topics = new TreeSet<>();
        partitions.forEach(tp -> topics.add(tp.topic()));
        Map<String, TopicDescription> described = Topics.describe(admin, topics);
        Map<TopicPartition, List<Integer>> out = new LinkedHashMap<>();
        for (TopicPartition tp : partitions) {
            var parts = described.get(tp.topic()).partitions();
            if (tp.partition() >= parts.size()) {
                throw new CliException("Unknown partition " + tp + " (topic " + tp.topic() + " has " + parts.size() + " partitions).");
            }
            out.put(tp, parts.get(tp.partition()).replicas().stream().map(Node::id).toList());
        }
        return out;
    }

    /** Prints the plan, applies it and, when {@code wait} is positive, follows it; returns the exit code. */
    static int execute(Admin admin, Printer printer, ProgressBar bar, Map<TopicPartition, List<Integer>> current,
                       Map<TopicPartition, List<Integer>> target, Long throttleBytes, Duration wait) throws Exception {
        Set<Integer> brokers = new TreeSet<>();
        current.values().forEach(brokers::addAll);
        target.values().forEach(brokers::addAll);
        if (throttleBytes != null) {
            throttle(admin, brokers, target.keySet(), throttleBytes);
        }
        Map<TopicPartition, Optional<NewPartitionReassignment>> request = new LinkedHashMap<>();
        target.forEach((tp, replicas) -> request.put(tp, Optional.of(new NewPartitionReassignment(replicas))));
        admin.alterPartitionReassignments(request).all().get();

        ReassignmentProgress progress = new ReassignmentProgress(target.size(), System.currentTimeMillis());
        ReassignmentProgress.Snapshot snap = progress.at(target.size(), System.currentTimeMillis());
        long deadline = System.nanoTime() + wait.toNanos();
        while (!wait.isZero()) {
            int remaining = admin.listPartitionReassignments(target.keySet()).reassignments().get().size();
            if (remaining == 0 && !replicasShown(admin, target)) {
                // The controller finished; the broker answering metadata has not applied it yet.
                remaining = 1;
            }
            snap = progress.at(remaining, System.currentTimeMillis());
            bar.update("Reassigning", snap.done(), snap.total(), snap.eta());
            if (snap.complete() || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(500);
        }
        bar.finish();
        boolean complete = !wait.isZero() && snap.complete();
        if (complete && throttleBytes != null) {
            removeThrottle(admin, brokers, target.keySet());
        }
        List<Map<String, Object>> json = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        target.forEach((tp, replicas) -> {
            json.add(Json.obj("topic", tp.topic(), "partition", tp.partition(), "currentReplicas", current.get(tp), "targetReplicas", replicas));
            rows.add(List.of(tp.topic(), Integer.toString(tp.partition()), Args.join(current.get(tp)), Args.join(replicas)));
        });
        String status = wait.isZero() ? "started" : complete ? "complete" : "in progress";
        String title = "Reassignment of " + target.size() + " partition(s) " + status
                + (wait.isZero() ? "" : " after " + snap.elapsed().toSeconds() + " s") + (throttleBytes == null ? "" : ", throttled to " + throttleBytes + " B/s");
        printer.print(Json.obj("status", status, "partitionsDone", snap.done(), "partitionsTotal", snap.total(),
                        "elapsedMs", snap.elapsed().toMillis(), "throttleBytesPerSec", throttleBytes, "partitions", json),
                List.of(new Table(title, List.of("TOPIC", "PARTITION", "FROM", "TO"), rows)));
        if (!wait.isZero() && !complete) {
            throw new CliException("The reassignment did not finish within " + wait.toSeconds() + " s; it continues in the cluster"
                    + " (follow it with 'tributary partition describe', stop it with 'tributary partition cancel-reassign').");
        }
        return 0;
    }

    /** Whether the cluster's metadata shows every partition with exactly its target replicas. */
    private static boolean replicasShown(Admin admin, Map<TopicPartition, List<Integer>> target) throws Exception {
        Set<String> topics = new TreeSet<>();
        target.keySet().forEach(tp -> topics.add(tp.topic()));
        Map<String, org.apache.kafka.clients.admin.TopicDescription> shown;
        try {
            shown = admin.describeTopics(topics).allTopicNames().get();
        } catch (java.util.concurrent.ExecutionException e) {
            return false; // not answered now (a topic deleted meanwhile, a broker restarting): keep following
        }
        for (Map.Entry<TopicPartition, List<Integer>> e : target.entrySet()) {
            org.apache.kafka.clients.admin.TopicDescription d = shown.get(e.getKey().topic());
            Set<Integer> replicas = new TreeSet<>();
            d.partitions().stream().filter(p -> p.partition() == e.getKey().partition()).findFirst()
                    .ifPresent(p -> p.replicas().forEach(n -> replicas.add(n.id())));
            if (!replicas.equals(new TreeSet<>(e.getValue()))) {
                return false;
            }
        }
        return true;
    }

    /** Kafka's throttle: a rate on every broker involved, all replicas of the moving topics throttled. */
    static void throttle(Admin admin, Set<Integer> brokers, Set<TopicPartition> partitions, long bytes) throws Exception {
        Map<ConfigResource, Collection<AlterConfigOp>> ops = new HashMap<>();
        for (int b : brokers) {
            ops.put(new ConfigResource(ConfigResource.Type.BROKER, Integer.toString(b)), List.of(
                    set(LEADER_RATE, Long.toString(bytes)), set(FOLLOWER_RATE, Long.toString(bytes))));
        }
        partitions.stream().map(TopicPartition::topic).distinct().forEach(t -> ops.put(new ConfigResource(ConfigResource.Type.TOPIC, t),
                List.of(set(LEADER_REPLICAS, "*"), set(FOLLOWER_REPLICAS, "*"))));
        admin.incrementalAlterConfigs(ops).all().get();
    }

    static void removeThrottle(Admin admin, Set<Integer> brokers, Set<TopicPartition> partitions) throws Exception {
        Map<ConfigResource, Collection<AlterConfigOp>> ops = new HashMap<>();
        for (int b : brokers) {
            ops.put(new ConfigResource(ConfigResource.Type.BROKER, Integer.toString(b)), List.of(delete(LEADER_RATE), delete(FOLLOWER_RATE)));
        }
        partitions.stream().map(TopicPartition::topic).distinct().forEach(t -> ops.put(new ConfigResource(ConfigResource.Type.TOPIC, t),
                List.of(delete(LEADER_REPLICAS), delete(FOLLOWER_REPLICAS))));
        admin.incrementalAlterConfigs(ops).all().get();
    }

    private static AlterConfigOp set(String key, String value) {
        return new AlterConfigOp(new ConfigEntry(key, value), AlterConfigOp.OpType.SET);
    }

    private static AlterConfigOp delete(String key) {
        return new AlterConfigOp(new ConfigEntry(key, null), AlterConfigOp.OpType.DELETE);
    }
}
