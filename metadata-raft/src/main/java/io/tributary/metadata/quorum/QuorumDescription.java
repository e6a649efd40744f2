package io.tributary.metadata.quorum;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The quorum as the leader sees it, the data behind Kafka's DescribeQuorum: leader id, leader
 * epoch (the Raft term), high watermark (the commit index) and, for every voter and listener, its
 * log end offset and how far it lags behind the leader's log end.
 *
 * <p>Offsets are Raft log indexes. A follower's log end offset is its match index at the leader
 * (the last index the leader knows it holds); -1 means the leader has not heard from it yet.
 *
 * <p>Wire form (sent from the leader to whichever node asked), big-endian: int leaderId, long term,
 * long commitIndex, long leaderLogEnd, int voterCount, voters, int listenerCount, listeners; each
 * replica is int nodeId, long logEndOffset, long lastContactMs.
 */
public record QuorumDescription(int leaderId, long term, long commitIndex, long leaderLogEndOffset,
                                List<ReplicaState> voters, List<ReplicaState> listeners) {

    public QuorumDescription {
        voters = List.copyOf(voters);
        listeners = List.copyOf(listeners);
    }

    /**
     * One member.
     *
     * @param lastContactMs milliseconds since the leader last heard from it (0 for the leader)
     */
    public record ReplicaState(int nodeId, long logEndOffset, long lastContactMs) {
    }

    /** How many entries {@code replica} is behind the leader's log end (0 if caught up). */
    public long lag(ReplicaState replica) {
        return replica.logEndOffset() < 0 ? leaderLogEndOffset + 1 : Math.max(0, leaderLogEndOffset - replica.logEndOffset());
    }

    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(leaderId);
            out.writeLong(term);
            out.writeLong(commitIndex);
            out.writeLong(leaderLogEndOffset);
            writeReplicas(out, voters);
            writeReplicas(out, listeners);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static QuorumDescription decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            int leaderId = in.readInt();
            long term = in.readLong();
            long commitIndex = in.readLong();
            long leaderLogEnd = in.readLong();
            List<ReplicaState> voters = readReplicas(in);
            List<ReplicaState> listeners = readReplicas(in);
            return new QuorumDescription(leaderId, term, commitIndex, leaderLogEnd, voters, listeners);
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed quorum description", e);
        }
    }

    private static void writeReplicas(DataOutputStream out, List<ReplicaState> replicas) throws IOException {
        out.writeInt(replicas.size());
        for (ReplicaState r : replicas) {
            out.writeInt(r.nodeId());
            out.writeLong(r.logEndOffset());
            out.writeLong(r.lastContactMs());
        }
    }

    private static List<ReplicaState> readReplicas(DataInputStream in) throws IOException {
        int count = in.readInt();
        if (count < 0 || count > 10_000) {
            throw new IOException("bad replica count " + count);
        }
        List<ReplicaState> replicas = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            replicas.add(new ReplicaState(in.readInt(), in.readLong(), in.readLong()));
        }
        return replicas;
    }
}
