package io.tributary.admin.command;

import io.tributary.admin.client.CliException;
import io.tributary.admin.output.Json;
import io.tributary.admin.output.Printer.Table;
import io.tributary.admin.plan.LeaderTransferTarget;
import io.tributary.broker.api.DescribeQuorumApi;
import io.tributary.metadata.quorum.QuorumAdmin;
import io.tributary.metadata.quorum.QuorumPeer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.QuorumInfo;
import org.apache.kafka.clients.admin.RaftVoterEndpoint;
import org.apache.kafka.common.Uuid;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tributary quorum ...}: the metadata quorum as DescribeQuorum reports it, and changes to it. */
@Command(name = "quorum", description = "Inspect the metadata quorum (the Raft group whose leader is the active controller).",
        mixinStandardHelpOptions = true, subcommands = {QuorumCommand.Describe.class, QuorumCommand.AddVoter.class, QuorumCommand.RemoveVoter.class,
        QuorumCommand.TransferLeader.class})
public final class QuorumCommand {

    @Command(name = "describe", description = "Show the leader, epoch, high watermark, and each voter and observer with its log end offset and lag.",
            mixinStandardHelpOptions = true)
    static final class Describe extends ClusterCall {
        @Override
        int run(Admin admin) throws Exception {
            QuorumInfo q = admin.describeMetadataQuorum().quorumInfo().get();
            long now = System.currentTimeMillis();
            List<Map<String, Object>> replicas = new ArrayList<>();
            List<List<String>> rows = new ArrayList<>();
            add(q, q.voters(), "voter", now, replicas, rows);
            add(q, q.observers(), "observer", now, replicas, rows);
            String title = "Leader: " + q.leaderId() + "  epoch: " + q.leaderEpoch() + "  high watermark: " + q.highWatermark()
                    + "  voters: " + q.voters().size() + "  observers: " + q.observers().size();
            printer().print(Json.obj("leaderId", q.leaderId(), "leaderEpoch", q.leaderEpoch(), "highWatermark", q.highWatermark(), "replicas", replicas),
                    List.of(new Table(title, List.of("NODE", "ROLE", "LOG-END-OFFSET", "LAG", "LAST-FETCH"), rows)));
            return 0;
        }

        private static void add(QuorumInfo q, List<QuorumInfo.ReplicaState> states, String role, long now,
                                List<Map<String, Object>> json, List<List<String>> rows) {
            for (QuorumInfo.ReplicaState r : states) {
                String shownRole = r.replicaId() == q.leaderId() ? "leader" : role;
                long lag = Math.max(0, q.highWatermark() - r.logEndOffset());
                Long fetch = r.lastFetchTimestamp().isPresent() && r.lastFetchTimestamp().getAsLong() >= 0 ? r.lastFetchTimestamp().getAsLong() : null;
                Long caughtUp = r.lastCaughtUpTimestamp().isPresent() && r.lastCaughtUpTimestamp().getAsLong() >= 0 ? r.lastCaughtUpTimestamp().getAsLong() : null;
                json.add(Json.obj("nodeId", r.replicaId(), "role", shownRole, "logEndOffset", r.logEndOffset(), "lag", lag,
                        "lastFetchTimestamp", fetch, "lastCaughtUpTimestamp", caughtUp));
                rows.add(List.of(Integer.toString(r.replicaId()), shownRole, Long.toString(r.logEndOffset()), Long.toString(lag),
                        fetch == null ? "-" : Math.max(0, now - fetch) + " ms ago"));
            }
        }
    }

    @Command(name = "add-voter", description = "Make a running node a voter of the quorum (AddRaftVoter). Start the node first.",
            mixinStandardHelpOptions = true)
    static final class AddVoter extends ClusterCall {
        @Parameters(paramLabel = "ID", description = "The node id.") int id;
        @Option(names = "--endpoint", required = true, paramLabel = "HOST:PORT",
                description = "The node's quorum (Raft) address, as in controller.quorum.voters.") String endpoint;

        @Override
        int run(Admin admin) throws Exception {
            int colon = endpoint.lastIndexOf(':');
            if (colon <= 0 || !endpoint.substring(colon + 1).matches("\\d{1,5}")) {
                throw new CliException("Expected --endpoint HOST:PORT but got '" + endpoint + "'.");
            }
            // Tributary nodes have one metadata log and no directory id; the zero id stands for "any".
            admin.addRaftVoter(id, Uuid.ZERO_UUID, Set.of(new RaftVoterEndpoint("CONTROLLER", endpoint.substring(0, colon),
                    Integer.parseInt(endpoint.substring(colon + 1))))).all().get();
            printer().message(Json.obj("added", id, "endpoint", endpoint), "Node " + id + " is now a voter");
            return 0;
        }
    }

    @Command(name = "remove-voter", description = "Remove a voter from the quorum (RemoveRaftVoter); a leader steps down.",
            mixinStandardHelpOptions = true)
    static final class RemoveVoter extends ClusterCall {
        @Parameters(paramLabel = "ID", description = "The node id.") int id;

