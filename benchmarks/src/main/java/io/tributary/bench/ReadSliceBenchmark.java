package io.tributary.bench;

import io.tributary.log.LogConfig;
import io.tributary.log.LogSlice;
import io.tributary.log.PartitionLog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.SplittableRandom;
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
 * JMH: one 1 MiB fetch from a random offset of a 64 MiB log (index lookup + slice), sent with
 * {@link LogSlice#transferTo} into a discarding channel, copied with {@link LogSlice#readInto()}, or
 * only located ({@code fetchSliceOnly}: the broker's own work before a zero-copy send). Batches of
 * {@code batchBytes}: 16 KiB is the producer's default batch, 2 KiB (one 1 KiB record) what a producer that
 * does not wait to batch sends. The log is in the page cache, so this measures the read path's CPU cost, not the disk.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Dslf4j.internal.verbosity=ERROR")
public class ReadSliceBenchmark {

    private static final int LOG_BYTES = 64 << 20;
    private static final int FETCH_BYTES = 1 << 20;

    @Param({"16384", "2048"})
    public int batchBytes;

    /** 16: most reads from closed segments (indexes on the heap); 512: all from the active segment. */
    @Param({"16", "512"})
    public int segmentMiB;

    private Path scratch;
    private PartitionLog log;
    private long endOffset;
    private final NullChannel sink = new NullChannel();
    private final SplittableRandom random = new SplittableRandom(42L);

    @Setup(Level.Trial)
    public void fill() throws IOException {
        scratch = BenchFiles.createScratchDir();
        LogConfig config = LogConfig.defaults().with(LogConfig.SEGMENT_BYTES, segmentMiB << 20);
        log = PartitionLog.open(scratch.resolve("read-0"), config, Clock.systemUTC());
        MemoryRecords template = BenchBatches.filledBatch(batchBytes, 1024, System.currentTimeMillis(), 11L);
        MemoryRecords[] pool = BenchBatches.copies(template, 1);
        for (long written = 0; written < LOG_BYTES; written += template.sizeInBytes()) {
            log.appendAsLeader(MemoryRecords.readableRecords(pool[0].buffer()), 0);
        }
        log.flush();
        endOffset = log.logEndOffset();
    }

    private LogSlice randomFetch() {
        return log.read(random.nextLong(log.logStartOffset(), endOffset), FETCH_BYTES, endOffset);
    }

    @Benchmark
    public LogSlice fetchSliceOnly() {
        return randomFetch();
    }

    @Benchmark
    public long fetchTransferTo() throws IOException {
        return randomFetch().transferTo(sink);
    }

    @Benchmark
    public ByteBuffer fetchReadInto() {
        return randomFetch().readInto();
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
