package io.tributary.broker.api;

import io.tributary.broker.protocol.ApiHandler;
import io.tributary.metadata.quorum.QuorumAdmin.QuorumAdminException;
import io.tributary.metadata.quorum.QuorumPeer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.apache.kafka.common.message.AddRaftVoterRequestData;
import org.apache.kafka.common.message.AddRaftVoterResponseData;
import org.apache.kafka.common.message.RemoveRaftVoterRequestData;
import org.apache.kafka.common.message.RemoveRaftVoterResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AddRaftVoterRequest;
import org.apache.kafka.common.requests.AddRaftVoterResponse;
import org.apache.kafka.common.requests.RemoveRaftVoterRequest;
import org.apache.kafka.common.requests.RemoveRaftVoterResponse;

/**
 * AddRaftVoter (key 80) and RemoveRaftVoter (key 81), so {@code Admin.addRaftVoter/removeRaftVoter}
 * (and {@code kafka-metadata-quorum.sh add-controller/remove-controller}) change the Ratis quorum
 * through QuorumAdmin. The endpoint of an added voter is its Raft (quorum) address, the port of
 * {@code controller.quorum.voters}; directory ids are ignored (a node has one metadata log). The
 * membership change blocks until Ratis commits it, so it runs on {@code executor}, never on the
 * network thread.
 */
public final class RaftVoterApis {
    private RaftVoterApis() {
    }

    public static ApiHandler add(String clusterId, Consumer<QuorumPeer> addVoter, Executor executor) {
        return request -> {
            AddRaftVoterRequestData data = request.bodyAs(AddRaftVoterRequest.class).data();
            return CompletableFuture.supplyAsync(() -> {
                Outcome o = outcome(clusterId, data.clusterId(), () -> {
                    var listener = data.listeners().iterator();
                    if (!listener.hasNext()) {
                        throw new IllegalArgumentException("AddRaftVoter needs the voter's Raft endpoint (host and port)");
                    }
                    var endpoint = listener.next();
                    addVoter.accept(new QuorumPeer(data.voterId(), endpoint.host(), endpoint.port()));
                });
                return new AddRaftVoterResponse(new AddRaftVoterResponseData().setErrorCode(o.error().code()).setErrorMessage(o.message()));
            }, executor);
        };
    }

    public static ApiHandler remove(String clusterId, IntConsumer removeVoter, Executor executor) {
        return request -> {
            RemoveRaftVoterRequestData data = request.bodyAs(RemoveRaftVoterRequest.class).data();
            return CompletableFuture.supplyAsync(() -> {
                Outcome o = outcome(clusterId, data.clusterId(), () -> removeVoter.accept(data.voterId()));
                return new RemoveRaftVoterResponse(new RemoveRaftVoterResponseData().setErrorCode(o.error().code()).setErrorMessage(o.message()));
            }, executor);
        };
    }

    record Outcome(Errors error, String message) {
    }

    private static Outcome outcome(String ourClusterId, String requestClusterId, Runnable change) {
        if (requestClusterId != null && !requestClusterId.equals(ourClusterId)) {
            return new Outcome(Errors.INCONSISTENT_CLUSTER_ID, "cluster id " + requestClusterId + " is not this cluster's (" + ourClusterId + ")");
        }
        try {
            change.run();
            return new Outcome(Errors.NONE, null);
        } catch (IllegalArgumentException e) {
            return new Outcome(Errors.INVALID_REQUEST, e.getMessage());
        } catch (QuorumAdminException e) {
            return new Outcome(error(e.getMessage()), e.getMessage());
        }
    }

    /** QuorumAdmin's refusals carry their reason in the message; these are its wordings. */
    static Errors error(String message) {
        String m = message == null ? "" : message;
        if (m.contains("is already a member")) {
            return Errors.DUPLICATE_VOTER;
        }
        if (m.contains("is not a voter")) {
            return Errors.VOTER_NOT_FOUND;
        }
        if (m.contains("cannot remove the last voter")) {
            return Errors.INVALID_REQUEST;
        }
        // A change still in progress, a concurrent change, or no leader reachable: worth a retry.
        return Errors.REQUEST_TIMED_OUT;
    }
}
