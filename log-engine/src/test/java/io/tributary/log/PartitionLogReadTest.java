package io.tributary.log;

import static io.tributary.log.PartitionLogTestContext.START_MS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.log.testing.TestBatches;
import java.io.ByteArrayOutputStream;
import java.nio.channels.Channels;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartitionLogReadTest {

    @TempDir
    Path root;
    PartitionLogTestContext ctx;
    int batchBytes;

    @BeforeEach
    void setUp() {
        ctx = new PartitionLogTestContext(root, PartitionLogTestContext.smallConfig());
        // 40 batches of 5 records (offsets 5i..5i+4), ~600 bytes each: several segments.
        for (int i = 0; i < 40; i++) {
            batchBytes = ctx.log.appendAsLeader(TestBatches.batch(5, 100, START_MS + i), 1).sizeInBytes();
        }
    }

    @AfterEach
    void tearDown() {
        ctx.log.close();
    }

    private static List<MutableRecordBatch> batches(LogSlice slice) {
        return TestBatches.batchList(slice.toMemoryRecords());
    }

    @Test
    void shouldStartAtContainingBatchWhenOffsetIsInsideABatch() {
        LogSlice slice = ctx.log.read(37, 1, 200);

        assertThat(slice.firstBatchBaseOffset()).isEqualTo(35);
        assertThat(batches(slice)).extracting(RecordBatch::baseOffset).containsExactly(35L);
    }

    @Test
    void shouldReturnOneWholeBatchWhenMaxBytesIsSmallerThanIt() {
        LogSlice slice = ctx.log.read(0, 10, 200);

        assertThat(slice.sizeInBytes()).isEqualTo(batchBytes);
        assertThat(batches(slice)).hasSize(1);
    }

    @Test
    void shouldReturnOnlyWholeBatchesWhenMaxBytesEndsMidBatch() {
        LogSlice slice = ctx.log.read(0, batchBytes * 2 + batchBytes / 2, 200);

        assertThat(slice.sizeInBytes()).isEqualTo(batchBytes * 2);
        batches(slice).forEach(MutableRecordBatch::ensureValid);
    }

    @Test
    void shouldStopBeforeMaxOffsetWhenBoundedByHighWatermark() {
        LogSlice slice = ctx.log.read(0, 1 << 20, 12);

        assertThat(batches(slice)).extracting(RecordBatch::lastOffset).containsExactly(4L, 9L);
    }

    @Test
    void shouldReturnEmptyWhenStartIsAtTheBound() {
        assertThat(ctx.log.read(200, 100, 200).isEmpty()).isTrue();
        assertThat(ctx.log.read(50, 100, 50).isEmpty()).isTrue();
    }

    @Test
    void shouldThrowOffsetOutOfRangeWhenStartIsPastTheLogEnd() {
        assertThatThrownBy(() -> ctx.log.read(201, 100, 201)).isInstanceOf(OffsetOutOfRangeException.class);
        assertThatThrownBy(() -> ctx.log.read(-1, 100, 200)).isInstanceOf(OffsetOutOfRangeException.class);
    }

    @Test
    void shouldReadEveryBatchInOrderWhenLogSpansSegments() {
        assertThat(ctx.log.segmentCount()).isGreaterThan(3);

        List<MutableRecordBatch> all = ctx.readAll(0);

        assertThat(all).hasSize(40);
        for (int i = 0; i < 40; i++) {
            assertThat(all.get(i).baseOffset()).isEqualTo(5L * i);
            assertThat(all.get(i).maxTimestamp()).isEqualTo(START_MS + i);
        }
    }

    @Test
    void shouldNotCrossIntoNextSegmentWhenReading() {
        long secondBase = ctx.log.segmentBaseOffsets().get(1);
        LogSlice slice = ctx.log.read(secondBase - 1, 1 << 20, 200);

        assertThat(batches(slice).get(batches(slice).size() - 1).nextOffset()).isEqualTo(secondBase);
    }

    @Test
    void shouldSendTheSameBytesWhenTransferredZeroCopy() throws Exception {
        LogSlice slice = ctx.log.read(10, 5000, 200);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        long sent = slice.transferTo(Channels.newChannel(out));

        assertThat(sent).isEqualTo(slice.sizeInBytes());
        MemoryRecords copy = MemoryRecords.readableRecords(java.nio.ByteBuffer.wrap(out.toByteArray()));
        assertThat(copy).isEqualTo(slice.toMemoryRecords());
    }

    @Test
    void shouldFindFirstRecordAtOrAfterTimestampWhenLookingUpByTime() {
        MemoryRecords spread = TestBatches.batchWithTimestamps(0, -1, 10, START_MS + 100, START_MS + 105,
                START_MS + 110);
        long base = ctx.log.appendAsLeader(spread, 1).firstOffset();

        assertThat(ctx.log.offsetForTimestamp(START_MS + 17)).contains(new OffsetAndTimestamp(85, START_MS + 17));
        assertThat(ctx.log.offsetForTimestamp(START_MS + 101)).contains(new OffsetAndTimestamp(base + 1, START_MS + 105));
        assertThat(ctx.log.offsetForTimestamp(START_MS)).contains(new OffsetAndTimestamp(0, START_MS));
        assertThat(ctx.log.offsetForTimestamp(START_MS + 111)).isEmpty();
    }

    @Test
    void shouldAnswerSentinelsWhenAskedForEarliestLatestAndMaxTimestamp() {
        ctx.log.appendAsLeader(TestBatches.batchWithTimestamps(0, -1, 10, START_MS + 500, START_MS + 900,
                START_MS + 900), 1);

        assertThat(ctx.log.offsetForTimestamp(PartitionLog.EARLIEST_TIMESTAMP).orElseThrow().offset()).isEqualTo(0);
        assertThat(ctx.log.offsetForTimestamp(PartitionLog.LATEST_TIMESTAMP).orElseThrow().offset()).isEqualTo(203);
        assertThat(ctx.log.maxTimestampOffset()).isEqualTo(new OffsetAndTimestamp(201, START_MS + 900));
        assertThat(ctx.log.offsetForTimestamp(PartitionLog.MAX_TIMESTAMP)).contains(new OffsetAndTimestamp(201, START_MS + 900));
    }

    @Test
    void shouldFindTimestampsInClosedSegmentsWhenReopened() {
        ctx.reopenClean();

        assertThat(ctx.log.offsetForTimestamp(START_MS + 33)).contains(new OffsetAndTimestamp(165, START_MS + 33));
        assertThat(ctx.log.maxTimestampOffset()).isEqualTo(new OffsetAndTimestamp(195, START_MS + 39));
    }

    @Test
    void shouldReturnEmptyWhenTheFirstBatchStraddlesTheBound() {
        LogSlice slice = ctx.log.read(10, 1 << 20, 12);

        assertThat(slice.isEmpty()).isTrue();
    }
}
