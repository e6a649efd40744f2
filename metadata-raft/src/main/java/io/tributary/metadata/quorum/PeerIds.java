package io.tributary.metadata.quorum;

import org.apache.ratis.protocol.RaftPeerId;

/** Maps Kafka node ids to Ratis peer ids: the peer id is the node id in decimal. Stateless. */
final class PeerIds {

    private PeerIds() {
    }

    static RaftPeerId of(int nodeId) {
        return RaftPeerId.valueOf(Integer.toString(nodeId));
    }

    /** The node id of a peer, or -1 for none (no leader known). */
    static int nodeId(RaftPeerId peerId) {
        if (peerId == null) {
            return -1;
        }
        try {
            return Integer.parseInt(peerId.toString());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("Ratis peer id " + peerId + " is not a Tributary node id", e);
        }
    }
}
