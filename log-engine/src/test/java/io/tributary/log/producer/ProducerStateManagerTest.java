package io.tributary.log.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

class ProducerStateManagerTest {
    private static final long PID = 1000L;
    private final ProducerStateManager state = new ProducerStateManager();

    private void appended(short epoch, int firstSeq, int lastSeq, long firstOffset) {
        state.update(PID, epoch, new BatchMetadata(firstSeq, lastSeq, firstOffset, firstOffset + (lastSeq - firstSeq), 100));
    }

    private ProducerAppendCheck.Reason rejection(ProducerAppendCheck check) {
        assertThat(check).isInstanceOf(ProducerAppendCheck.Reject.class);
        return ((ProducerAppendCheck.Reject) check).reason();
    }

    @Test
    void shouldAcceptUnknownProducerAtAnySequenceWhenOlderBatchesMayBeGone() {
        assertThat(state.check(PID, (short) 0, 0, 4)).isInstanceOf(ProducerAppendCheck.Accept.class);
        assertThat(state.check(PID, (short) 0, 57, 60)).isInstanceOf(ProducerAppendCheck.Accept.class);
    }

    @Test
    void shouldRequireSequenceZeroFromUnknownProducerWhenEveryBatchWasSeen() {
        state.setSeenEveryBatch(true);
        // The second in-flight request of a producer whose first one was bounced must not land first.
        assertThat(rejection(state.check(PID, (short) 0, 420, 839))).isEqualTo(ProducerAppendCheck.Reason.OUT_OF_ORDER_SEQUENCE_NUMBER);
        assertThat(state.check(PID, (short) 0, 0, 419)).isInstanceOf(ProducerAppendCheck.Accept.class);
        appended((short) 0, 0, 419, 0);
        assertThat(state.check(PID, (short) 0, 420, 839)).isInstanceOf(ProducerAppendCheck.Accept.class);
    }

    @Test
    void shouldAcceptUnknownProducerAtAnySequenceAgainOnceAProducerExpired() {
        state.setSeenEveryBatch(true);
        state.update(2000L, (short) 0, new BatchMetadata(0, 0, 0, 0, 100));
        assertThat(state.removeExpired(10_000, 1_000)).isEqualTo(1);
        assertThat(state.check(2000L, (short) 0, 1, 1)).isInstanceOf(ProducerAppendCheck.Accept.class);
    }

    @Test
    void shouldAcceptUnknownProducerAtAnySequenceAgainOnceTruncationForgotAProducer() {
        state.setSeenEveryBatch(true);
        appended((short) 0, 0, 4, 10);
        appended((short) 0, 5, 9, 15);
        state.truncateFrom(15); // the producer keeps a batch: still known, nothing forgotten
        assertThat(rejection(state.check(3000L, (short) 0, 5, 5))).isEqualTo(ProducerAppendCheck.Reason.OUT_OF_ORDER_SEQUENCE_NUMBER);
        state.truncateFrom(10);
        assertThat(state.check(PID, (short) 0, 5, 9)).isInstanceOf(ProducerAppendCheck.Accept.class);
    }

    @Test
    void shouldAcceptNextSequenceWhenInOrder() {
        appended((short) 0, 0, 4, 10);
        assertThat(state.check(PID, (short) 0, 5, 9)).isInstanceOf(ProducerAppendCheck.Accept.class);
    }

    @Test
    void shouldRejectGapWhenSequenceSkips() {
        appended((short) 0, 0, 4, 10);
        assertThat(rejection(state.check(PID, (short) 0, 7, 9))).isEqualTo(ProducerAppendCheck.Reason.OUT_OF_ORDER_SEQUENCE_NUMBER);
    }

    @Test
    void shouldAnswerRetryWithOriginalOffsetsWhenBatchIsRetained() {
        appended((short) 0, 0, 4, 10);
        appended((short) 0, 5, 9, 15);
        ProducerAppendCheck check = state.check(PID, (short) 0, 0, 4);
        assertThat(check).isEqualTo(new ProducerAppendCheck.Duplicate(new BatchMetadata(0, 4, 10, 14, 100)));
    }

    @Test
    void shouldRetainOnlyTheLastFiveBatches() {
        for (int i = 0; i < 7; i++) {
            appended((short) 0, i * 2, i * 2 + 1, i * 2L);
        }
        assertThat(state.check(PID, (short) 0, 0, 1)).isInstanceOf(ProducerAppendCheck.Reject.class);
        assertThat(state.check(PID, (short) 0, 4, 5)).isInstanceOf(ProducerAppendCheck.Duplicate.class);
    }

    @Test
    void shouldFenceOlderEpochWhenNewerEpochWrote() {
        appended((short) 3, 0, 0, 0);
        assertThat(rejection(state.check(PID, (short) 2, 1, 1))).isEqualTo(ProducerAppendCheck.Reason.INVALID_PRODUCER_EPOCH);
    }

    @Test
    void shouldRequireSequenceZeroWhenEpochIsBumped() {
        appended((short) 0, 0, 9, 0);
        assertThat(state.check(PID, (short) 1, 0, 3)).isInstanceOf(ProducerAppendCheck.Accept.class);
        assertThat(rejection(state.check(PID, (short) 1, 10, 12))).isEqualTo(ProducerAppendCheck.Reason.OUT_OF_ORDER_SEQUENCE_NUMBER);
    }

    @Test
    void shouldWrapSequenceAfterIntegerMax() {
        appended((short) 0, Integer.MAX_VALUE - 1, Integer.MAX_VALUE, 0);
        assertThat(state.check(PID, (short) 0, 0, 3)).isInstanceOf(ProducerAppendCheck.Accept.class);
    }

    @Test
    void shouldForgetBatchesAboveTruncationPoint() {
        appended((short) 0, 0, 4, 10);
        appended((short) 0, 5, 9, 15);
        state.truncateFrom(15);
        assertThat(state.lastBatch(PID)).contains(new BatchMetadata(0, 4, 10, 14, 100));
        state.truncateFrom(0);
        assertThat(state.producerCount()).isZero();
    }

    @Test
    void shouldExpireIdleProducers() {
        appended((short) 0, 0, 0, 0);
        assertThat(state.removeExpired(100 + 10, 10)).isZero();
        assertThat(state.removeExpired(100 + 11, 10)).isEqualTo(1);
    }

    @Test
    void shouldRestoreSameVerdictsFromSnapshot() throws Exception {
        appended((short) 2, 0, 4, 10);
        appended((short) 2, 5, 9, 15);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        state.writeTo(bytes);
        ProducerStateManager restored = new ProducerStateManager();
        restored.readFrom(new ByteArrayInputStream(bytes.toByteArray()));
        assertThat(restored.check(PID, (short) 2, 5, 9)).isEqualTo(state.check(PID, (short) 2, 5, 9));
        assertThat(restored.check(PID, (short) 2, 10, 12)).isInstanceOf(ProducerAppendCheck.Accept.class);
        assertThat(restored.check(PID, (short) 1, 10, 12)).isInstanceOf(ProducerAppendCheck.Reject.class);
    }

    @Test
    void shouldIgnoreReplayOfZombieBatchWhenNewerEpochKnown() {
        appended((short) 3, 0, 0, 0);
        appended((short) 2, 1, 1, 1);
        assertThat(state.lastBatch(PID).orElseThrow().firstOffset()).isZero();
    }
}
