package io.tributary.metadata.quorum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class QuorumQueryTest {

    @Test
    void shouldReturnPayloadWhenReplyIsOk() {
        byte[] reply = QuorumQuery.ok("hello".getBytes(StandardCharsets.UTF_8));

        assertThat(new String(QuorumQuery.unwrapReply(reply), StandardCharsets.UTF_8)).isEqualTo("hello");
    }

    @Test
    void shouldRaiseNotControllerWhenPeerHadNoController() {
        byte[] reply = QuorumQuery.failure(new NotControllerException("node 2 is not the ready leader"));

        assertThatThrownBy(() -> QuorumQuery.unwrapReply(reply)).isInstanceOf(NotControllerException.class)
                .hasMessage("node 2 is not the ready leader");
    }

    @Test
    void shouldCarryRemoteClassAndMessageWhenHandlerFailed() {
        byte[] reply = QuorumQuery.failure(new IllegalStateException("multi\nline"));

        assertThatThrownBy(() -> QuorumQuery.unwrapReply(reply)).isInstanceOf(ControllerFailureException.class)
                .hasMessage("java.lang.IllegalStateException: multi\nline")
                .extracting(e -> ((ControllerFailureException) e).remoteClassName())
                .isEqualTo("java.lang.IllegalStateException");
    }

    @Test
    void shouldSplitTypeAndPayloadWhenFramed() {
        byte[] framed = QuorumQuery.frame(QuorumQuery.DESCRIBE, new byte[] {7, 8});

        assertThat(QuorumQuery.type(framed)).isEqualTo(QuorumQuery.DESCRIBE);
        assertThat(QuorumQuery.payload(framed)).containsExactly(7, 8);
    }

    @Test
    void shouldRoundTripDescriptionAndComputeLagWhenEncoded() {
        QuorumDescription d = new QuorumDescription(1, 5, 99, 100,
                List.of(new QuorumDescription.ReplicaState(1, 100, 0), new QuorumDescription.ReplicaState(2, 90, 12),
                        new QuorumDescription.ReplicaState(3, -1, -1)),
                List.of(new QuorumDescription.ReplicaState(4, 100, 3)));

        QuorumDescription decoded = QuorumDescription.decode(d.encode());

        assertThat(decoded).isEqualTo(d);
        assertThat(decoded.lag(decoded.voters().get(0))).isZero();
        assertThat(decoded.lag(decoded.voters().get(1))).isEqualTo(10);
        assertThat(decoded.lag(decoded.voters().get(2))).as("never heard from: the whole log").isEqualTo(101);
        assertThat(decoded.lag(decoded.listeners().get(0))).isZero();
    }
}
