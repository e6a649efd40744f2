package io.tributary.metadata.quorum;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

import java.util.concurrent.TimeUnit;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.SetConfigurationRequest;
import org.apache.ratis.server.RaftConfiguration;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.util.TimeDuration;

/**
 * Changes the quorum's membership at run time (Ratis joint consensus, KIP-853's AddRaftVoter and
 * RemoveRaftVoter). Every change is a compare-and-set against the configuration this node knows,
 * so two administrators racing cannot silently overwrite each other; a node whose view is stale
 * gets an error and should retry. Blocking; thread-safe.
 *
 * <p>Adding a member: start it first with a node id outside the static configuration (it starts
 * with an empty group, never campaigning on its own), then call {@link #addVoter}/{@link #addListener}
 * from a current member; Ratis lets the new member catch up before the change commits.
 */
public final class QuorumAdmin implements AutoCloseable {

    /** Ratis walks the voters to find the leader; a few tries cover a leader change or one voter down. */
    private static final int CONNECT_ATTEMPTS = 5;

    private final RaftClient client;
    private final Supplier<RaftServer.Division> division;
    private final long timeoutMs;
    private final boolean ownsClient;

    QuorumAdmin(RaftClient client, Supplier<RaftServer.Division> division, long timeoutMs) {
        this(client, division, timeoutMs, false);
    }

    private QuorumAdmin(RaftClient client, Supplier<RaftServer.Division> division, long timeoutMs, boolean ownsClient) {
        this.client = client;
        this.division = division;
        this.timeoutMs = timeoutMs;
        this.ownsClient = ownsClient;
    }

    /**
     * An admin for a process outside the quorum (the CLI) that knows the cluster id and the voters'
     * Raft addresses. It can only {@link #transferLeadership}: membership changes compare against
     * a member's own view of the configuration. Close it after use.
     */
    public static QuorumAdmin connect(String clusterId, List<QuorumPeer> voters, long timeoutMs) {
        RaftGroup group = RaftGroup.valueOf(NodeIdentity.groupIdFor(clusterId), MetadataQuorum.peers(voters, RaftPeerRole.FOLLOWER));
        RaftClient client = RaftClient.newBuilder()
                .setClientId(ClientId.randomId())
                .setRaftGroup(group)
                .setProperties(RatisProperties.client(timeoutMs))
                .setRetryPolicy(RetryPolicies.retryUpToMaximumCountWithFixedSleep(CONNECT_ATTEMPTS,
                        TimeDuration.valueOf(100, TimeUnit.MILLISECONDS)))
                .build();
        Supplier<RaftServer.Division> noDivision = () -> {
            throw new QuorumAdminException("membership changes must be made through a quorum member");
        };
        return new QuorumAdmin(client, noDivision, timeoutMs, true);
    }

    public void addVoter(QuorumPeer peer) {
        Membership current = current();
        requireAbsent(current, peer.nodeId());
        List<RaftPeer> voters = new ArrayList<>(current.voters());
        voters.add(MetadataQuorum.raftPeer(peer, RaftPeerRole.FOLLOWER));
        change(current, voters, current.listeners(), "add voter " + peer);
    }

    /** Removes a voter, which may be the leader: it steps down once the new configuration commits. */
    public void removeVoter(int nodeId) {
        Membership current = current();
        List<RaftPeer> voters = new ArrayList<>(current.voters());
        if (!voters.removeIf(p -> PeerIds.nodeId(p.getId()) == nodeId)) {
            throw new QuorumAdminException("node " + nodeId + " is not a voter");
        }
        if (voters.isEmpty()) {
            throw new QuorumAdminException("cannot remove the last voter");
        }
        change(current, voters, current.listeners(), "remove voter " + nodeId);
    }

    public void addListener(QuorumPeer peer) {
        Membership current = current();
        requireAbsent(current, peer.nodeId());
        List<RaftPeer> listeners = new ArrayList<>(current.listeners());
        listeners.add(MetadataQuorum.raftPeer(peer, RaftPeerRole.LISTENER));
        change(current, current.voters(), listeners, "add listener " + peer);
    }

    public void removeListener(int nodeId) {
        Membership current = current();
        List<RaftPeer> listeners = new ArrayList<>(current.listeners());
        if (!listeners.removeIf(p -> PeerIds.nodeId(p.getId()) == nodeId)) {
            throw new QuorumAdminException("node " + nodeId + " is not a listener");
        }
        change(current, current.voters(), listeners, "remove listener " + nodeId);
    }

    /** Asks the leader to hand leadership to {@code nodeId}, waiting up to the request timeout. */
    public void transferLeadership(int nodeId) {
        try {
            RaftClientReply reply = client.admin().transferLeadership(PeerIds.of(nodeId), timeoutMs);
            if (!reply.isSuccess()) {
                throw new QuorumAdminException("transfer leadership to " + nodeId + " failed: " + reply.getException(),
                        reply.getException());
            }
        } catch (IOException e) {
            throw new QuorumAdminException("transfer leadership to " + nodeId + " failed: " + e, e);
        }
    }

    /** Closes the Ratis client if {@link #connect} made it; a member's admin shares its node's client. */
    @Override
    public void close() throws IOException {
        if (ownsClient) {
            client.close();
        }
    }

    private void change(Membership current, List<RaftPeer> voters, List<RaftPeer> listeners, String what) {
        SetConfigurationRequest.Arguments args = SetConfigurationRequest.Arguments.newBuilder()
                .setServersInNewConf(voters)
                .setListenersInNewConf(listeners)
                .setServersInCurrentConf(current.voters())
                .setListenersInCurrentConf(current.listeners())
                .setMode(SetConfigurationRequest.Mode.COMPARE_AND_SET)
                .build();
        try {
            RaftClientReply reply = client.admin().setConfiguration(args);
            if (!reply.isSuccess()) {
                throw new QuorumAdminException(what + " failed: " + reply.getException(), reply.getException());
            }
        } catch (IOException e) {
            throw new QuorumAdminException(what + " failed (if the configuration changed meanwhile, retry): " + e, e);
        }
    }

    private Membership current() {
        RaftConfiguration conf = division.get().getRaftConf();
        if (!conf.getPreviousPeers().isEmpty()) {
            throw new QuorumAdminException("a membership change is still in progress; retry when it completes");
        }
        return new Membership(List.copyOf(conf.getCurrentPeers(RaftPeerRole.FOLLOWER)),
                List.copyOf(conf.getCurrentPeers(RaftPeerRole.LISTENER)));
    }

    private static void requireAbsent(Membership current, int nodeId) {
        if (contains(current.voters(), nodeId) || contains(current.listeners(), nodeId)) {
            throw new QuorumAdminException("node " + nodeId + " is already a member of the quorum");
        }
    }

    private static boolean contains(Collection<RaftPeer> peers, int nodeId) {
        return peers.stream().anyMatch(p -> PeerIds.nodeId(p.getId()) == nodeId);
    }

    private record Membership(List<RaftPeer> voters, List<RaftPeer> listeners) {
    }

    /** A membership change was refused or failed; the message says why. */
    public static final class QuorumAdminException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        QuorumAdminException(String message) {
            super(message);
        }

        QuorumAdminException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
