package io.tributary.admin.chaos;

import io.tributary.admin.local.LocalCluster;
import io.tributary.admin.local.LocalClusterState;
import io.tributary.admin.local.LocalNode;
import io.tributary.admin.local.NetworkFaults;
import io.tributary.admin.local.NodeProcesses;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out the faults of a schedule on a local cluster: resolves each target (leader,
 * controller, coordinator) to a node when the fault starts, injects it, and undoes it at the end.
 * Confined to the runner's thread.
 */
final class FaultInjector {
    private static final Logger LOG = LoggerFactory.getLogger(FaultInjector.class);
    private static final Duration GRACE = Duration.ofSeconds(30);

    private final Path dir;
    private final Admin admin;
    private final String topic;
    private final String group;
    private final Workload workload;
    private boolean networkCut;

    FaultInjector(Path dir, Admin admin, String topic, String group, Workload workload) {
        this.dir = dir;
        this.admin = admin;
        this.topic = topic;
        this.group = group;
        this.workload = workload;
    }

    /** What a started fault hit. */
    record Hit(List<Integer> ids, String note) {
    }

    Hit start(Fault fault) throws Exception {
        LocalClusterState cluster = LocalClusterState.read(dir);
        if (fault.kind() == FaultKind.CONSUMER) {
            List<Integer> indexes = new ArrayList<>();
            for (Target t : fault.targets()) {
                int index = t instanceof Target.Consumer c ? c.index() : 0;
                workload.crashConsumer(index);
                indexes.add(index);
            }
            return new Hit(indexes, "consumer index");
        }
        List<Integer> ids = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (Target t : fault.targets()) {
            ids.add(resolve(cluster, t, ids, notes));
        }
        LOG.info("Chaos fault: {} -> nodes {}", fault.describe(), ids);
        switch (fault.kind()) {
            case KILL, CONTROLLER -> {
                for (int id : ids) {
                    LocalCluster.kill(dir, id);
                }
            }
            case PAUSE -> {
                for (int id : ids) {
                    NodeProcesses.pause(LocalCluster.node(cluster, id));
                }
            }
            case PARTITION -> {
                List<Integer> others = cluster.nodes().stream().map(LocalNode::id).filter(id -> !ids.contains(id)).toList();
                networkCut = true;
                new NetworkFaults(cluster).partition(cluster, ids, others);
            }
            case RESTART -> {
                for (int id : ids) {
                    LocalCluster.restart(dir, id, GRACE);
                    LocalCluster.awaitBrokers(LocalClusterState.read(dir), Duration.ofSeconds(60));
                }
            }
            default -> throw new IllegalStateException("Unhandled fault " + fault.kind());
        }
        return new Hit(ids, String.join("; ", notes));
    }

    void end(Fault fault, Hit hit) throws Exception {
        LocalClusterState cluster = LocalClusterState.read(dir);
        switch (fault.kind()) {
            case KILL, CONTROLLER -> {
                for (int id : hit.ids()) {
                    if (NodeProcesses.handle(LocalCluster.node(cluster, id)).isEmpty()) {
                        cluster = LocalCluster.start(dir, id);
                    }
                }
            }
            case PAUSE -> {
                for (int id : hit.ids()) {
                    NodeProcesses.resume(LocalCluster.node(cluster, id));
                }
            }
            case PARTITION -> {
                new NetworkFaults(cluster).heal();
                networkCut = false;
            }
            case CONSUMER -> hit.ids().forEach(workload::replaceConsumer);
            default -> {
            }
        }
    }

    /** Undoes whatever may still be in effect: cuts, paused and stopped nodes. */
    void healAll() throws Exception {
        LocalClusterState cluster = LocalClusterState.read(dir);
        if (networkCut) {
            new NetworkFaults(cluster).heal();
            networkCut = false;
        }
        for (LocalNode n : cluster.nodes()) {
            if (NodeProcesses.handle(n).isPresent()) {
                NodeProcesses.resume(n);
            } else {
                LocalCluster.start(dir, n.id());
            }
        }
    }

    private int resolve(LocalClusterState cluster, Target target, List<Integer> taken, List<String> notes) {
        try {
            Integer id = null;
            if (target instanceof Target.Node n) {
                id = n.id();
            } else if (target instanceof Target.Leader l) {
                TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get(5, TimeUnit.SECONDS).get(topic);
                var leader = d.partitions().get(l.partition()).leader();
                id = leader == null || leader.id() < 0 ? null : leader.id();
            } else if (target instanceof Target.Controller) {
                id = admin.describeMetadataQuorum().quorumInfo().get(5, TimeUnit.SECONDS).leaderId();
            } else if (target instanceof Target.Coordinator) {
                id = admin.describeConsumerGroups(List.of(group)).all().get(5, TimeUnit.SECONDS).get(group).coordinator().id();
            }
            if (id != null && !taken.contains(id)) {
                return id;
            }
        } catch (Exception e) {
            notes.add("could not resolve " + target + " (" + e.getMessage() + ")");
        }
        int fallback = cluster.nodes().stream().map(LocalNode::id).filter(id -> !taken.contains(id)).findFirst()
                .orElseThrow(() -> new IllegalStateException("No node left for " + target));
        if (!(target instanceof Target.Other)) {
            notes.add(target + " taken as node " + fallback);
        }
        return fallback;
    }
}
