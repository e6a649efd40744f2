package io.tributary.bench;

import io.tributary.log.AppendResult;
import io.tributary.log.LogConfig;
import io.tributary.log.PartitionLog;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH: cost of one {@link PartitionLog#appendAsLeader} of a 16 KiB batch of 1 KiB records. Without
 * {@code flushOnAppend} this is validation + offset stamping + a page-cache write; with
 * {@code -p flushOnAppend=true} every append is fsynced ({@code tributary.flush.on.append}).
 *
 * <p>The log rolls every 64 MiB and is trimmed to 256 MiB after each iteration, so a run does not
 * fill the disk; the scratch directory lives under {@code -Dbench.dir} and is deleted at the end.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Dslf4j.internal.verbosity=ERROR")
public class AppendBatchBenchmark {

    private static final int POOL = 64;

    @Param({"false"})
    public boolean flushOnAppend;

    private Path scratch;
    private PartitionLog log;
    private MemoryRecords[] pool;
    private int next;

    @Setup(Level.Trial)
    public void open() throws IOException {
        scratch = BenchFiles.createScratchDir();
        LogConfig config = LogConfig.defaults()
                .with(LogConfig.SEGMENT_BYTES, 64 << 20)
                .with(LogConfig.RETENTION_BYTES, 256L << 20)
                .with(LogConfig.RETENTION_MS, -1L)
                .with(LogConfig.FILE_DELETE_DELAY_MS, 0L)
                .with(LogConfig.FLUSH_ON_APPEND, flushOnAppend);
        log = PartitionLog.open(scratch.resolve("append-0"), config, Clock.systemUTC());
        pool = BenchBatches.copies(BenchBatches.filledBatch(16 * 1024, 1024, System.currentTimeMillis(), 7L), POOL);
    }

    @Benchmark
    public AppendResult appendOneBatch() {
        MemoryRecords batch = MemoryRecords.readableRecords(pool[next++ & (POOL - 1)].buffer());
        return log.appendAsLeader(batch, 0);
    }

    @TearDown(Level.Iteration)
    public void trim() {
        long nowMs = System.currentTimeMillis();
        log.applyRetention(nowMs);
        log.deleteExpiredFiles(nowMs); // file.delete.delay.ms=0: free the space now, not at close
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        try {
            log.close();
        } finally {
            BenchFiles.deleteRecursively(scratch);
        }
    }
}
