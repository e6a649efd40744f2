package io.tributary.admin.command;

import io.tributary.admin.output.Json;
import io.tributary.admin.output.Printer.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.QuorumInfo;
import picocli.CommandLine.Command;

/** {@code tributary quorum describe}: the metadata quorum as DescribeQuorum reports it. */
@Command(name = "quorum", description = "Inspect the metadata quorum (the Raft group whose leader is the active controller).",
        mixinStandardHelpOptions = true, subcommands = {QuorumCommand.Describe.class})
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
}
