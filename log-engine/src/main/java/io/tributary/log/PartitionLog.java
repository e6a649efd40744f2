package io.tributary.log;

import io.tributary.log.internal.BatchHeader;
import io.tributary.log.internal.BatchValidator;
import io.tributary.log.internal.IndexCache;
import io.tributary.log.internal.LogLoader;
import io.tributary.log.internal.LogSegment;
import io.tributary.log.internal.OffsetCheckpoint;
import io.tributary.log.internal.RetentionPolicy;
import io.tributary.log.internal.SegmentReads;
import io.tributary.log.internal.SegmentSummary;
import io.tributary.log.producer.BatchMetadata;
import io.tributary.log.producer.ProducerAppendCheck;
import io.tributary.log.producer.ProducerStateManager;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * The log of one topic-partition, in its own directory {@code <log.dir>/<topic>-<partition>/}:
 * a sorted run of {@link LogSegment}s of which the last is active, plus the leader-epoch cache and
 * the log-start-offset and recovery-point checkpoints.
 *
 * <p>Threading: every mutating call (appends, roll, truncation, retention, flush, close) takes the
 * log's writer lock, so one writer at a time (in practice one request-handler thread per partition,
 * plus the LogManager's scheduler). Readers ({@link #read}, offset lookups) take no lock: they read a
 * volatile immutable segment list and volatile offsets, which the writer publishes only after the
 * bytes are written, so a reader never sees a half-written batch.
 *
 * <p>Durability: by default fsync on segment roll and clean close only (Kafka's choice; replication
 * is the durability), plus {@code flush.messages} / {@code flush.ms}, plus
 * {@code tributary.flush.on.append} which fsyncs before an append returns. After a crash
 * {@link LogLoader} re-validates everything past the recovery point.
 */
public final class PartitionLog implements Closeable {

    /** Kafka's producer.id.expiration.ms: idle producers' dedup state is dropped after a day. */
    static final long PRODUCER_ID_EXPIRATION_MS = 86_400_000L;

    private final Path dir;
    private volatile LogConfig config;
    private final Clock clock;
    private final IndexCache cache;
    private final LeaderEpochCache epochCache;
    private final OffsetCheckpoint logStartCheckpoint;
    private final OffsetCheckpoint recoveryCheckpoint;
    private final Object writeLock = new Object();
    private final ArrayDeque<PendingDeletion> pendingDeletions = new ArrayDeque<>();
    /** Idempotent producers' last batches; guarded by writeLock. */
    private final ProducerStateManager producerState = new ProducerStateManager();
    private final boolean recoveredOnOpen;

    private volatile List<LogSegment> segments;
    private volatile long logStartOffset;
    private volatile long logEndOffset;
    private volatile long recoveryPoint;
    private long unflushedMessages;
    private long lastFlushMs;
    private volatile boolean closed;

    private record PendingDeletion(long dueMs, LogSegment segment) {
    }

    private PartitionLog(Path dir, LogConfig config, Clock clock, IndexCache cache) throws IOException {
        this.dir = dir;
        this.config = config;
        this.clock = clock;
        this.cache = cache;
        java.nio.file.Files.createDirectories(dir);
        this.epochCache = LeaderEpochCache.load(dir.resolve(LogLoader.LEADER_EPOCH_CHECKPOINT));
        this.logStartCheckpoint = new OffsetCheckpoint(dir.resolve(LogLoader.LOG_START_CHECKPOINT));
        this.recoveryCheckpoint = new OffsetCheckpoint(dir.resolve(LogLoader.RECOVERY_POINT_CHECKPOINT));
        long nowMs = clock.millis();
        LogLoader.Loaded loaded = LogLoader.load(dir, config, cache, epochCache, logStartCheckpoint,
                recoveryCheckpoint, nowMs);
        this.segments = loaded.segments();
        this.logStartOffset = loaded.logStartOffset();
        this.logEndOffset = loaded.logEndOffset();
        this.recoveryPoint = loaded.logEndOffset();
        this.recoveredOnOpen = loaded.recovered();
        this.lastFlushMs = nowMs;
        rebuildProducerState();
    }

