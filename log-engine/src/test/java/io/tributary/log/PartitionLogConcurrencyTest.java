package io.tributary.log;

import static io.tributary.log.PartitionLogTestContext.START_MS;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.log.testing.TestBatches;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class PartitionLogConcurrencyTest {

    @TempDir
    Path root;

    @Test
    @Timeout(60)
    void shouldNeverExposePartialOrCorruptBatchesWhenReadersRaceOneWriter() throws Exception {
        PartitionLogTestContext ctx = new PartitionLogTestContext(root, PartitionLogTestContext.smallConfig()
                .with(LogConfig.SEGMENT_BYTES, 16 * 1024).with(LogConfig.RETENTION_BYTES, 64 * 1024L));
        PartitionLog log = ctx.log;
        int appends = 4000;
        AtomicBoolean done = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Future<?> writer = pool.submit(() -> {
                Random random = new Random(1);
                for (int i = 0; i < appends; i++) {
                    log.appendAsLeader(TestBatches.batch(1 + random.nextInt(5), 10 + random.nextInt(300), START_MS + i), 1);
                    if (i % 500 == 0) {
                        log.applyRetention(START_MS);
                    }
                }
                done.set(true);
                return null;
            });
            List<Future<Long>> readers = new ArrayList<>();
            for (int r = 0; r < 3; r++) {
                int seed = r;
                readers.add(pool.submit(() -> readUntilDone(log, done, seed)));
            }
            writer.get(50, TimeUnit.SECONDS);
            for (Future<Long> reader : readers) {
                assertThat(reader.get(50, TimeUnit.SECONDS)).as("batches checked").isPositive();
            }
        } finally {
            pool.shutdownNow();
            ctx.log.close();
        }
        assertThat(log.segmentCount()).isGreaterThan(1);
    }

    /** Reads random ranges until the writer finishes; every batch must be whole, valid and in order. */
    private static long readUntilDone(PartitionLog log, AtomicBoolean done, int seed) {
        Random random = new Random(100 + seed);
        long checked = 0;
        boolean lastPass = false;
        while (!lastPass) {
            lastPass = done.get();
            long end = log.logEndOffset();
            long start = log.logStartOffset();
            long from = start + (end == start ? 0 : (long) (random.nextDouble() * (end - start)));
            LogSlice slice;
            try {
                slice = log.read(from, 1 + random.nextInt(8192), end);
            } catch (OffsetOutOfRangeException e) {
                // Retention moved the start past us between the two reads: only legal below the new start.
                assertThat(from).isLessThan(log.logStartOffset());
                continue;
            }
            long expectedNext = -1;
            for (MutableRecordBatch batch : slice.toMemoryRecords().batches()) {
                batch.ensureValid();
                assertThat(batch.partitionLeaderEpoch()).isEqualTo(1);
                assertThat(batch.lastOffset()).isLessThan(end);
                if (expectedNext >= 0) {
                    assertThat(batch.baseOffset()).isEqualTo(expectedNext);
                } else {
                    assertThat(batch.baseOffset()).isLessThanOrEqualTo(from);
                    assertThat(batch.lastOffset()).isGreaterThanOrEqualTo(from);
                }
                expectedNext = batch.nextOffset();
                checked++;
            }
            assertThat(slice.isEmpty()).isEqualTo(from >= end);
            if (!slice.isEmpty()) {
                assertThat(slice.sizeInBytes()).isEqualTo(sizeOf(slice));
            }
        }
        return checked;
    }

    private static int sizeOf(LogSlice slice) {
        int total = 0;
        for (RecordBatch b : slice.toMemoryRecords().batches()) {
            total += b.sizeInBytes();
        }
        return total;
    }
}
