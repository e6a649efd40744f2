package io.tributary.admin.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.admin.client.CliException;
import io.tributary.metadata.quorum.QuorumPeer;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.clients.admin.RaftVoterEndpoint;
import org.junit.jupiter.api.Test;

class LeaderTransferTargetTest {
    private static final List<Integer> VOTERS = List.of(1, 2, 3);
    private static final Map<Integer, List<RaftVoterEndpoint>> ENDPOINTS = Map.of(
            1, List.of(new RaftVoterEndpoint("PLAINTEXT", "127.10.0.1", 9092), new RaftVoterEndpoint("CONTROLLER", "127.10.0.1", 9192)),
            2, List.of(new RaftVoterEndpoint("CONTROLLER", "127.10.0.2", 9193)),
            3, List.of(new RaftVoterEndpoint("PLAINTEXT", "127.10.0.3", 9094)));

    @Test
    void shouldPickEachVotersControllerEndpointAndSkipVotersWithout() {
        assertThat(LeaderTransferTarget.voterEndpoints(2, VOTERS, Set.of(1, 2, 3), ENDPOINTS, "CONTROLLER"))
                .containsExactly(new QuorumPeer(1, "127.10.0.1", 9192), new QuorumPeer(2, "127.10.0.2", 9193));
    }

    @Test
    void shouldRefuseANodeThatIsKnownButNotAVoter() {
        assertThatThrownBy(() -> LeaderTransferTarget.voterEndpoints(4, VOTERS, Set.of(1, 2, 3, 4), ENDPOINTS, "CONTROLLER"))
                .isInstanceOf(CliException.class).hasMessage("Node 4 is not a voter of the quorum; only a voter can lead it.");
    }

    @Test
    void shouldRefuseAnUnknownNodeNamingTheVoters() {
        assertThatThrownBy(() -> LeaderTransferTarget.voterEndpoints(9, List.of(3, 1, 2), Set.of(1, 2, 3), ENDPOINTS, "CONTROLLER"))
                .isInstanceOf(CliException.class).hasMessage("Unknown node 9; the voters are [1, 2, 3].");
    }

    @Test
    void shouldRefuseATargetWhoseRaftEndpointIsNotReported() {
        assertThatThrownBy(() -> LeaderTransferTarget.voterEndpoints(3, VOTERS, Set.of(1, 2, 3), ENDPOINTS, "CONTROLLER"))
                .isInstanceOf(CliException.class).hasMessageStartingWith("The cluster does not report node 3's quorum endpoint");
    }

    @Test
    void shouldRefuseATargetTheLeaderHasNotHeardFromRecently() {
        LeaderTransferTarget.requireInContact(2, OptionalLong.of(10_000), 10_000 + LeaderTransferTarget.MAX_SILENCE_MS);
        assertThatThrownBy(() -> LeaderTransferTarget.requireInContact(2, OptionalLong.of(10_000), 10_001 + LeaderTransferTarget.MAX_SILENCE_MS))
                .isInstanceOf(CliException.class).hasMessageStartingWith("The leader last heard from node 2 3001 ms ago; is it running?");
        assertThatThrownBy(() -> LeaderTransferTarget.requireInContact(2, OptionalLong.of(-1), 10_000))
                .isInstanceOf(CliException.class).hasMessage("The leader has not heard from node 2 yet; is it running?");
        assertThatThrownBy(() -> LeaderTransferTarget.requireInContact(2, OptionalLong.empty(), 10_000))
                .isInstanceOf(CliException.class).hasMessage("The leader has not heard from node 2 yet; is it running?");
    }
}