    /**
     * Rebuilds idempotent-producer state by reading every batch header in the log (61 bytes per
     * batch, no record data), so retries after a restart are still recognised as duplicates.
     */
    private void rebuildProducerState() throws IOException {
        // Read from offset 0, the state knows every producer that ever wrote here.
        producerState.setSeenEveryBatch(segments.get(0).baseOffset() == 0);
        ByteBuffer header = ByteBuffer.allocate(BatchHeader.HEADER_SIZE);
        for (LogSegment segment : segments) {
            long size = segment.sizeInBytes();
            long pos = 0;
            while (pos + BatchHeader.HEADER_SIZE <= size) {
                header.clear();
                while (header.hasRemaining()) {
                    if (segment.channel().read(header, pos + header.position()) < 0) {
                        break;
                    }
                }
                if (header.hasRemaining()) {
                    break;
                }
                recordProducerBatch(header, 0);
                pos += BatchHeader.totalSize(header, 0);
            }
        }
    }

    private void recordProducerBatch(ByteBuffer buffer, int pos) {
        long producerId = BatchHeader.producerId(buffer, pos);
        if (producerId >= 0) {
            producerState.update(producerId, BatchHeader.producerEpoch(buffer, pos), new BatchMetadata(
                    BatchHeader.baseSequence(buffer, pos), BatchHeader.lastSequence(buffer, pos),
                    BatchHeader.baseOffset(buffer, pos), BatchHeader.lastOffset(buffer, pos), BatchHeader.maxTimestamp(buffer, pos)));
        }
    }

    /**
     * Applies the idempotence rules to a leader append: returns the original placement of a retried
     * batch (which must not be appended again), null to append, or throws for a sequence or epoch
     * violation.
     */
    private BatchMetadata checkProducers(ByteBuffer buffer) {
        int batches = 0;
        BatchMetadata duplicate = null;
        for (int pos = buffer.position(); pos < buffer.limit(); pos += BatchHeader.totalSize(buffer, pos)) {
            batches++;
            long producerId = BatchHeader.producerId(buffer, pos);
            if (producerId < 0) {
                continue;
            }
            ProducerAppendCheck check = producerState.check(producerId, BatchHeader.producerEpoch(buffer, pos),
                    BatchHeader.baseSequence(buffer, pos), BatchHeader.lastSequence(buffer, pos));
            if (check instanceof ProducerAppendCheck.Duplicate d) {
                duplicate = d.original();
            } else if (check instanceof ProducerAppendCheck.Reject r) {
                throw new LogAppendException(r.reason() == ProducerAppendCheck.Reason.INVALID_PRODUCER_EPOCH
                        ? LogError.INVALID_PRODUCER_EPOCH : LogError.OUT_OF_ORDER_SEQUENCE_NUMBER, r.message());
            }
        }
        if (duplicate != null && batches > 1) {
            throw new LogAppendException(LogError.INVALID_RECORD, "a retried idempotent batch must be sent alone");
        }
        return duplicate;
    }

    /** Opens (creating or recovering as needed) the log in {@code dir} with its own index cache. */
    public static PartitionLog open(Path dir, LogConfig config, Clock clock) {
        return open(dir, config, clock, IndexCache.unbounded());
    }

    /** Opens the log with a broker-wide cache bounding the loaded indexes of inactive segments. */
    public static PartitionLog open(Path dir, LogConfig config, Clock clock, IndexCache cache) {
        try {
            return new PartitionLog(dir, config, clock, cache);
        } catch (IOException e) {
            throw new LogException("Cannot open log in " + dir + ": " + e.getMessage(), e);
        }
    }

    // ---- append --------------------------------------------------------------------------------

