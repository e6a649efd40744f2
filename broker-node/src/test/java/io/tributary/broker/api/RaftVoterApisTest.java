package io.tributary.broker.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.broker.protocol.KafkaRequest;
import io.tributary.metadata.quorum.QuorumPeer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.AddRaftVoterRequestData;
import org.apache.kafka.common.message.RemoveRaftVoterRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AddRaftVoterRequest;
import org.apache.kafka.common.requests.AddRaftVoterResponse;
import org.apache.kafka.common.requests.RemoveRaftVoterRequest;
import org.apache.kafka.common.requests.RemoveRaftVoterResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.Test;

/** AddRaftVoter/RemoveRaftVoter hand the change to the quorum and map its refusals to Kafka errors. */
class RaftVoterApisTest {
    private final List<Object> calls = new ArrayList<>();

    private AddRaftVoterResponse add(String clusterId, int voter, String host, int port) throws Exception {
        AddRaftVoterRequestData data = new AddRaftVoterRequestData().setClusterId(clusterId).setVoterId(voter)
                .setVoterDirectoryId(Uuid.ZERO_UUID).setTimeoutMs(5000);
        if (host != null) {
            data.listeners().add(new AddRaftVoterRequestData.Listener().setName("CONTROLLER").setHost(host).setPort(port));
        }
        KafkaRequest request = new KafkaRequest(new RequestHeader(ApiKeys.ADD_RAFT_VOTER, (short) 0, "c", 1),
                new AddRaftVoterRequest.Builder(data).build((short) 0), null, 0);
        return (AddRaftVoterResponse) RaftVoterApis.add("cluster-a", calls::add, Runnable::run).handle(request).get();
    }

    private RemoveRaftVoterResponse remove(String clusterId, int voter, RuntimeException refusal) throws Exception {
        RemoveRaftVoterRequestData data = new RemoveRaftVoterRequestData().setClusterId(clusterId).setVoterId(voter).setVoterDirectoryId(Uuid.ZERO_UUID);
        KafkaRequest request = new KafkaRequest(new RequestHeader(ApiKeys.REMOVE_RAFT_VOTER, (short) 0, "c", 1),
                new RemoveRaftVoterRequest.Builder(data).build((short) 0), null, 0);
        return (RemoveRaftVoterResponse) RaftVoterApis.remove("cluster-a", id -> {
            if (refusal != null) {
                throw refusal;
            }
            calls.add(id);
        }, Runnable::run).handle(request).get();
    }

    @Test
    void shouldAddTheVoterAtItsRaftEndpointWhenTheRequestIsValid() throws Exception {
        AddRaftVoterResponse r = add("cluster-a", 4, "127.0.0.4", 9194);
        assertThat(r.data().errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(calls).containsExactly(new QuorumPeer(4, "127.0.0.4", 9194));
    }

    @Test
    void shouldRefuseWithoutChangingAnythingWhenTheEndpointIsMissingOrTheClusterIsAnother() throws Exception {
        assertThat(add("cluster-a", 4, null, 0).data().errorCode()).isEqualTo(Errors.INVALID_REQUEST.code());
        assertThat(add("cluster-b", 4, "127.0.0.4", 9194).data().errorCode()).isEqualTo(Errors.INCONSISTENT_CLUSTER_ID.code());
        assertThat(remove("cluster-b", 3, null).data().errorCode()).isEqualTo(Errors.INCONSISTENT_CLUSTER_ID.code());
        assertThat(calls).isEmpty();
    }

    @Test
    void shouldRemoveTheVoterWhenTheClusterIdIsAbsentOrOurs() throws Exception {
        assertThat(remove(null, 3, null).data().errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(remove("cluster-a", 2, null).data().errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(calls).containsExactly(3, 2);
    }

    @Test
    void shouldReportABadArgumentAsInvalidRequestWithItsMessage() throws Exception {
        RemoveRaftVoterResponse r = remove("cluster-a", 3, new IllegalArgumentException("port must be in 1..65535, was 0"));
        assertThat(r.data().errorCode()).isEqualTo(Errors.INVALID_REQUEST.code());
        assertThat(r.data().errorMessage()).isEqualTo("port must be in 1..65535, was 0");
    }

    @Test
    void shouldMapQuorumAdminRefusalsToKafkaErrors() {
        assertThat(RaftVoterApis.error("node 3 is already a member of the quorum")).isEqualTo(Errors.DUPLICATE_VOTER);
        assertThat(RaftVoterApis.error("node 7 is not a voter")).isEqualTo(Errors.VOTER_NOT_FOUND);
        assertThat(RaftVoterApis.error("cannot remove the last voter")).isEqualTo(Errors.INVALID_REQUEST);
        assertThat(RaftVoterApis.error("a membership change is still in progress; retry when it completes")).isEqualTo(Errors.REQUEST_TIMED_OUT);
    }
}
