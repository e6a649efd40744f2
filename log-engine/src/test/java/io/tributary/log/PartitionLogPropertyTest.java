package io.tributary.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.log.testing.TestBatches;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * Random sequences of appends (leader, and follower with one or several epochs), reads, time lookups,
 * rolls, truncations, DeleteRecords, retention under a hand-moved clock, flush, clean close/reopen
 * and crash (unclean close)/reopen, checked after every step against an in-memory model: a list of
 * batches with their offsets, epochs and records, and the leader-epoch entries. The model knows
 * nothing of segments; segment boundaries only show through retention, which is checked by bounds
 * instead (it may delete only whole, expired or excess data, never the active segment).
 *
 * <p>jqwik cannot use JUnit's {@code @TempDir}, so each container gets one temporary directory that
 * {@link #deleteRoot()} removes.
 */
class PartitionLogPropertyTest {

    private static final long START_MS = 1_700_000_000_000L;
    private static Path root;

    @BeforeContainer
    static void createRoot() throws IOException {
        root = Files.createTempDirectory("partition-log-property-");
    }

    @AfterContainer
    static void deleteRoot() throws IOException {
        deleteRecursively(root);
    }

    // ------------------------------------------------------------------ the property

    @Property(tries = 100, shrinking = ShrinkingMode.BOUNDED)
    void shouldMatchModelWhenRandomOperationsRun(@ForAll("setups") Setup setup, @ForAll("operations") List<Op> ops)
            throws IOException {
        Path dir = Files.createTempDirectory(root, "try-").resolve("topic-0");
        MutableClock clock = new MutableClock(START_MS);
        Model model = new Model();
        PartitionLog log = PartitionLog.open(dir, setup.config(), clock);
        try {
            check(log, model, "open");
            for (int step = 0; step < ops.size(); step++) {
                Op op = ops.get(step);
                log = apply(op, log, model, dir, setup, clock);
                check(log, model, "step " + step + " " + op);
            }
            int segments = log.segmentCount();
            Statistics.label("segments at end").collect(segments == 1 ? "1" : segments <= 4 ? "2-4" : "5+");
        } finally {
            log.close();
            deleteRecursively(dir.getParent());
        }
    }

    private PartitionLog apply(Op op, PartitionLog log, Model model, Path dir, Setup setup, MutableClock clock)
            throws IOException {
        if (op instanceof Append a) {
            List<MemoryRecords> parts = new ArrayList<>();
            List<List<ModelRecord>> recordsPerBatch = new ArrayList<>();
            List<Integer> epochs = new ArrayList<>();
            long offset = model.logEnd;
            for (int i = 0; i < a.batches(); i++) {
                List<ModelRecord> records = model.newRecords(offset, a.records(), a.valueBytes(),
                        clock.millis() + a.timestampJitterMs());
                recordsPerBatch.add(records);
                // A follower may fetch batches of several leader epochs at once; the leader stamps its own.
                int epoch = a.asFollower() ? model.epoch + i * a.followerEpochStep() : model.epoch;
                epochs.add(epoch);
                parts.add(build(a.asFollower() ? offset : 0L,
                        a.asFollower() ? epoch : RecordBatch.NO_PARTITION_LEADER_EPOCH, records));
                offset += records.size();
            }
            MemoryRecords input = TestBatches.concat(parts);
            if (input.sizeInBytes() > setup.segmentBytes()) {
                // Kafka's rule: an append must fit in one segment; nothing of it may reach the log.
                PartitionLog current = log;
                assertThatThrownBy(() -> {
                    if (a.asFollower()) {
                        current.appendAsFollower(input);
                    } else {
                        current.appendAsLeader(input, model.epoch);
                    }
                }).isInstanceOfSatisfying(LogAppendException.class,
                        e -> assertThat(e.error()).isEqualTo(LogError.RECORD_LIST_TOO_LARGE));
                Statistics.label("append rejected as too large").collect(true);
                return log;
            }
            Statistics.label("append rejected as too large").collect(false);
            AppendResult result = a.asFollower() ? log.appendAsFollower(input) : log.appendAsLeader(input, model.epoch);
            assertThat(result.firstOffset()).as("firstOffset").isEqualTo(model.logEnd);
            assertThat(result.lastOffset()).as("lastOffset").isEqualTo(offset - 1);
            assertThat(result.batchCount()).as("batchCount").isEqualTo(a.batches());
            assertThat(result.sizeInBytes()).as("sizeInBytes").isEqualTo(input.sizeInBytes());
            for (int i = 0; i < parts.size(); i++) {
                model.append(recordsPerBatch.get(i), epochs.get(i), parts.get(i).sizeInBytes());
            }
            model.epoch = epochs.get(epochs.size() - 1);
        } else if (op instanceof BumpEpoch b) {
            model.epoch += b.by();
        } else if (op instanceof Advance adv) {
            clock.advance(adv.ms());
        } else if (op instanceof MaybeRoll) {
            int before = log.segmentCount();
            log.maybeRoll(clock.millis());
            assertThat(log.segmentCount()).as("segments after maybeRoll").isBetween(before, before + 1);
        } else if (op instanceof Read r) {
            checkRead(log, model, r);
        } else if (op instanceof ReadOutOfRange) {
            PartitionLog current = log;
            if (model.logStart > 0) {
                long below = model.logStart - 1;
                assertThatThrownBy(() -> current.read(below, 1 << 20, model.logEnd))
                        .isInstanceOf(OffsetOutOfRangeException.class);
            }
            long above = model.logEnd + 1;
            assertThatThrownBy(() -> current.read(above, 1 << 20, above))
                    .isInstanceOf(OffsetOutOfRangeException.class);
        } else if (op instanceof TimeLookup t) {
            checkTimeLookup(log, model, t);
        } else if (op instanceof Truncate t) {
            List<Long> targets = model.truncationTargets();
            long target = targets.get(Math.floorMod(t.pick(), targets.size()));
            log.truncateTo(target);
            model.truncateTo(target);
        } else if (op instanceof DeleteBefore d) {
            long offset = model.logStart + Math.floorMod(d.pick(), model.logEnd - model.logStart + 1);
            log.deleteRecordsBefore(offset);
            model.advanceLogStart(offset);
        } else if (op instanceof Retention) {
            applyRetention(log, model, setup, clock.millis());
        } else if (op instanceof Flush) {
            // Moves the recovery point, so a later crash re-scans only what follows it.
            log.flush();
            assertThat(log.recoveryPoint()).as("recovery point after flush").isEqualTo(model.logEnd);
        } else if (op instanceof CrashReopen) {
            // A process crash: nothing flushed, no clean-shutdown marker; written bytes are in the page
            // cache, so every acknowledged append must survive recovery.
            log.closeUncleanly();
            log = PartitionLog.open(dir, setup.config(), clock);
            model.reopened();
        } else if (op instanceof Reopen) {
            log.close();
            log = PartitionLog.open(dir, setup.config(), clock);
            model.reopened();
        } else {
            throw new AssertionError("unknown op " + op);
        }
        return log;
    }

    /** Retention depends on segment boundaries the model does not track: check it by its bounds. */
    private void applyRetention(PartitionLog log, Model model, Setup setup, long nowMs) {
        long oldStart = model.logStart;
        int deleted = log.applyRetention(nowMs);
        long newStart = log.logStartOffset();
        Statistics.label("retention deleted segments").collect(deleted > 0);
        assertThat(deleted).as("segments deleted").isNotNegative();
        if (deleted == 0) {
            assertThat(newStart).as("log start without deletion").isEqualTo(oldStart);
            return;
        }
        assertThat(setup.retentionMs() >= 0 || setup.retentionBytes() >= 0)
                .as("deleted %d segments with retention disabled", deleted).isTrue();
        assertThat(newStart).as("log start after retention").isBetween(oldStart, model.logEnd);
        assertThat(newStart == model.logEnd || model.batchStartingAt(newStart) != null)
                .as("log start %d after retention is a batch boundary", newStart).isTrue();
        if (setup.retentionBytes() < 0) {
            for (ModelBatch batch : model.batches) {
                if (batch.last() < newStart) {
                    assertThat(nowMs - batch.maxTimestampMs()).as("age of deleted batch %s", batch)
                            .isGreaterThan(setup.retentionMs());
                }
            }
        } else if (setup.retentionMs() < 0) {
            assertThat(log.sizeInBytes()).as("log size after size retention")
                    .isGreaterThanOrEqualTo(setup.retentionBytes());
        }
        model.advanceLogStart(newStart);
    }

    // ------------------------------------------------------------------ checks

    private void check(PartitionLog log, Model model, String where) {
        assertThat(log.logStartOffset()).as("logStartOffset after %s", where).isEqualTo(model.logStart);
        assertThat(log.logEndOffset()).as("logEndOffset after %s", where).isEqualTo(model.logEnd);
        List<EpochEntry> epochs = log.leaderEpochCache().entries();
        assertThat(epochs).as("epoch cache after %s", where)
                .allSatisfy(e -> assertThat(e.startOffset()).isLessThanOrEqualTo(model.logEnd));
        // An entry starting exactly at the log end covers no data. It arises when DeleteRecords or
        // retention empties the log (truncateFromStart moves the epoch up to the new start); a clean
        // reopen then drops it (truncateFromEnd(logEnd), as Kafka's loader does) while a crash reopen
        // re-derives it from the batches and keeps it. Compare the entries that cover data.
        assertThat(coveringData(epochs, model.logEnd)).as("epoch cache after %s", where)
                .containsExactlyElementsOf(coveringData(model.epochs, model.logEnd));
        assertThat(log.read(model.logEnd, 1 << 20, model.logEnd).isEmpty()).as("read at end after %s", where).isTrue();
        long offset = model.logStart;
        while (offset < model.logEnd) {
            LogSlice slice = log.read(offset, 1 << 20, model.logEnd);
            List<RecordBatch> batches = batchesOf(slice);
            assertThat(batches).as("read at %d after %s", offset, where).isNotEmpty();
            ModelBatch first = model.batchContaining(offset);
            assertThat(slice.firstBatchBaseOffset()).as("slice base at %d after %s", offset, where)
                    .isEqualTo(first.base());
            offset = compareBatches(batches, model, first, where);
        }
    }

    /** ListOffsets by time: the first record at or above the log start whose timestamp reaches the target. */
    private void checkTimeLookup(PartitionLog log, Model model, TimeLookup t) {
        List<ModelRecord> visible = new ArrayList<>();
        for (ModelBatch batch : model.batches) {
            for (ModelRecord record : batch.records()) {
                if (record.offset() >= model.logStart) {
                    visible.add(record);
                }
            }
        }
        long target = visible.isEmpty()
                ? START_MS
                : visible.get(Math.floorMod(t.pick(), visible.size())).timestampMs() + t.deltaMs();
        Optional<OffsetAndTimestamp> expected = visible.stream()
                .filter(r -> r.timestampMs() >= target)
                .findFirst()
                .map(r -> new OffsetAndTimestamp(r.offset(), r.timestampMs()));
        assertThat(log.offsetForTimestamp(target)).as("offsetForTimestamp(%d)", target).isEqualTo(expected);
        assertThat(log.offsetForTimestamp(PartitionLog.EARLIEST_TIMESTAMP).map(OffsetAndTimestamp::offset))
                .as("earliest").contains(model.logStart);
        assertThat(log.offsetForTimestamp(PartitionLog.LATEST_TIMESTAMP).map(OffsetAndTimestamp::offset))
                .as("latest").contains(model.logEnd);
    }

    private static List<EpochEntry> coveringData(List<EpochEntry> entries, long logEnd) {
        return entries.stream().filter(e -> e.startOffset() < logEnd).toList();
    }

    private void checkRead(PartitionLog log, Model model, Read r) {
        long span = model.logEnd - model.logStart;
        long start = model.logStart + Math.floorMod(r.startPick(), span + 1);
        // The bound is a batch boundary at or after start, or the log end, like a high watermark.
        List<Long> bounds = new ArrayList<>();
        for (ModelBatch batch : model.batches) {
            if (batch.base() > start) {
                bounds.add(batch.base());
            }
        }
        bounds.add(model.logEnd);
        long maxOffset = bounds.get(Math.floorMod(r.boundPick(), bounds.size()));
        LogSlice slice = log.read(start, r.maxBytes(), maxOffset);
        String where = "read(" + start + ", " + r.maxBytes() + ", " + maxOffset + ")";
        if (start == model.logEnd) {
            assertThat(slice.isEmpty()).as(where).isTrue();
            return;
        }
        List<RecordBatch> batches = batchesOf(slice);
        assertThat(batches).as(where).isNotEmpty();
        if (batches.size() > 1) {
            assertThat(slice.sizeInBytes()).as("size of multi-batch " + where).isLessThanOrEqualTo(r.maxBytes());
        }
        for (RecordBatch batch : batches) {
            assertThat(batch.baseOffset()).as("batch at/after bound in " + where).isLessThan(maxOffset);
        }
        long next = compareBatches(batches, model, model.batchContaining(start), where);
        // Nothing that fits was left out: a read stops at a bound or at the end of its segment.
        ModelBatch following = model.batchStartingAt(next);
        if (following != null && following.base() < maxOffset
                && (long) slice.sizeInBytes() + following.sizeInBytes() <= r.maxBytes()) {
            assertThat(log.segmentBaseOffsets()).as("read stopped before batch %s that fits, in %s", following, where)
                    .contains(following.base());
        }
    }

    /** Compares consecutive batches with the model from {@code first}; returns the offset after the last. */
    private long compareBatches(List<RecordBatch> batches, Model model, ModelBatch first, String where) {
        int index = model.batches.indexOf(first);
        for (RecordBatch batch : batches) {
            assertThat(index).as("more batches than the model in %s", where).isLessThan(model.batches.size());
            ModelBatch expected = model.batches.get(index++);
            batch.ensureValid();
            assertThat(batch.baseOffset()).as("base offset in %s", where).isEqualTo(expected.base());
            assertThat(batch.lastOffset()).as("last offset in %s", where).isEqualTo(expected.last());
            assertThat(batch.partitionLeaderEpoch()).as("epoch of batch %d in %s", expected.base(), where)
                    .isEqualTo(expected.epoch());
            List<ModelRecord> actual = new ArrayList<>();
            for (Record record : batch) {
                actual.add(new ModelRecord(record.offset(), record.timestamp(), bytes(record.key()),
                        bytes(record.value())));
            }
            assertThat(actual).as("records of batch %d in %s", expected.base(), where)
                    .containsExactlyElementsOf(expected.records());
        }
        return batches.get(batches.size() - 1).lastOffset() + 1;
    }

    private static List<RecordBatch> batchesOf(LogSlice slice) {
        List<RecordBatch> list = new ArrayList<>();
        slice.toMemoryRecords().batches().forEach(list::add);
        return list;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }

    private static MemoryRecords build(long baseOffset, int epoch, List<ModelRecord> records) {
        int size = 128;
        for (ModelRecord r : records) {
            size += r.key().length + r.value().length + 32;
        }
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(size), RecordBatch.MAGIC_VALUE_V2,
                Compression.NONE, TimestampType.CREATE_TIME, baseOffset, RecordBatch.NO_TIMESTAMP,
                RecordBatch.NO_PRODUCER_ID, RecordBatch.NO_PRODUCER_EPOCH, RecordBatch.NO_SEQUENCE, false, false,
                epoch);
        for (ModelRecord r : records) {
            builder.append(r.timestampMs(), r.key(), r.value());
        }
        return builder.build();
    }

    // ------------------------------------------------------------------ the model

    record ModelRecord(long offset, long timestampMs, byte[] key, byte[] value) {
        @Override
        public boolean equals(Object o) {
            return o instanceof ModelRecord r && r.offset == offset && r.timestampMs == timestampMs
                    && Arrays.equals(r.key, key) && Arrays.equals(r.value, value);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(offset);
        }

        @Override
        public String toString() {
            return "Record(" + offset + ", ts=" + timestampMs + ", " + new String(key, StandardCharsets.UTF_8)
                    + ", " + value.length + "B)";
        }
    }

    record ModelBatch(long base, long last, int epoch, List<ModelRecord> records, int sizeInBytes,
                      long maxTimestampMs) {
        @Override
        public String toString() {
            return "Batch[" + base + ".." + last + " epoch " + epoch + " " + sizeInBytes + "B maxTs "
                    + maxTimestampMs + "]";
        }
    }

    /** What the log must look like: batches kept in full (reads return whole batches), offsets, epochs. */
    static final class Model {
        final List<ModelBatch> batches = new ArrayList<>();
        final List<EpochEntry> epochs = new ArrayList<>();
        long logStart;
        long logEnd;
        int epoch;
        private int sequence;

        List<ModelRecord> newRecords(long firstOffset, int count, int valueBytes, long timestampMs) {
            List<ModelRecord> records = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int id = sequence++;
                byte[] value = new byte[valueBytes];
                for (int j = 0; j < valueBytes; j++) {
                    value[j] = (byte) (id * 131 + j);
                }
                records.add(new ModelRecord(firstOffset + i, timestampMs + i,
                        ("k" + id).getBytes(StandardCharsets.UTF_8), value));
            }
            return records;
        }

        void append(List<ModelRecord> records, int batchEpoch, int sizeInBytes) {
            long base = records.get(0).offset();
            long maxTs = records.stream().mapToLong(ModelRecord::timestampMs).max().orElseThrow();
            batches.add(new ModelBatch(base, base + records.size() - 1, batchEpoch, records, sizeInBytes, maxTs));
            logEnd = base + records.size();
            assignEpoch(batchEpoch, base);
        }

        /** Kafka's epoch-cache rule as agreed: a higher epoch adds an entry, replacing one at the same start. */
        private void assignEpoch(int e, long start) {
            if (!epochs.isEmpty() && e <= epochs.get(epochs.size() - 1).epoch()) {
                return;
            }
            if (!epochs.isEmpty() && epochs.get(epochs.size() - 1).startOffset() == start) {
                epochs.remove(epochs.size() - 1);
            }
            epochs.add(new EpochEntry(e, start));
        }

        /** Batch boundaries at or above the log start, and the log end. */
        List<Long> truncationTargets() {
            List<Long> targets = new ArrayList<>();
            for (ModelBatch batch : batches) {
                if (batch.base() >= logStart) {
                    targets.add(batch.base());
                }
            }
            targets.add(logEnd);
            return targets;
        }

        void truncateTo(long offset) {
            if (offset >= logEnd) {
                return; // Kafka: truncating at or past the end has no effect, on the epoch cache either
            }
            batches.removeIf(b -> b.base() >= offset);
            logEnd = Math.min(logEnd, offset);
            epochs.removeIf(e -> e.startOffset() >= offset);
        }

        void advanceLogStart(long offset) {
            if (offset <= logStart) {
                return;
            }
            logStart = offset;
            batches.removeIf(b -> b.last() < offset);
            // The epoch cache's truncateFromStart: the epoch covering the new start now starts there.
            EpochEntry covering = null;
            while (!epochs.isEmpty() && epochs.get(0).startOffset() <= offset) {
                covering = epochs.remove(0);
            }
            if (covering != null) {
                epochs.add(0, new EpochEntry(covering.epoch(), offset));
            }
        }

        /**
         * Loading may drop an entry that starts at the log end (an epoch left with no data by
         * DeleteRecords or retention), as Kafka's loader does: the model drops it too, so later
         * appends in that epoch see the same cache whichever way the log was reopened.
         */
        void reopened() {
            epochs.removeIf(e -> e.startOffset() >= logEnd);
        }

        ModelBatch batchContaining(long offset) {
            for (ModelBatch batch : batches) {
                if (batch.base() <= offset && offset <= batch.last()) {
                    return batch;
                }
            }
            throw new AssertionError("model has no batch containing " + offset + ": " + batches);
        }

        ModelBatch batchStartingAt(long offset) {
            return batches.stream().filter(b -> b.base() == offset).findFirst().orElse(null);
        }
    }

    // ------------------------------------------------------------------ operations and generators

    sealed interface Op permits Append, BumpEpoch, Advance, MaybeRoll, Read, ReadOutOfRange, TimeLookup, Truncate,
            DeleteBefore, Retention, Flush, Reopen, CrashReopen {
    }

    record Append(int batches, int records, int valueBytes, int timestampJitterMs, boolean asFollower,
                  int followerEpochStep) implements Op {
    }

    record BumpEpoch(int by) implements Op {
    }

    record Advance(long ms) implements Op {
    }

    record MaybeRoll() implements Op {
    }

    record Read(int startPick, int boundPick, int maxBytes) implements Op {
    }

    record ReadOutOfRange() implements Op {
    }

    record TimeLookup(int pick, int deltaMs) implements Op {
    }

    record Truncate(int pick) implements Op {
    }

    record DeleteBefore(int pick) implements Op {
    }

    record Retention() implements Op {
    }

    record Reopen() implements Op {
    }

    record Flush() implements Op {
    }

    record CrashReopen() implements Op {
    }

    record Setup(int segmentBytes, int segmentIndexBytes, int indexIntervalBytes, long segmentMs, long retentionMs,
                 long retentionBytes, long fileDeleteDelayMs) {
        LogConfig config() {
            return LogConfig.defaults()
                    .with(LogConfig.SEGMENT_BYTES, segmentBytes)
                    .with(LogConfig.SEGMENT_INDEX_BYTES, segmentIndexBytes)
                    .with(LogConfig.INDEX_INTERVAL_BYTES, indexIntervalBytes)
                    .with(LogConfig.SEGMENT_MS, segmentMs)
                    .with(LogConfig.RETENTION_MS, retentionMs)
                    .with(LogConfig.RETENTION_BYTES, retentionBytes)
                    .with(LogConfig.FILE_DELETE_DELAY_MS, fileDeleteDelayMs);
        }
    }

    @Provide
    Arbitrary<Setup> setups() {
        return Combinators.combine(
                Arbitraries.of(400, 1024, 2048),
                Arbitraries.of(48, 120, 10 * 1024 * 1024),
                Arbitraries.of(0, 64, 4096),
                Arbitraries.of(60_000L, 7L * 24 * 3600 * 1000),
                Arbitraries.of(-1L, 1_000L, 60_000L, 60_000L),
                Arbitraries.of(-1L, -1L, 0L, 500L, 3000L),
                Arbitraries.of(0L, 60_000L)
        ).as(Setup::new);
    }

    @Provide
    Arbitrary<List<Op>> operations() {
        Arbitrary<Op> append = Combinators.combine(
                Arbitraries.integers().between(1, 3).withDistribution(net.jqwik.api.RandomDistribution.uniform()),
                Arbitraries.integers().between(1, 5),
                Arbitraries.of(0, 10, 50, 200),
                Arbitraries.integers().between(-2_000, 2_000),
                Arbitraries.of(false, false, false, true),
                Arbitraries.of(0, 0, 1)
        ).as(Append::new);
        Arbitrary<Op> read = Combinators.combine(
                Arbitraries.integers().between(0, 1000),
                Arbitraries.integers().between(0, 1000),
                Arbitraries.of(1, 100, 1000, 1 << 20)
        ).as(Read::new);
        Arbitrary<Op> op = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, append),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(1, 2).map(BumpEpoch::new)),
                net.jqwik.api.Tuple.of(3, Arbitraries.of(500L, 5_000L, 70_000L, 600_000L).map(Advance::new)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new MaybeRoll())),
                net.jqwik.api.Tuple.of(3, read),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new ReadOutOfRange())),
                net.jqwik.api.Tuple.of(2, Combinators.combine(Arbitraries.integers().between(0, 1000),
                        Arbitraries.of(-1, 0, 1)).as(TimeLookup::new)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, 1000).map(Truncate::new)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, 1000).map(DeleteBefore::new)),
                net.jqwik.api.Tuple.of(3, Arbitraries.just(new Retention())),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new Reopen())),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new Flush())),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new CrashReopen()))
        );
        return op.list().ofMinSize(1).ofMaxSize(40).withSizeDistribution(net.jqwik.api.RandomDistribution.uniform());
    }

    // ------------------------------------------------------------------ support

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {
        private volatile long nowMs;

        MutableClock(long nowMs) {
            this.nowMs = nowMs;
        }

        void advance(long ms) {
            nowMs += ms;
        }

        @Override
        public long millis() {
            return nowMs;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(nowMs);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        }
    }
}