    /**
     * Appends as the partition leader: validates, assigns offsets from the log end offset by
     * rewriting each batch's base offset in place, and stamps {@code leaderEpoch} into each batch.
     */
    public AppendResult appendAsLeader(MemoryRecords records, int leaderEpoch) throws LogAppendException {
        return append(records, true, leaderEpoch);
    }

    /** Appends replicated batches unchanged; they must start at the log end offset. */
    public AppendResult appendAsFollower(MemoryRecords records) throws LogAppendException {
        return append(records, false, RecordBatch.NO_PARTITION_LEADER_EPOCH);
    }

    private AppendResult append(MemoryRecords records, boolean leader, int leaderEpoch) {
        ByteBuffer buffer = records.buffer();
        if (leader && buffer.isReadOnly()) {
            buffer = ByteBuffer.allocate(buffer.remaining()).put(buffer.duplicate()).flip();
        }
        synchronized (writeLock) {
            ensureOpen();
            long leo = logEndOffset;
            BatchValidator.Summary summary = BatchValidator.validate(buffer, config.maxMessageBytes(), !leader, leo);
            if (summary.sizeInBytes() > config.segmentBytes()) {
                throw new LogAppendException(LogError.RECORD_LIST_TOO_LARGE, "record set of "
                        + summary.sizeInBytes() + " bytes exceeds segment.bytes=" + config.segmentBytes());
            }
            long first;
            long last;
            if (leader) {
                BatchMetadata duplicate = checkProducers(buffer);
                if (duplicate != null) {
                    // A retry of a batch already in the log: answer with where it went, append nothing.
                    return new AppendResult(duplicate.firstOffset(), duplicate.lastOffset(), clock.millis(),
                            duplicate.timestampMs(), 0, 0);
                }
                long next = leo;
                for (int pos = buffer.position(); pos < buffer.limit(); pos += BatchHeader.totalSize(buffer, pos)) {
                    BatchHeader.setBaseOffset(buffer, pos, next);
                    BatchHeader.setLeaderEpoch(buffer, pos, leaderEpoch);
                    next += BatchHeader.lastOffsetDelta(buffer, pos) + 1;
                }
                first = leo;
                last = next - 1;
            } else {
                first = summary.firstOffset();
                last = summary.lastOffset();
            }
            long nowMs = clock.millis();
            try {
                LogSegment segment = maybeRollFor(summary.sizeInBytes(), last, nowMs);
                assignEpochs(buffer, leader, leaderEpoch, first);
                segment.append(buffer);
                for (int pos = buffer.position(); pos < buffer.limit(); pos += BatchHeader.totalSize(buffer, pos)) {
                    recordProducerBatch(buffer, pos);
                }
                logEndOffset = last + 1;
                unflushedMessages += summary.recordCount();
                if (config.flushOnAppend()) {
                    segment.flush();
                    recoveryPoint = logEndOffset;
                    unflushedMessages = 0;
                } else if (unflushedMessages >= config.flushMessages()) {
                    flushLocked(nowMs);
                }
            } catch (IOException | UncheckedIOException e) {
                throw new LogAppendException(LogError.KAFKA_STORAGE_ERROR, "append to " + dir + " failed", e);
            }
            return new AppendResult(first, last, nowMs, summary.maxTimestampMs(), summary.batchCount(),
                    summary.sizeInBytes());
        }
    }

    private void assignEpochs(ByteBuffer buffer, boolean leader, int leaderEpoch, long firstOffset) {
        if (leader) {
            if (leaderEpoch >= 0) {
                epochCache.assign(leaderEpoch, firstOffset);
            }
            return;
        }
        for (int pos = buffer.position(); pos < buffer.limit(); pos += BatchHeader.totalSize(buffer, pos)) {
            int epoch = BatchHeader.leaderEpoch(buffer, pos);
            if (epoch >= 0) {
                epochCache.assign(epoch, BatchHeader.baseOffset(buffer, pos));
            }
        }
    }

