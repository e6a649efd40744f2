package io.tributary.metadata.quorum;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.proto.RaftProtos.ServerRpcProto;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;

/**
 * Builds a {@link QuorumDescription} from the leader's own Ratis division. Only the leader knows
 * every member's match index, so this runs there. Stateless; safe from any thread.
 */
final class LeaderView {

    private LeaderView() {
    }

    static QuorumDescription describe(RaftServer.Division division) {
        DivisionInfo info = division.getInfo();
        if (!info.isLeader()) {
            throw new NotControllerException("node " + PeerIds.nodeId(division.getId()) + " is not the leader");
        }
        RoleInfoProto role = info.getRoleInfoProto();
        long[] matchIndices = info.getFollowerMatchIndices();
        List<ServerRpcProto> followers = role.hasLeaderInfo() ? role.getLeaderInfo().getFollowerInfoList() : List.of();
        // Ratis lists the followers in the role info and the match indices in the same order (both
        // walk the leader's log appenders), but they are two reads: a membership change between
        // them can make them disagree, in which case the offsets are reported as unknown (-1).
        boolean aligned = matchIndices != null && matchIndices.length == followers.size();
        Map<RaftPeerId, QuorumDescription.ReplicaState> byPeer = new HashMap<>();
        for (int i = 0; i < followers.size(); i++) {
            ServerRpcProto f = followers.get(i);
            RaftPeerId id = RaftPeerId.valueOf(f.getId().getId());
            byPeer.put(id, new QuorumDescription.ReplicaState(PeerIds.nodeId(id),
                    aligned ? matchIndices[i] : -1, f.getLastRpcElapsedTimeMs()));
        }
        long leaderLogEnd = division.getRaftLog().getNextIndex() - 1;
        byPeer.put(division.getId(), new QuorumDescription.ReplicaState(PeerIds.nodeId(division.getId()), leaderLogEnd, 0));

        List<QuorumDescription.ReplicaState> voters = new ArrayList<>();
        for (RaftPeer peer : division.getRaftConf().getCurrentPeers(RaftPeerRole.FOLLOWER)) {
            voters.add(byPeer.getOrDefault(peer.getId(),
                    new QuorumDescription.ReplicaState(PeerIds.nodeId(peer.getId()), -1, -1)));
        }
        List<QuorumDescription.ReplicaState> listeners = new ArrayList<>();
        for (RaftPeer peer : division.getRaftConf().getCurrentPeers(RaftPeerRole.LISTENER)) {
            listeners.add(byPeer.getOrDefault(peer.getId(),
                    new QuorumDescription.ReplicaState(PeerIds.nodeId(peer.getId()), -1, -1)));
        }
        voters.sort((a, b) -> Integer.compare(a.nodeId(), b.nodeId()));
        listeners.sort((a, b) -> Integer.compare(a.nodeId(), b.nodeId()));
        return new QuorumDescription(PeerIds.nodeId(division.getId()), info.getCurrentTerm(),
                division.getRaftLog().getLastCommittedIndex(), leaderLogEnd, voters, listeners);
    }
}
