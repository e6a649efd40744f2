package io.tributary.bench;

import io.tributary.log.LogConfig;
import io.tributary.log.LogSlice;
import io.tributary.log.PartitionLog;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Locale;
import org.apache.kafka.common.record.internal.MemoryRecords;

/**
 * One-shot throughput harness for the partition log, anchored to what the disk can do.
 *
 * <p>In one run, on the same directory and with the same total bytes and write size:
 * <ol>
 *   <li>{@code RAW_WRITE}: sequential {@link FileChannel#write} of one batch-sized buffer at a time, then
 *       one {@code force} — the physical limit of the disk for this pattern;</li>
 *   <li>{@code APPEND}: {@link PartitionLog#appendAsLeader} of uncompressed batches of 1 KiB records
 *       filling 16 KiB (validation, offset assignment, CRC, index upkeep included), default
 *       {@link LogConfig}, then {@link PartitionLog#flush()} — the fsync is inside the timing, as for
 *       the raw write, so the ratio is fair;</li>
 *   <li>{@code READ}: the whole log read back sequentially with {@link PartitionLog#read} in 1 MiB
 *       fetches, sent with {@link LogSlice#transferTo} into a discarding channel; {@code READ_COPY}: the
 *       same, copied into heap buffers with {@link LogSlice#readInto()}. The data was just written, so
 *       reads mostly hit the page cache: they measure the read path, not the disk.</li>
 *   <li>{@code RAW_WRITE_FSYNC_EACH} and {@code APPEND_FSYNC_EACH}: the same two write paths with an
 *       fsync after every batch ({@code tributary.flush.on.append=true}, the Redpanda-like mode), on a
 *       smaller volume ({@code bench.fsync.bytes}, default 16 MiB; 0 skips them) because each write
 *       then waits for the device.</li>
 * </ol>
 * Units: {@code mb_per_s} is MiB (2^20 bytes) per second.
 *
 * <p>System properties: {@code bench.bytes} (default 1 GiB), {@code bench.dir} (default
 * {@code java.io.tmpdir}; a scratch directory is made under it and deleted at the end),
 * {@code bench.batch.bytes} (16384), {@code bench.record.bytes} (1024), {@code bench.fetch.bytes} (1 MiB),
 * {@code bench.fsync.bytes} (16 MiB), {@code bench.warmup.bytes} (128 MiB appended and read, untimed, first).
 *
 * <p>Threading: single-threaded; the machine should otherwise be idle for meaningful figures.
 */
public final class LogAppendBenchmark {

    private static final double MIB = 1024.0 * 1024.0;
    private static final int BATCH_POOL = 64;

    private final long targetBytes;
    private final int batchBytes;
    private final int recordBytes;
    private final int fetchBytes;
    private final long fsyncBytes;
    private final long warmupBytes = Long.getLong("bench.warmup.bytes", 128L << 20);
    private final PrintStream out;