    private LogSegment maybeRollFor(int appendBytes, long lastOffset, long nowMs) throws IOException {
        LogSegment active = activeSegment();
        if (active.isEmpty()) {
            return active;
        }
        boolean full = (long) active.sizeInBytes() + appendBytes > config.segmentBytes();
        boolean old = nowMs - active.rollingBaseTimestampMs() > config.segmentMs();
        boolean overflow = lastOffset - active.baseOffset() > Integer.MAX_VALUE - 1;
        if (full || old || overflow || active.indexFull()) {
            return roll(nowMs);
        }
        return active;
    }

    /** Rolls the active segment if it is older than {@code segment.ms} (appends also check). */
    public void maybeRoll(long nowMs) {
        synchronized (writeLock) {
            ensureOpen();
            LogSegment active = activeSegment();
            if (!active.isEmpty() && nowMs - active.rollingBaseTimestampMs() > config.segmentMs()) {
                try {
                    roll(nowMs);
                } catch (IOException e) {
                    throw new LogException("roll of " + dir + " failed", e);
                }
            }
        }
    }

    private LogSegment roll(long nowMs) throws IOException {
        LogSegment old = activeSegment();
        old.deactivate(); // forces and trims the indexes
        old.channel().force(false);
        LogSegment fresh = LogSegment.create(dir, logEndOffset, config.indexIntervalBytes(),
                config.segmentIndexBytes(), cache, nowMs);
        List<LogSegment> next = new ArrayList<>(segments);
        next.add(fresh);
        segments = List.copyOf(next);
        // Every earlier segment was flushed when it rolled, so all before the new one is durable.
        // The checkpoint follows lazily (flush, close, the LogManager's periodic pass): a stale
        // one only makes recovery re-scan more.
        recoveryPoint = fresh.baseOffset();
        unflushedMessages = 0;
        lastFlushMs = nowMs;
        return fresh;
    }

    // ---- read ----------------------------------------------------------------------------------

    /**
     * Whole batches starting with the one that contains {@code startOffset}: at least one batch even
     * if larger than {@code maxBytes}, none holding an offset at or past {@code maxOffsetExclusive}.
     *
     * @throws OffsetOutOfRangeException if {@code startOffset} is below the log start or past the log end
     */
    public LogSlice read(long startOffset, int maxBytes, long maxOffsetExclusive) {
        long end = logEndOffset;
        long start = logStartOffset;
        if (startOffset < start || startOffset > end) {
            throw new OffsetOutOfRangeException("offset " + startOffset + " is outside [" + start + ", " + end
                    + "] of " + dir.getFileName());
        }
        if (startOffset >= end || startOffset >= maxOffsetExclusive) {
            return LogSlice.empty();
        }
        try {
            return SegmentReads.read(segments, startOffset, maxBytes, maxOffsetExclusive);
        } catch (IOException | UncheckedIOException e) {
            throw readFailure("read at " + startOffset, startOffset, e);
        }
    }

    /** A read failed: out of range if retention or truncation moved the log under it, else a storage error. */
    private LogException readFailure(String what, long offset, Exception cause) {
        if (offset < logStartOffset || offset > logEndOffset) {
            return new OffsetOutOfRangeException(what + " raced with the log moving to [" + logStartOffset + ", "
                    + logEndOffset + "] in " + dir.getFileName());
        }
        return new LogException(what + " in " + dir + " failed", cause);
    }

    // ---- offsets by time -----------------------------------------------------------------------

    /** Kafka's ListOffsets sentinels, accepted by {@link #offsetForTimestamp}. */
    public static final long LATEST_TIMESTAMP = -1L;
    public static final long EARLIEST_TIMESTAMP = -2L;
    public static final long MAX_TIMESTAMP = -3L;

