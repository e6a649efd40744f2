package io.tributary.log;

import static io.tributary.log.PartitionLogTestContext.START_MS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.log.testing.TestBatches;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartitionLogSegmentsTest {

    @TempDir
    Path root;
    PartitionLogTestContext ctx;

    @AfterEach
    void tearDown() {
        ctx.log.close();
    }

    private void open(LogConfig config) {
        ctx = new PartitionLogTestContext(root, config);
    }

    private List<String> files(String suffix) throws Exception {
        try (Stream<Path> s = Files.list(ctx.dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(suffix)).sorted().toList();
        }
    }

    private void appendBatches(int count, long timestampMs) {
        for (int i = 0; i < count; i++) {
            ctx.log.appendAsLeader(TestBatches.batch(5, 100, timestampMs), 1);
        }
    }

    @Test
    void shouldRollWhenSegmentBytesWouldBeExceeded() throws Exception {
        open(PartitionLogTestContext.smallConfig());
        appendBatches(20, START_MS);

        assertThat(ctx.log.segmentCount()).isGreaterThan(2);
        assertThat(files(".log")).allMatch(n -> n.matches("\\d{20}\\.log"));
        assertThat(files(".log").get(0)).isEqualTo("00000000000000000000.log");
        try (Stream<Path> s = Files.list(ctx.dir)) {
            assertThat(s.filter(p -> p.toString().endsWith(".log")).mapToLong(p -> p.toFile().length()))
                    .allMatch(size -> size <= 4096);
        }
        assertThat(ctx.readAll(0)).hasSize(20);
    }

    @Test
    void shouldWriteIndexesToTheirFilesWhenSegmentRolls() throws Exception {
        open(PartitionLogTestContext.smallConfig());
        appendBatches(20, START_MS);

        Path closedIndex = ctx.dir.resolve("00000000000000000000.index");
        Path activeIndex = ctx.dir.resolve(String.format("%020d.index", ctx.log.segmentBaseOffsets().get(ctx.log.segmentCount() - 1)));
        assertThat(Files.size(closedIndex)).isPositive().isLessThan(4096).isEqualTo(Files.size(closedIndex) / 8 * 8);
        assertThat(Files.size(activeIndex)).as("the active segment's entries stay on the heap").isZero();
        assertThat(ctx.log.recoveryPoint()).isEqualTo(ctx.log.segmentBaseOffsets().get(ctx.log.segmentCount() - 1));
    }

    @Test
    void shouldRollWhenSegmentMsHasPassedSinceTheFirstBatch() {
        open(PartitionLogTestContext.smallConfig().with(LogConfig.SEGMENT_MS, 10_000L));
        ctx.log.appendAsLeader(TestBatches.batch(1, 10, ctx.clock.millis()), 1);

        ctx.log.maybeRoll(ctx.clock.advance(10_000));
        assertThat(ctx.log.segmentCount()).isEqualTo(1);
        ctx.log.maybeRoll(ctx.clock.advance(1));
        assertThat(ctx.log.segmentCount()).isEqualTo(2);
        ctx.log.maybeRoll(ctx.clock.advance(60_000));
        assertThat(ctx.log.segmentCount()).as("an empty active segment never rolls").isEqualTo(2);
    }

    @Test
    void shouldRollOnAppendWhenSegmentMsHasPassed() {
        open(PartitionLogTestContext.smallConfig().with(LogConfig.SEGMENT_MS, 10_000L));
        ctx.log.appendAsLeader(TestBatches.batch(1, 10, ctx.clock.millis()), 1);
        ctx.clock.advance(10_001);

        AppendResult result = ctx.log.appendAsLeader(TestBatches.batch(1, 10, ctx.clock.millis()), 1);

        assertThat(ctx.log.segmentBaseOffsets()).containsExactly(0L, result.firstOffset());
    }

    @Test
    void shouldRollWhenTheOffsetIndexIsFull() {
        // Index every batch; 4 entries of 8 bytes fit in 32 bytes (the time index, 12-byte entries, holds 2).
        open(LogConfig.defaults().with(LogConfig.INDEX_INTERVAL_BYTES, 0).with(LogConfig.SEGMENT_INDEX_BYTES, 32));
        appendBatches(12, START_MS);

        assertThat(ctx.log.segmentCount()).isGreaterThan(2);
        assertThat(ctx.readAll(0)).hasSize(12);
    }

    @Test
    void shouldRollWhenRelativeOffsetWouldOverflow() {
        open(PartitionLogTestContext.smallConfig());
        ctx.log.appendAsFollower(TestBatches.batch(0, 1, 1, 10, START_MS));
        // A compacted batch may span far more offsets than it holds records.
        org.apache.kafka.common.record.internal.MemoryRecords gap = TestBatches.batch(1, 1, 1, 10, START_MS);
        java.nio.ByteBuffer b = gap.buffer();
        b.putInt(23, Integer.MAX_VALUE - 1); // lastOffsetDelta
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(b.duplicate().position(21));
        b.putInt(17, (int) crc.getValue());

        ctx.log.appendAsFollower(gap);

        assertThat(ctx.log.segmentBaseOffsets()).containsExactly(0L, 1L);
        assertThat(ctx.log.logEndOffset()).isEqualTo((long) Integer.MAX_VALUE + 1);
    }

    @Test
    void shouldDeleteOldSegmentsButNeverTheActiveOneWhenRetentionMsExpires() throws Exception {
        open(PartitionLogTestContext.smallConfig().with(LogConfig.RETENTION_MS, 60_000L));
        appendBatches(20, START_MS);
        int segments = ctx.log.segmentCount();
        long activeBase = ctx.log.segmentBaseOffsets().get(segments - 1);

        assertThat(ctx.log.applyRetention(START_MS + 60_000)).isZero();
        assertThat(ctx.log.applyRetention(START_MS + 60_001)).isEqualTo(segments - 1);

        assertThat(ctx.log.segmentBaseOffsets()).containsExactly(activeBase);
        assertThat(ctx.log.logStartOffset()).isEqualTo(activeBase);
        assertThatThrownBy(() -> ctx.log.read(0, 100, 1000)).isInstanceOf(OffsetOutOfRangeException.class);
        assertThat(ctx.log.read(activeBase, 100, 1000).firstBatchBaseOffset()).isEqualTo(activeBase);
    }

    @Test
    void shouldDeleteOldestSegmentsWhenRetentionBytesIsExceeded() {
        open(PartitionLogTestContext.smallConfig().with(LogConfig.RETENTION_BYTES, 5000L));
        appendBatches(30, START_MS);
        long before = ctx.log.sizeInBytes();

        int deleted = ctx.log.applyRetention(ctx.clock.millis());

        assertThat(deleted).isPositive();
        assertThat(ctx.log.sizeInBytes()).isLessThan(before).isGreaterThanOrEqualTo(5000);
        assertThat(ctx.log.logStartOffset()).isEqualTo(ctx.log.segmentBaseOffsets().get(0));
    }

    @Test
    void shouldKeepServingASliceInFlightWhenItsSegmentIsDeleted() throws Exception {
        open(PartitionLogTestContext.smallConfig().with(LogConfig.RETENTION_MS, 1L));
        appendBatches(20, START_MS);
        LogSlice inFlight = ctx.log.read(0, 1000, 1000);

        ctx.log.applyRetention(START_MS + 10);

        assertThat(files(".log.deleted")).isNotEmpty();
        assertThat(TestBatches.batchList(inFlight.toMemoryRecords())).allSatisfy(RecordBatch::ensureValid);
        ctx.log.applyRetention(START_MS + 10 + 1000);
        assertThat(files(".deleted")).isEmpty();
    }

    @Test
    void shouldAdvanceAndCheckpointLogStartWhenDeletingRecordsBefore() {
        open(PartitionLogTestContext.smallConfig());
        appendBatches(20, START_MS);
        long secondBase = ctx.log.segmentBaseOffsets().get(1);

        assertThat(ctx.log.deleteRecordsBefore(secondBase + 3)).isEqualTo(secondBase + 3);

        assertThat(ctx.log.segmentBaseOffsets().get(0)).isEqualTo(secondBase);
        assertThatThrownBy(() -> ctx.log.read(secondBase + 2, 100, 1000)).isInstanceOf(OffsetOutOfRangeException.class);
        assertThat(ctx.log.read(secondBase + 3, 100, 1000).firstBatchBaseOffset()).isLessThanOrEqualTo(secondBase + 3);
        ctx.reopenAfterCrash();
        assertThat(ctx.log.logStartOffset()).isEqualTo(secondBase + 3);
        assertThatThrownBy(() -> ctx.log.deleteRecordsBefore(1000)).isInstanceOf(OffsetOutOfRangeException.class);
    }

    @Test
    void shouldDropLaterSegmentsAndEpochsWhenTruncatingIntoAnOlderSegment() {
        open(PartitionLogTestContext.smallConfig());
        for (int i = 0; i < 20; i++) {
            ctx.log.appendAsLeader(TestBatches.batch(5, 100, START_MS + i), i < 10 ? 1 : 2);
        }
        long secondBase = ctx.log.segmentBaseOffsets().get(1);
        long cut = secondBase + 5;

        ctx.log.truncateTo(cut);

        assertThat(ctx.log.logEndOffset()).isEqualTo(cut);
        assertThat(ctx.log.segmentBaseOffsets()).containsExactly(0L, secondBase);
        assertThat(ctx.log.leaderEpochCache().entries()).allMatch(e -> e.startOffset() < cut);
        AppendResult next = ctx.log.appendAsLeader(TestBatches.batch(5, 100, START_MS + 99), 3);
        assertThat(next.firstOffset()).isEqualTo(cut);
        assertThat(ctx.readAll(0)).extracting(RecordBatch::baseOffset).endsWith(cut - 5, cut);
        assertThat(ctx.log.offsetForTimestamp(START_MS + 50)).contains(new OffsetAndTimestamp(cut, START_MS + 99));
    }

    @Test
    void shouldRemoveEverythingWhenTruncatingBelowLogStart() {
        open(PartitionLogTestContext.smallConfig());
        appendBatches(10, START_MS);
        ctx.log.deleteRecordsBefore(20);

        ctx.log.truncateTo(10);

        assertThat(ctx.log.logStartOffset()).isEqualTo(10);
        assertThat(ctx.log.logEndOffset()).isEqualTo(10);
        assertThat(ctx.log.appendAsLeader(TestBatches.batch(1, 10, START_MS), 1).firstOffset()).isEqualTo(10);
    }

    @Test
    void shouldKeepEverythingWhenReopenedAfterCleanShutdown() {
        open(PartitionLogTestContext.smallConfig());
        appendBatches(20, START_MS);
        ctx.log.deleteRecordsBefore(7);
        List<Long> bases = ctx.log.segmentBaseOffsets();

        ctx.reopenClean();

        assertThat(ctx.log.recoveredOnOpen()).isFalse();
        assertThat(ctx.log.segmentBaseOffsets()).isEqualTo(bases);
        assertThat(ctx.log.logStartOffset()).isEqualTo(7);
        assertThat(ctx.log.logEndOffset()).isEqualTo(100);
        assertThat(ctx.log.appendAsLeader(TestBatches.batch(1, 10, START_MS), 1).firstOffset()).isEqualTo(100);
        assertThat(ctx.readAll(7)).hasSize(20);
    }

    @Test
    void shouldRestartEmptyAtTheLeaderStartWhenTruncatedFully() throws Exception {
        open(PartitionLogTestContext.smallConfig());
        appendBatches(10, START_MS);

        ctx.log.truncateFullyAndStartAt(1000);

        assertThat(ctx.log.logStartOffset()).isEqualTo(1000);
        assertThat(ctx.log.logEndOffset()).isEqualTo(1000);
        assertThat(ctx.log.segmentBaseOffsets()).containsExactly(1000L);
        assertThat(ctx.log.leaderEpochCache().entries()).isEmpty();
        ctx.log.appendAsFollower(TestBatches.batch(1000, 4, 2, 10, START_MS));
        ctx.reopenAfterCrash();
        assertThat(ctx.log.logStartOffset()).isEqualTo(1000);
        assertThat(ctx.readAll(1000)).extracting(RecordBatch::baseOffset).containsExactly(1000L);
    }

    @Test
    void shouldMeasureSegmentAgeFromFirstBatchTimestampWhenItIsOlderThanCreation() {
        open(PartitionLogTestContext.smallConfig().with(LogConfig.SEGMENT_MS, 10_000L));
        ctx.log.appendAsLeader(TestBatches.batch(1, 10, ctx.clock.millis() - 20_000), 1);

        AppendResult next = ctx.log.appendAsLeader(TestBatches.batch(1, 10, ctx.clock.millis()), 1);

        assertThat(ctx.log.segmentBaseOffsets()).containsExactly(0L, next.firstOffset());
    }

    @Test
    void shouldApplyNewRetentionWhenConfigIsUpdated() {
        open(PartitionLogTestContext.smallConfig());
        appendBatches(20, START_MS);
        assertThat(ctx.log.applyRetention(START_MS + 120_000)).isZero();

        ctx.log.updateConfig(ctx.log.config().with(LogConfig.RETENTION_MS, 60_000L));

        assertThat(ctx.log.applyRetention(START_MS + 120_000)).isPositive();
        assertThat(ctx.log.segmentCount()).isEqualTo(1);
    }
}