        @Override
        int run(Admin admin) throws Exception {
            admin.removeRaftVoter(id, Uuid.ZERO_UUID).all().get();
            printer().message(Json.obj("removed", id), "Node " + id + " is no longer a voter");
            return 0;
        }
    }

    @Command(name = "transfer-leader", description = "Hand the quorum leadership (and so the active controller) to another voter."
            + " Kafka's protocol has none: the CLI asks the quorum over Raft, at the endpoints DescribeQuorum lists.",
            mixinStandardHelpOptions = true)
    static final class TransferLeader extends ClusterCall {
        private static final long POLL_MS = 100;
        /** How long the new leader must take to show in DescribeQuorum before the transfer is tried again. */
        private static final long SETTLE_MS = 3_000;

        @Option(names = "--to", required = true, paramLabel = "ID", description = "The voter that should lead.") int to;

        @Override
        int run(Admin admin) throws Exception {
            long timeoutMs = cluster.settings().timeout().toMillis();
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
            QuorumInfo before = admin.describeMetadataQuorum().quorumInfo().get();
            if (before.leaderId() == to) {
                print(before.leaderId(), before, "Node " + to + " already leads the quorum (epoch " + before.leaderEpoch() + ")");
                return 0;
            }
            List<QuorumPeer> voters = LeaderTransferTarget.voterEndpoints(to, ids(before.voters()), knownNodes(admin, before),
                    endpoints(before), DescribeQuorumApi.CONTROLLER_LISTENER);
            before.voters().stream().filter(v -> v.replicaId() == to).findFirst().ifPresent(v ->
                    LeaderTransferTarget.requireInContact(to, v.lastFetchTimestamp(), System.currentTimeMillis()));
            String clusterId = admin.describeCluster().clusterId().get();
            // Right after the handover a third voter whose election timer ran out may win a new term;
            // the transfer is then asked again while --timeout lasts.
            while (true) {
                transfer(clusterId, voters, remainingMs(deadline), timeoutMs);
                QuorumInfo after = awaitLeader(admin, Math.min(deadline, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETTLE_MS)));
                if (after.leaderId() == to) {
                    print(before.leaderId(), after, "Node " + to + " now leads the quorum (epoch " + after.leaderEpoch()
                            + ", was node " + before.leaderId() + ")");
                    return 0;
                }
                if (remainingMs(deadline) <= POLL_MS) {
                    throw new CliException("The quorum reports node " + after.leaderId() + " as its leader, not node " + to
                            + ", after " + timeoutMs + " ms of transfers.");
                }
            }
        }

        /**
         * Ratis retries across voters inside the call; bound the whole of it by the time left. The
         * quorum gets most of that time to move the leadership, so that its own answer (why not) comes first.
         */
        private void transfer(String clusterId, List<QuorumPeer> voters, long remainingMs, long timeoutMs) throws Exception {
            String failed = "Node " + to + " did not take over the leadership within " + timeoutMs + " ms; is it running and caught up?";
            try (QuorumAdmin raft = QuorumAdmin.connect(clusterId, voters, Math.max(POLL_MS, remainingMs * 4 / 5))) {
                CompletableFuture.runAsync(() -> raft.transferLeadership(to)).get(Math.max(POLL_MS, remainingMs), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new CliException(failed);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof QuorumAdmin.QuorumAdminException) {
                    throw new CliException(failed + " (" + e.getCause().getMessage() + ")");
                }
                throw e;
            }
        }

        /** The quorum's view once it names {@code to} as leader, or the last one seen by {@code until}. */
        private QuorumInfo awaitLeader(Admin admin, long until) throws Exception {
            while (true) {
                QuorumInfo q = admin.describeMetadataQuorum().quorumInfo().get();
                if (q.leaderId() == to || System.nanoTime() - until > 0) {
                    return q;
                }
                Thread.sleep(POLL_MS);
            }
        }

        private static long remainingMs(long deadline) {
            return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
        }

        private void print(int previous, QuorumInfo q, String message) {
            printer().message(Json.obj("leaderId", q.leaderId(), "leaderEpoch", q.leaderEpoch(), "previousLeaderId", previous), message);
        }

        private static List<Integer> ids(List<QuorumInfo.ReplicaState> states) {
            return states.stream().map(QuorumInfo.ReplicaState::replicaId).toList();
        }

        private static Set<Integer> knownNodes(Admin admin, QuorumInfo q) throws Exception {
            Set<Integer> nodes = new HashSet<>(ids(q.observers()));
            admin.describeCluster().nodes().get().forEach(n -> nodes.add(n.id()));
            return nodes;
        }

        private static Map<Integer, List<RaftVoterEndpoint>> endpoints(QuorumInfo q) {
            Map<Integer, List<RaftVoterEndpoint>> endpoints = new HashMap<>();
            q.nodes().forEach((id, node) -> endpoints.put(id, node.endpoints()));
            return endpoints;
        }
    }
}
