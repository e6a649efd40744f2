package io.tributary.admin.plan;

import io.tributary.admin.client.CliException;
import io.tributary.metadata.quorum.QuorumPeer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.clients.admin.RaftVoterEndpoint;

/**
 * Checks that a node can be handed the quorum leadership and finds the voters' Raft addresses in
 * what DescribeQuorum reports: each voter's endpoint under the controller listener name. Pure.
 */
public final class LeaderTransferTarget {
    /**
     * A voter the leader has not heard from for this long is taken as down. Followers answer the
     * leader's heartbeats several times a second; a Ratis transfer to a dead peer leaves the leader
     * refusing writes (stepping down) for a long time, so it must not be attempted.
     */
    public static final long MAX_SILENCE_MS = 3_000;

    private LeaderTransferTarget() {
    }

    /**
     * The voters' Raft endpoints, to reach the quorum with.
     *
     * @param target         the node that should lead
     * @param voters         the voters' ids
     * @param knownNodes     ids of every node the cluster knows (brokers, observers)
     * @param endpoints      each node's endpoints as DescribeQuorum lists them
     * @param controllerName the listener name of the Raft endpoint
     * @throws CliException if the target is unknown, not a voter, or has no Raft endpoint listed
     */
    public static List<QuorumPeer> voterEndpoints(int target, Collection<Integer> voters, Collection<Integer> knownNodes,
                                                  Map<Integer, List<RaftVoterEndpoint>> endpoints, String controllerName) {
        if (!voters.contains(target)) {
            throw new CliException(knownNodes.contains(target)
                    ? "Node " + target + " is not a voter of the quorum; only a voter can lead it."
                    : "Unknown node " + target + "; the voters are " + voters.stream().sorted().toList() + ".");
        }
        List<QuorumPeer> peers = new ArrayList<>();
        for (int voter : voters) {
            endpoints.getOrDefault(voter, List.of()).stream().filter(e -> e.listener().equals(controllerName)).findFirst()
                    .ifPresent(e -> peers.add(new QuorumPeer(voter, e.host(), e.port())));
        }
        if (peers.stream().noneMatch(p -> p.nodeId() == target)) {
            throw new CliException("The cluster does not report node " + target + "'s quorum endpoint (listener "
                    + controllerName + " in DescribeQuorum), so its leadership cannot be transferred from here.");
        }
        return peers;
    }

    /**
     * Refuses a target the leader has not heard from within {@link #MAX_SILENCE_MS}.
     *
     * @param lastFetchMs when the leader last heard from the target (epoch ms), or empty / negative if never
     */
    public static void requireInContact(int target, OptionalLong lastFetchMs, long nowMs) {
        long last = lastFetchMs.orElse(-1);
        if (last < 0) {
            throw new CliException("The leader has not heard from node " + target + " yet; is it running?");
        }
        if (nowMs - last > MAX_SILENCE_MS) {
            throw new CliException("The leader last heard from node " + target + " " + (nowMs - last)
                    + " ms ago; is it running? Not transferring the leadership to it.");
        }
    }
}
