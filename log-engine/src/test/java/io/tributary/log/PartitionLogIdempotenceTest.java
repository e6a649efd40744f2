package io.tributary.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartitionLogIdempotenceTest {
    private static final long PID = 4242L;

    @TempDir Path root;
    private PartitionLogTestContext ctx;

    @BeforeEach
    void open() {
        ctx = new PartitionLogTestContext(root, LogConfig.defaults());
    }

    @AfterEach
    void close() {
        ctx.log.close();
    }

    private static MemoryRecords idempotent(short epoch, int baseSequence, int records) {
        SimpleRecord[] rs = new SimpleRecord[records];
        for (int i = 0; i < records; i++) {
            rs[i] = new SimpleRecord(1_000L + i, null, ("v" + (baseSequence + i)).getBytes());
        }
        return MemoryRecords.withIdempotentRecords(Compression.NONE, PID, epoch, baseSequence, rs);
    }

    @Test
    void shouldAnswerRetriedBatchWithItsOriginalOffsetsWithoutAppendingAgain() {
        AppendResult first = ctx.log.appendAsLeader(idempotent((short) 0, 0, 3), 0);
        ctx.log.appendAsLeader(idempotent((short) 0, 3, 2), 0);

        AppendResult retry = ctx.log.appendAsLeader(idempotent((short) 0, 0, 3), 0);

        assertThat(retry.firstOffset()).isEqualTo(first.firstOffset());
        assertThat(retry.lastOffset()).isEqualTo(first.lastOffset());
        assertThat(ctx.log.logEndOffset()).isEqualTo(5);
    }

    @Test
    void shouldRejectSequenceGapWithoutTouchingTheLog() {
        ctx.log.appendAsLeader(idempotent((short) 0, 0, 3), 0);
        assertThatThrownBy(() -> ctx.log.appendAsLeader(idempotent((short) 0, 7, 1), 0))
                .isInstanceOfSatisfying(LogAppendException.class, e -> assertThat(e.error()).isEqualTo(LogError.OUT_OF_ORDER_SEQUENCE_NUMBER));
        assertThat(ctx.log.logEndOffset()).isEqualTo(3);
    }

    @Test
    void shouldRefuseAProducersLaterBatchBeforeItsFirstWhenTheLogHoldsEverythingEverWritten() {
        // A producer's first request was bounced (this broker did not lead yet); its second arrives first.
        assertThatThrownBy(() -> ctx.log.appendAsLeader(idempotent((short) 0, 3, 2), 0))
                .isInstanceOfSatisfying(LogAppendException.class, e -> assertThat(e.error()).isEqualTo(LogError.OUT_OF_ORDER_SEQUENCE_NUMBER));
        assertThat(ctx.log.logEndOffset()).isZero();

        assertThat(ctx.log.appendAsLeader(idempotent((short) 0, 0, 3), 0).firstOffset()).isZero();
        assertThat(ctx.log.appendAsLeader(idempotent((short) 0, 3, 2), 0).firstOffset()).isEqualTo(3);
        ctx.log.flush();
        ctx.reopenClean();
        assertThatThrownBy(() -> ctx.log.appendAsLeader(MemoryRecords.withIdempotentRecords(Compression.NONE, PID + 1,
                (short) 0, 8, new SimpleRecord(1_000L, null, "x".getBytes())), 0))
                .as("read back from offset 0 after a restart").isInstanceOf(LogAppendException.class);
    }

    @Test
    void shouldAcceptAnUnknownProducerAtAnySequenceWhenTheLogStartsAboveZero() {
        ctx.log.truncateFullyAndStartAt(100);
        assertThat(ctx.log.appendAsLeader(idempotent((short) 0, 3, 2), 0).firstOffset()).isEqualTo(100);
        ctx.log.flush();
        ctx.reopenClean();
        assertThat(ctx.log.appendAsLeader(MemoryRecords.withIdempotentRecords(Compression.NONE, PID + 1,
                (short) 0, 8, new SimpleRecord(1_000L, null, "x".getBytes())), 0).firstOffset()).isEqualTo(102);
    }

    @Test
    void shouldFenceZombieProducerEpoch() {
        ctx.log.appendAsLeader(idempotent((short) 2, 0, 1), 0);
        assertThatThrownBy(() -> ctx.log.appendAsLeader(idempotent((short) 1, 1, 1), 0))
                .isInstanceOfSatisfying(LogAppendException.class, e -> assertThat(e.error()).isEqualTo(LogError.INVALID_PRODUCER_EPOCH));
    }

    @Test
    void shouldStillRecogniseRetryAfterRestartAndAfterCrash() {
        AppendResult first = ctx.log.appendAsLeader(idempotent((short) 0, 0, 3), 0);
        ctx.log.flush();
        ctx.reopenClean();
        assertThat(ctx.log.appendAsLeader(idempotent((short) 0, 0, 3), 0).firstOffset()).isEqualTo(first.firstOffset());
        ctx.reopenAfterCrash();
        assertThat(ctx.log.appendAsLeader(idempotent((short) 0, 0, 3), 0).firstOffset()).isEqualTo(first.firstOffset());
        assertThat(ctx.log.appendAsLeader(idempotent((short) 0, 3, 1), 0).firstOffset()).isEqualTo(3);
    }

    @Test
    void shouldAcceptRetryAgainAfterTruncationRemovedTheBatch() {
        ctx.log.appendAsLeader(idempotent((short) 0, 0, 3), 0);
        ctx.log.appendAsLeader(idempotent((short) 0, 3, 2), 0);
        ctx.log.truncateTo(3);
        AppendResult again = ctx.log.appendAsLeader(idempotent((short) 0, 3, 2), 0);
        assertThat(again.firstOffset()).isEqualTo(3);
        assertThat(ctx.log.logEndOffset()).isEqualTo(5);
    }

    @Test
    void shouldTrackProducersFromReplicatedBatchesSoANewLeaderDeduplicates() {
        MemoryRecords replicated = idempotent((short) 0, 0, 2);
        replicated.batches().forEach(b -> b.setLastOffset(1));
        ctx.log.appendAsFollower(replicated);
        AppendResult retry = ctx.log.appendAsLeader(idempotent((short) 0, 0, 2), 1);
        assertThat(retry.firstOffset()).isZero();
        assertThat(ctx.log.logEndOffset()).isEqualTo(2);
    }
}
