package io.tributary.log;

import io.tributary.log.internal.IndexCache;
import io.tributary.log.testing.ManualClock;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;

/** Wires a {@link PartitionLog} on a temp directory with a manual clock; reopens it cleanly or after a "crash". */
public final class PartitionLogTestContext {

    public static final long START_MS = 1_700_000_000_000L;

    public final Path dir;
    public final ManualClock clock = new ManualClock(START_MS);
    public final IndexCache cache;
    public LogConfig config;
    public PartitionLog log;

    public PartitionLogTestContext(Path root, LogConfig config) {
        this(root, config, IndexCache.unbounded());
    }

    public PartitionLogTestContext(Path root, LogConfig config, IndexCache cache) {
        this.dir = root.resolve("topic-0");
        this.config = config;
        this.cache = cache;
        this.log = PartitionLog.open(dir, config, clock, cache);
    }

    /** Small segments and dense indexes, so tests exercise rolls and index lookups. */
    public static LogConfig smallConfig() {
        return LogConfig.defaults()
                .with(LogConfig.SEGMENT_BYTES, 4096)
                .with(LogConfig.INDEX_INTERVAL_BYTES, 256)
                .with(LogConfig.SEGMENT_INDEX_BYTES, 4096)
                .with(LogConfig.FILE_DELETE_DELAY_MS, 1000L);
    }

    public PartitionLog reopenClean() {
        log.close();
        log = PartitionLog.open(dir, config, clock, cache);
        return log;
    }

    /** Abandons the log as a process crash would (no flush, no marker) and opens it again. */
    public PartitionLog reopenAfterCrash() {
        log.closeUncleanly();
        log = PartitionLog.open(dir, config, clock, cache);
        return log;
    }

    public void crash() {
        log.closeUncleanly();
    }

    public PartitionLog open() {
        log = PartitionLog.open(dir, config, clock, cache);
        return log;
    }

    /** Every batch from {@code from} to the log end, read through the public API. */
    public List<MutableRecordBatch> readAll(long from) {
        List<MutableRecordBatch> out = new ArrayList<>();
        long next = from;
        while (next < log.logEndOffset()) {
            LogSlice slice = log.read(next, 64 * 1024, log.logEndOffset());
            if (slice.isEmpty()) {
                break;
            }
            for (MutableRecordBatch batch : slice.toMemoryRecords().batches()) {
                batch.ensureValid();
                out.add(batch);
                next = batch.nextOffset();
            }
        }
        return out;
    }

    public AppendResult append(MemoryRecords records) {
        return log.appendAsLeader(records, 1);
    }
}