    /**
     * The first record with a timestamp at or after {@code timestampMs} (found through the first
     * batch whose max timestamp reaches it), like Kafka's ListOffsets; or the sentinels -1 latest,
     * -2 earliest, -3 max timestamp. Empty if no record is that late.
     */
    public Optional<OffsetAndTimestamp> offsetForTimestamp(long timestampMs) {
        if (timestampMs == EARLIEST_TIMESTAMP) {
            return Optional.of(new OffsetAndTimestamp(logStartOffset, RecordBatch.NO_TIMESTAMP));
        }
        if (timestampMs == LATEST_TIMESTAMP) {
            return Optional.of(new OffsetAndTimestamp(logEndOffset, RecordBatch.NO_TIMESTAMP));
        }
        if (timestampMs == MAX_TIMESTAMP) {
            OffsetAndTimestamp max = maxTimestampOffset();
            return max.offset() < 0 ? Optional.empty() : Optional.of(max);
        }
        try {
            return SegmentReads.offsetForTimestamp(segments, timestampMs, logStartOffset);
        } catch (IOException | UncheckedIOException e) {
            throw readFailure("timestamp lookup of " + timestampMs, logStartOffset, e);
        }
    }

    /** The first record carrying the log's largest timestamp, or (-1, -1) if the log has none. */
    public OffsetAndTimestamp maxTimestampOffset() {
        long max = SegmentReads.largestTimestamp(segments);
        if (max < 0) {
            return new OffsetAndTimestamp(-1L, -1L);
        }
        return offsetForTimestamp(max).orElse(new OffsetAndTimestamp(-1L, -1L));
    }

    // ---- truncation, deletion, retention -------------------------------------------------------

    /** Drops every offset at or after {@code offset} (follower divergence); also truncates the epoch cache. */
    public void truncateTo(long offset) {
        synchronized (writeLock) {
            ensureOpen();
            if (offset >= logEndOffset) {
                return;
            }
            long nowMs = clock.millis();
            try {
                if (offset <= logStartOffset) {
                    truncateFullyAndStartAt(Math.max(offset, 0), nowMs);
                    return;
                }
                List<LogSegment> snapshot = segments;
                int keep = SegmentReads.floorSegment(snapshot, offset);
                List<LogSegment> kept = List.copyOf(snapshot.subList(0, keep + 1));
                List<LogSegment> dropped = snapshot.subList(keep + 1, snapshot.size());
                LogSegment last = kept.get(kept.size() - 1);
                long newEnd = last.truncateTo(offset);
                segments = kept;
                logEndOffset = newEnd;
                scheduleDeletion(dropped, nowMs);
                if (recoveryPoint > newEnd) {
                    recoveryPoint = newEnd;
                    recoveryCheckpoint.write(newEnd);
                }
                epochCache.truncateFromEnd(newEnd);
                producerState.truncateFrom(newEnd);
            } catch (IOException e) {
                throw new LogException("truncation of " + dir + " to " + offset + " failed", e);
            }
        }
    }

