package io.tributary.log;

import static io.tributary.log.PartitionLogTestContext.START_MS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.log.testing.TestBatches;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartitionLogAppendTest {

    @TempDir
    Path root;
    PartitionLogTestContext ctx;

    @BeforeEach
    void setUp() {
        ctx = new PartitionLogTestContext(root, PartitionLogTestContext.smallConfig());
    }

    @AfterEach
    void tearDown() {
        ctx.log.close();
    }

    private long activeFileSize() throws Exception {
        try (var files = Files.list(ctx.dir)) {
            return files.filter(p -> p.toString().endsWith(".log")).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    @Test
    void shouldAssignOffsetsFromLogEndWhenAppendingAsLeader() {
        AppendResult first = ctx.log.appendAsLeader(TestBatches.batch(5, 10, START_MS), 3);
        AppendResult second = ctx.log.appendAsLeader(TestBatches.batch(2, 10, START_MS + 1), 3);

        assertThat(first.firstOffset()).isEqualTo(0);
        assertThat(first.lastOffset()).isEqualTo(4);
        assertThat(second.firstOffset()).isEqualTo(5);
        assertThat(second.lastOffset()).isEqualTo(6);
        assertThat(second.maxTimestampMs()).isEqualTo(START_MS + 1);
        assertThat(second.logAppendTimeMs()).isEqualTo(ctx.clock.millis());
        assertThat(second.batchCount()).isEqualTo(1);
        assertThat(ctx.log.logEndOffset()).isEqualTo(7);
        List<MutableRecordBatch> batches = ctx.readAll(0);
        assertThat(batches).extracting(RecordBatch::baseOffset).containsExactly(0L, 5L);
        assertThat(batches).extracting(RecordBatch::lastOffset).containsExactly(4L, 6L);
    }

    @Test
    void shouldStampLeaderEpochWhenAppendingAsLeader() {
        ctx.log.appendAsLeader(TestBatches.batch(2, 10, START_MS), 4);
        ctx.log.appendAsLeader(TestBatches.batch(2, 10, START_MS), 7);

        assertThat(ctx.readAll(0)).extracting(RecordBatch::partitionLeaderEpoch).containsExactly(4, 7);
        assertThat(ctx.log.leaderEpochCache().entries())
                .containsExactly(new EpochEntry(4, 0), new EpochEntry(7, 2));
    }

    @Test
    void shouldAssignContiguousOffsetsWhenOneAppendHoldsSeveralBatches() {
        AppendResult result = ctx.log.appendAsLeader(TestBatches.batches(3, 4, 10, START_MS), 1);

        assertThat(result.firstOffset()).isEqualTo(0);
        assertThat(result.lastOffset()).isEqualTo(11);
        assertThat(result.batchCount()).isEqualTo(3);
        assertThat(ctx.readAll(0)).extracting(RecordBatch::baseOffset).containsExactly(0L, 4L, 8L);
    }

    @Test
    void shouldKeepOffsetsAndEpochsWhenAppendingAsFollower() {
        ctx.log.appendAsFollower(TestBatches.concat(List.of(TestBatches.batch(0, 2, 3, 10, START_MS),
                TestBatches.batch(3, 5, 2, 10, START_MS))));

        assertThat(ctx.log.logEndOffset()).isEqualTo(5);
        assertThat(ctx.readAll(0)).extracting(RecordBatch::partitionLeaderEpoch).containsExactly(2, 5);
        assertThat(ctx.log.leaderEpochCache().entries())
                .containsExactly(new EpochEntry(2, 0), new EpochEntry(5, 3));
    }

    @Test
    void shouldRejectFollowerBatchWhenItDoesNotStartAtLogEnd() throws Exception {
        ctx.log.appendAsFollower(TestBatches.batch(0, 1, 3, 10, START_MS));
        long before = activeFileSize();

        assertThatThrownBy(() -> ctx.log.appendAsFollower(TestBatches.batch(7, 1, 3, 10, START_MS)))
                .isInstanceOfSatisfying(LogAppendException.class,
                        e -> assertThat(e.error()).isEqualTo(LogError.INVALID_RECORD));
        assertThat(activeFileSize()).isEqualTo(before);
        assertThat(ctx.log.logEndOffset()).isEqualTo(3);
    }

    @Test
    void shouldRejectWithCorruptMessageWhenCrcIsWrong() throws Exception {
        MemoryRecords records = TestBatches.batch(3, 10, START_MS);
        ByteBuffer buffer = records.buffer();
        buffer.put(buffer.limit() - 1, (byte) (buffer.get(buffer.limit() - 1) ^ 0x5a));

        assertRejected(records, LogError.CORRUPT_MESSAGE);
    }

    @Test
    void shouldRejectWithCorruptMessageWhenMagicIsNotV2() throws Exception {
        MemoryRecords v1 = MemoryRecords.withRecords(RecordBatch.MAGIC_VALUE_V1, Compression.NONE,
                new SimpleRecord(START_MS, "k".getBytes(), "v".getBytes()));

        assertRejected(v1, LogError.CORRUPT_MESSAGE);
    }

    @Test
    void shouldRejectWithCorruptMessageWhenBatchLengthOverrunsTheInput() throws Exception {
        MemoryRecords records = TestBatches.batch(3, 10, START_MS);
        ByteBuffer truncated = ByteBuffer.allocate(records.sizeInBytes() - 7);
        truncated.put(records.buffer().duplicate().limit(records.sizeInBytes() - 7)).flip();

        assertRejected(MemoryRecords.readableRecords(truncated), LogError.CORRUPT_MESSAGE);
    }

    @Test
    void shouldRejectWithMessageTooLargeWhenBatchExceedsMaxMessageBytes() throws Exception {
        ctx.log.close();
        ctx.config = ctx.config.with(LogConfig.MAX_MESSAGE_BYTES, 500);
        ctx.open();

        assertRejected(TestBatches.batch(5, 200, START_MS), LogError.MESSAGE_TOO_LARGE);
    }

    @Test
    void shouldRejectRecordListTooLargeWhenInputExceedsSegmentBytes() throws Exception {
        assertRejected(TestBatches.batches(4, 10, 120, START_MS), LogError.RECORD_LIST_TOO_LARGE);
    }

    @Test
    void shouldRejectWholeInputWhenALaterBatchIsCorrupt() throws Exception {
        MemoryRecords good = TestBatches.batch(2, 10, START_MS);
        MemoryRecords bad = TestBatches.batch(2, 10, START_MS);
        bad.buffer().put(bad.sizeInBytes() - 1, (byte) 1);
        MemoryRecords both = TestBatches.concat(List.of(good, bad));

        assertRejected(both, LogError.CORRUPT_MESSAGE);
        // The good batch in front of the bad one must not have had its offset rewritten either.
        assertThat(TestBatches.batchList(both).get(0).partitionLeaderEpoch())
                .isEqualTo(RecordBatch.NO_PARTITION_LEADER_EPOCH);
    }

    @Test
    void shouldRejectWithInvalidRecordWhenBatchHasNoRecords() throws Exception {
        MemoryRecords records = TestBatches.batch(1, 10, START_MS);
        // Count 0 with a recomputed CRC: structurally sound but empty.
        ByteBuffer b = records.buffer();
        b.putInt(57, 0);
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(b.duplicate().position(21));
        b.putInt(17, (int) crc.getValue());

        assertRejected(records, LogError.INVALID_RECORD);
    }

    private void assertRejected(MemoryRecords records, LogError expected) throws Exception {
        ctx.log.appendAsLeader(TestBatches.batch(1, 10, START_MS), 1);
        long sizeBefore = activeFileSize();
        long endBefore = ctx.log.logEndOffset();

        assertThatThrownBy(() -> ctx.log.appendAsLeader(records, 1))
                .isInstanceOfSatisfying(LogAppendException.class, e -> assertThat(e.error()).isEqualTo(expected));

        assertThat(activeFileSize()).isEqualTo(sizeBefore);
        assertThat(ctx.log.logEndOffset()).isEqualTo(endBefore);
        assertThat(ctx.log.sizeInBytes()).isEqualTo(sizeBefore);
    }

    @Test
    void shouldFsyncBeforeReturningWhenFlushOnAppendIsSet() {
        ctx.log.close();
        ctx.config = ctx.config.with(LogConfig.FLUSH_ON_APPEND, true);
        ctx.open();

        ctx.log.appendAsLeader(TestBatches.batch(3, 10, START_MS), 1);

        assertThat(ctx.log.recoveryPoint()).isEqualTo(3);
    }

    @Test
    void shouldFlushWhenFlushMessagesIsReached() {
        ctx.log.close();
        ctx.config = ctx.config.with(LogConfig.FLUSH_MESSAGES, 5L);
        ctx.open();

        ctx.log.appendAsLeader(TestBatches.batch(3, 10, START_MS), 1);
        assertThat(ctx.log.recoveryPoint()).isEqualTo(0);
        ctx.log.appendAsLeader(TestBatches.batch(3, 10, START_MS), 1);
        assertThat(ctx.log.recoveryPoint()).isEqualTo(6);
    }

    @Test
    void shouldFlushWhenFlushMsHasPassed() {
        ctx.log.close();
        ctx.config = ctx.config.with(LogConfig.FLUSH_MS, 1000L);
        ctx.open();
        ctx.log.appendAsLeader(TestBatches.batch(3, 10, START_MS), 1);

        assertThat(ctx.log.maybeFlush(ctx.clock.advance(999))).isFalse();
        assertThat(ctx.log.maybeFlush(ctx.clock.advance(1))).isTrue();
        assertThat(ctx.log.recoveryPoint()).isEqualTo(3);
    }
}
