package io.tributary.log.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.log.LogAppendException;
import io.tributary.log.LogError;
import io.tributary.log.testing.TestBatches;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.junit.jupiter.api.Test;

class BatchValidatorTest {

    private static LogError errorOf(Runnable call) {
        try {
            call.run();
        } catch (LogAppendException e) {
            return e.error();
        }
        throw new AssertionError("expected a rejection");
    }

    @Test
    void shouldSummariseBatchesWhenInputIsValid() {
        MemoryRecords records = TestBatches.batches(3, 4, 10, 1234L);

        BatchValidator.Summary summary = BatchValidator.validate(records.buffer(), 1 << 20, false, 0);

        assertThat(summary.batchCount()).isEqualTo(3);
        assertThat(summary.recordCount()).isEqualTo(12);
        assertThat(summary.sizeInBytes()).isEqualTo(records.sizeInBytes());
        assertThat(summary.maxTimestampMs()).isEqualTo(1234L);
    }

    @Test
    void shouldRejectAsCorruptWhenHeaderIsTruncated() {
        ByteBuffer tiny = ByteBuffer.allocate(8);

        assertThat(errorOf(() -> BatchValidator.validate(tiny, 1 << 20, false, 0))).isEqualTo(LogError.CORRUPT_MESSAGE);
    }

    @Test
    void shouldRejectAsCorruptWhenLengthIsBelowTheHeaderSize() {
        MemoryRecords records = TestBatches.batch(1, 10, 0);
        records.buffer().putInt(8, 20);

        assertThat(errorOf(() -> BatchValidator.validate(records.buffer(), 1 << 20, false, 0)))
                .isEqualTo(LogError.CORRUPT_MESSAGE);
    }

    @Test
    void shouldRejectEmptyInputAsInvalid() {
        assertThat(errorOf(() -> BatchValidator.validate(ByteBuffer.allocate(0), 1 << 20, false, 0)))
                .isEqualTo(LogError.INVALID_RECORD);
    }

    @Test
    void shouldRejectLeaderBatchWhenLastOffsetDeltaDisagreesWithCount() {
        MemoryRecords records = TestBatches.batch(3, 10, 0);
        ByteBuffer b = records.buffer();
        b.putInt(BatchHeader.LAST_OFFSET_DELTA_OFFSET, 7);
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(b.duplicate().position(BatchHeader.ATTRIBUTES_OFFSET));
        b.putInt(BatchHeader.CRC_OFFSET, (int) crc.getValue());

        assertThat(errorOf(() -> BatchValidator.validate(b, 1 << 20, false, 0))).isEqualTo(LogError.INVALID_RECORD);
        assertThat(BatchValidator.validate(b, 1 << 20, true, 0).lastOffset()).as("a compacted follower batch").isEqualTo(7);
    }

    @Test
    void shouldRejectFollowerBatchesWhenOffsetsGoBackwards() {
        MemoryRecords records = TestBatches.concat(List.of(TestBatches.batch(0, 1, 3, 10, 0),
                TestBatches.batch(2, 1, 3, 10, 0)));

        assertThatThrownBy(() -> BatchValidator.validate(records.buffer(), 1 << 20, true, 0))
                .isInstanceOfSatisfying(LogAppendException.class,
                        e -> assertThat(e.error()).isEqualTo(LogError.INVALID_RECORD));
    }

    @Test
    void shouldRejectAsTooLargeBeforeCheckingCrcWhenBatchExceedsMaxMessageBytes() {
        MemoryRecords records = TestBatches.batch(3, 100, 0);

        assertThat(errorOf(() -> BatchValidator.validate(records.buffer(), records.sizeInBytes() - 1, false, 0)))
                .isEqualTo(LogError.MESSAGE_TOO_LARGE);
        assertThat(BatchValidator.validate(records.buffer(), records.sizeInBytes(), false, 0).batchCount()).isEqualTo(1);
    }
}