    /**
     * Deletes the whole log and restarts it empty at {@code offset} (a follower whose log end is
     * below the leader's log start). Clears the epoch cache.
     */
    public void truncateFullyAndStartAt(long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset " + offset);
        }
        synchronized (writeLock) {
            ensureOpen();
            try {
                truncateFullyAndStartAt(offset, clock.millis());
            } catch (IOException e) {
                throw new LogException("cannot restart " + dir + " at " + offset, e);
            }
        }
    }

    private void truncateFullyAndStartAt(long offset, long nowMs) throws IOException {
        // Rename the old files first: the new segment may reuse a base offset (and so a file name).
        scheduleDeletion(segments, nowMs);
        LogSegment fresh = LogSegment.create(dir, offset, config.indexIntervalBytes(), config.segmentIndexBytes(),
                cache, nowMs);
        segments = List.of(fresh);
        logStartOffset = offset;
        logEndOffset = offset;
        recoveryPoint = offset;
        logStartCheckpoint.write(offset);
        recoveryCheckpoint.write(offset);
        epochCache.truncateFromEnd(0);
        producerState.truncateFrom(0);
        producerState.setSeenEveryBatch(offset == 0);
    }

    /**
     * Advances the log start offset to {@code offset} (DeleteRecords) and deletes the inactive
     * segments wholly below it. Returns the new log start offset.
     */
    public long deleteRecordsBefore(long offset) {
        synchronized (writeLock) {
            ensureOpen();
            if (offset > logEndOffset) {
                throw new OffsetOutOfRangeException("cannot delete records before " + offset + ": log end offset is "
                        + logEndOffset);
            }
            if (offset <= logStartOffset) {
                return logStartOffset;
            }
            List<LogSegment> snapshot = segments;
            int deletable = 0;
            while (deletable < snapshot.size() - 1 && snapshot.get(deletable + 1).baseOffset() <= offset) {
                deletable++;
            }
            advanceLogStart(offset, snapshot, deletable, clock.millis());
            return logStartOffset;
        }
    }

    /**
     * Deletes the oldest closed segments beyond {@code retention.ms} / {@code retention.bytes};
     * never the active one. Also removes files whose {@code file.delete.delay.ms} has passed.
     * Returns how many segments were deleted.
     */
    public int applyRetention(long nowMs) {
        synchronized (writeLock) {
            ensureOpen();
            producerState.removeExpired(nowMs, PRODUCER_ID_EXPIRATION_MS);
            List<LogSegment> snapshot = segments;
            List<SegmentSummary> closed = new ArrayList<>(snapshot.size());
            long total = 0;
            for (int i = 0; i < snapshot.size(); i++) {
                LogSegment s = snapshot.get(i);
                total += s.sizeInBytes();
                if (i < snapshot.size() - 1) {
                    closed.add(new SegmentSummary(s.baseOffset(), s.sizeInBytes(), s.largestTimestampMs()));
                }
            }
            int count = RetentionPolicy.segmentsToDelete(closed, total, nowMs, config.retentionMs(),
                    config.retentionBytes());
            if (count > 0) {
                long newStart = Math.max(logStartOffset, snapshot.get(count).baseOffset());
                advanceLogStart(newStart, snapshot, count, nowMs);
            }
            deleteExpiredFiles(nowMs);
            return count;
        }
    }

    private void advanceLogStart(long newStart, List<LogSegment> snapshot, int deletable, long nowMs) {
        try {
            logStartOffset = newStart;
            logStartCheckpoint.write(newStart);
            List<LogSegment> dropped = List.copyOf(snapshot.subList(0, deletable));
            segments = List.copyOf(snapshot.subList(deletable, snapshot.size()));
            scheduleDeletion(dropped, nowMs);
            epochCache.truncateFromStart(newStart);
        } catch (IOException e) {
            throw new LogException("cannot advance the log start offset of " + dir, e);
        }
    }

    /** Renames segments to {@code .deleted}; their files go after {@code file.delete.delay.ms}. */
    private void scheduleDeletion(List<LogSegment> dropped, long nowMs) throws IOException {
        for (LogSegment segment : dropped) {
            segment.markDeleted();
            pendingDeletions.add(new PendingDeletion(nowMs + config.fileDeleteDelayMs(), segment));
        }
        if (config.fileDeleteDelayMs() == 0) {
            deleteExpiredFiles(nowMs);
        }
    }

    /** Removes renamed segment files whose delay has passed. Returns how many segments went. */
    public int deleteExpiredFiles(long nowMs) {
        synchronized (writeLock) {
            int count = 0;
            while (!pendingDeletions.isEmpty() && pendingDeletions.peekFirst().dueMs() <= nowMs) {
                try {
                    pendingDeletions.pollFirst().segment().deleteFiles();
                } catch (IOException e) {
                    throw new LogException("cannot delete old segment files in " + dir, e);
                }
                count++;
            }
            return count;
        }
    }

    // ---- durability ----------------------------------------------------------------------------

    /** Fsyncs everything appended so far and checkpoints the recovery point. */
    public void flush() {
        synchronized (writeLock) {
            ensureOpen();
            flushLocked(clock.millis());
        }
    }

    /** Writes the recovery-point checkpoint if it moved (called periodically by the LogManager). */
    public void checkpointRecoveryPoint() {
        synchronized (writeLock) {
            if (closed) {
                return;
            }
            try {
                recoveryCheckpoint.write(recoveryPoint);
            } catch (IOException e) {
                throw new LogException("cannot checkpoint the recovery point of " + dir, e);
            }
        }
    }

    /** Flushes if {@code flush.ms} has passed since the last flush and there is unflushed data. */
    public boolean maybeFlush(long nowMs) {
        synchronized (writeLock) {
            if (closed || nowMs - lastFlushMs < config.flushMs() || recoveryPoint >= logEndOffset) {
                return false;
            }
            flushLocked(nowMs);
            return true;
        }
    }

    private void flushLocked(long nowMs) {
        long end = logEndOffset;
        try {
            List<LogSegment> snapshot = segments;
            for (int i = SegmentReads.floorSegment(snapshot, recoveryPoint); i < snapshot.size(); i++) {
                snapshot.get(i).flush();
            }
            recoveryPoint = end;
            recoveryCheckpoint.write(end);
        } catch (IOException e) {
            throw new LogException("flush of " + dir + " failed", e);
        }
        unflushedMessages = 0;
        lastFlushMs = nowMs;
    }

    /** Flushes, closes every segment and writes the clean-shutdown marker. */
    @Override
    public void close() {
        synchronized (writeLock) {
            if (closed) {
                return;
            }
            try {
                flushLocked(clock.millis());
                for (LogSegment segment : segments) {
                    segment.close();
                }
                deleteExpiredFiles(Long.MAX_VALUE);
                logStartCheckpoint.write(logStartOffset);
                LogLoader.writeCleanShutdownMarker(dir);
            } catch (IOException e) {
                throw new LogException("close of " + dir + " failed", e);
            } finally {
                closed = true;
            }
        }
    }

    /** Closes without flushing or writing the marker, as a crash would leave the files (tests, deletion). */
    void closeUncleanly() {
        synchronized (writeLock) {
            closed = true;
            for (LogSegment segment : segments) {
                try {
                    segment.channel().close();
                } catch (IOException ignored) {
                    // best effort: the files are being abandoned
                }
            }
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new LogException("log " + dir + " is closed");
        }
    }

    // ---- accessors -----------------------------------------------------------------------------

    private LogSegment activeSegment() {
        List<LogSegment> snapshot = segments;
        return snapshot.get(snapshot.size() - 1);
    }

    public Path dir() {
        return dir;
    }

    public LogConfig config() {
        return config;
    }

    /**
     * Applies a changed topic config (AlterConfigs). Retention, roll, flush and size limits apply
     * from the next operation; {@code segment.index.bytes} and {@code index.interval.bytes} from the
     * next segment.
     */
    public void updateConfig(LogConfig newConfig) {
        synchronized (writeLock) {
            this.config = java.util.Objects.requireNonNull(newConfig, "newConfig");
        }
    }

    public long logStartOffset() {
        return logStartOffset;
    }

    public long logEndOffset() {
        return logEndOffset;
    }

    public long recoveryPoint() {
        return recoveryPoint;
    }

    public int segmentCount() {
        return segments.size();
    }

    /** Base offsets of the segments, oldest first (the last is active). */
    public List<Long> segmentBaseOffsets() {
        return segments.stream().map(LogSegment::baseOffset).toList();
    }

    public long sizeInBytes() {
        long total = 0;
        for (LogSegment segment : segments) {
            total += segment.sizeInBytes();
        }
        return total;
    }

    /** True if opening this log had to re-validate segments (unclean shutdown or a damaged index). */
    public boolean recoveredOnOpen() {
        return recoveredOnOpen;
    }

    public LeaderEpochCache leaderEpochCache() {
        return epochCache;
    }

    @Override
    public String toString() {
        return "PartitionLog(" + dir.getFileName() + ", start=" + logStartOffset + ", end=" + logEndOffset + ")";
    }
}