    LogAppendBenchmark(long targetBytes, int batchBytes, int recordBytes, int fetchBytes, long fsyncBytes,
            PrintStream out) {
        if (targetBytes <= 0 || batchBytes <= 0 || recordBytes <= 0 || fetchBytes <= 0 || fsyncBytes < 0) {
            throw new IllegalArgumentException("bench.bytes, bench.batch.bytes, bench.record.bytes and "
                    + "bench.fetch.bytes must be positive, bench.fsync.bytes not negative");
        }
        this.fsyncBytes = fsyncBytes;
        this.targetBytes = targetBytes;
        this.batchBytes = batchBytes;
        this.recordBytes = recordBytes;
        this.fetchBytes = fetchBytes;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        // kafka-clients logs through SLF4J; without a provider SLF4J would print warnings into the results.
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "ERROR");
        }
        LogAppendBenchmark bench = new LogAppendBenchmark(
                Long.getLong("bench.bytes", 1L << 30),
                Integer.getInteger("bench.batch.bytes", 16 * 1024),
                Integer.getInteger("bench.record.bytes", 1024),
                Integer.getInteger("bench.fetch.bytes", 1 << 20),
                Long.getLong("bench.fsync.bytes", 16L << 20),
                System.out);
        Path scratch = BenchFiles.createScratchDir();
        try {
            bench.run(scratch);
        } finally {
            BenchFiles.deleteRecursively(scratch);
        }
    }

    void run(Path scratch) throws IOException {
        MemoryRecords template = BenchBatches.filledBatch(batchBytes, recordBytes, System.currentTimeMillis(), 42L);
        int oneBatch = template.sizeInBytes();
        int recordsPerBatch = BenchBatches.recordCount(template);
        long batches = Math.max(1, (targetBytes + oneBatch - 1) / oneBatch);
        long totalBytes = batches * oneBatch;
        out.printf(Locale.ROOT, "CONFIG bytes=%d batches=%d batch_bytes=%d records_per_batch=%d record_bytes=%d "
                        + "fetch_bytes=%d dir=%s units=MiB%n",
                totalBytes, batches, oneBatch, recordsPerBatch, recordBytes, fetchBytes, scratch);

        MemoryRecords[] pool = BenchBatches.copies(template, BATCH_POOL);
        warmUp(scratch.resolve("warmup-0"), pool, Math.max(1, warmupBytes / oneBatch));

        double rawMibPerS = rawWrite(scratch.resolve("raw.bin"), template, batches, false);
        out.printf(Locale.ROOT, "RAW_WRITE mb_per_s=%.1f bytes=%d%n", rawMibPerS, totalBytes);

        try (PartitionLog log = PartitionLog.open(scratch.resolve("bench-0"), LogConfig.defaults(), Clock.systemUTC())) {
            long start = System.nanoTime();
            for (long i = 0; i < batches; i++) {
                // A fresh view each time: appendAsLeader stamps offsets into the bytes and may move positions.
                log.appendAsLeader(MemoryRecords.readableRecords(pool[(int) (i % BATCH_POOL)].buffer()), 0);
            }
            log.flush();
            double seconds = (System.nanoTime() - start) / 1e9;
            double appendMibPerS = totalBytes / MIB / seconds;
            out.printf(Locale.ROOT, "APPEND mb_per_s=%.1f batches_per_s=%.0f records_per_s=%.0f ratio_to_raw=%.2f "
                            + "segments=%d%n",
                    appendMibPerS, batches / seconds, batches * (double) recordsPerBatch / seconds,
                    appendMibPerS / rawMibPerS, log.segmentCount());
            if (log.logEndOffset() != batches * recordsPerBatch) {
                throw new IllegalStateException("log end offset " + log.logEndOffset() + " after appending "
                        + batches * recordsPerBatch + " records");
            }

            ReadPass transfer = readAll(log, oneBatch, false);
            out.printf(Locale.ROOT, "READ mb_per_s=%.1f fetches=%d mode=transferTo_null_channel%n",
                    transfer.mibPerS(), transfer.fetches());
            ReadPass copy = readAll(log, oneBatch, true);
            out.printf(Locale.ROOT, "READ_COPY mb_per_s=%.1f fetches=%d mode=readInto_heap_buffer%n",
                    copy.mibPerS(), copy.fetches());
        }
        if (fsyncBytes > 0) {
            long fsyncBatches = Math.max(1, fsyncBytes / oneBatch);
            double rawFsync = rawWrite(scratch.resolve("raw-fsync.bin"), template, fsyncBatches, true);
            out.printf(Locale.ROOT, "RAW_WRITE_FSYNC_EACH mb_per_s=%.1f writes_per_s=%.0f bytes=%d%n",
                    rawFsync, rawFsync * MIB / oneBatch, fsyncBatches * oneBatch);
            LogConfig fsyncConfig = LogConfig.defaults().with(LogConfig.FLUSH_ON_APPEND, true);
            try (PartitionLog log = PartitionLog.open(scratch.resolve("bench-fsync-0"), fsyncConfig, Clock.systemUTC())) {
                long start = System.nanoTime();
                for (long i = 0; i < fsyncBatches; i++) {
                    log.appendAsLeader(MemoryRecords.readableRecords(pool[(int) (i % BATCH_POOL)].buffer()), 0);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                double mibPerS = fsyncBatches * oneBatch / MIB / seconds;
                out.printf(Locale.ROOT, "APPEND_FSYNC_EACH mb_per_s=%.1f batches_per_s=%.0f ratio_to_raw=%.2f "
                        + "config=tributary.flush.on.append=true%n", mibPerS, fsyncBatches / seconds, mibPerS / rawFsync);
            }
        }
    }

    /**
     * Lets the JIT compile the append and read paths before anything is timed, so a short run does not
     * charge interpretation to the log; the warm-up log is deleted before the raw write starts.
     */
    private static void warmUp(Path dir, MemoryRecords[] pool, long batches) throws IOException {
        try (PartitionLog log = PartitionLog.open(dir, LogConfig.defaults(), Clock.systemUTC())) {
            for (long i = 0; i < batches; i++) {
                log.appendAsLeader(MemoryRecords.readableRecords(pool[(int) (i % pool.length)].buffer()), 0);
            }
            long end = log.logEndOffset();
            NullChannel sink = new NullChannel();
            long offset = 0;
            while (offset < end) {
                LogSlice slice = log.read(offset, 1 << 20, end);
                slice.readInto();
                slice.transferTo(sink);
                offset = SliceWalker.nextOffsetAfter(slice, pool[0].sizeInBytes());
            }
        }
        BenchFiles.deleteRecursively(dir);
    }

    /** The physical anchor: the same bytes in the same write size to a plain file, fsynced at the end (or after each write). */
    private double rawWrite(Path file, MemoryRecords template, long batches, boolean fsyncEach) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocateDirect(template.sizeInBytes());
        chunk.put(template.buffer().duplicate()).flip();
        long bytes = 0;
        long start = System.nanoTime();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (long i = 0; i < batches; i++) {
                chunk.rewind();
                while (chunk.hasRemaining()) {
                    bytes += channel.write(chunk);
                }
                if (fsyncEach) {
                    channel.force(false); // fdatasync, as the log's segment flush does
                }
            }
            channel.force(true);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        // Free the space before the log is written: the two files must not compete for the disk.
        Files.delete(file);
        return bytes / MIB / seconds;
    }

    private record ReadPass(double mibPerS, long fetches) {
    }

    private ReadPass readAll(PartitionLog log, int batchBytes, boolean copy) throws IOException {
        NullChannel sink = new NullChannel();
        long endOffset = log.logEndOffset();
        long offset = log.logStartOffset();
        long bytes = 0;
        long fetches = 0;
        long start = System.nanoTime();
        while (offset < endOffset) {
            LogSlice slice = log.read(offset, fetchBytes, endOffset);
            if (slice.isEmpty()) {
                throw new IllegalStateException("empty read at offset " + offset + " before end " + endOffset);
            }
            if (copy) {
                bytes += slice.readInto().remaining();
            } else {
                bytes += slice.transferTo(sink);
            }
            offset = SliceWalker.nextOffsetAfter(slice, batchBytes);
            fetches++;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (bytes != log.sizeInBytes()) {
            throw new IllegalStateException("read " + bytes + " bytes of a " + log.sizeInBytes() + "-byte log");
        }
        return new ReadPass(bytes / MIB / seconds, fetches);
    }
}
