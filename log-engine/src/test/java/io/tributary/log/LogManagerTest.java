package io.tributary.log;

import static io.tributary.log.PartitionLogTestContext.START_MS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tributary.log.testing.ManualClock;
import io.tributary.log.testing.MemoryBackedTempDirFactory;
import io.tributary.log.testing.TestBatches;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogManagerTest {

    @TempDir
    Path root;
    final ManualClock clock = new ManualClock(START_MS);
    final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    LogManager manager;

    @AfterEach
    void tearDown() {
        if (manager != null) {
            manager.close();
        }
        scheduler.shutdownNow();
    }

    private LogManagerConfig config(Map<String, Object> extra) {
        Map<String, Object> props = new HashMap<>(extra);
        props.put(LogManagerConfig.LOG_DIRS, root.resolve("a") + "," + root.resolve("b"));
        return LogManagerConfig.fromMap(props);
    }

    @Test
    void shouldDeriveTopicDefaultsWhenBrokerKeysAreSet() {
        LogManagerConfig config = config(Map.of("log.segment.bytes", "2048", "log.retention.hours", 2,
                "log.roll.hours", "1", "message.max.bytes", 5000, "log.retention.check.interval.ms", 1000));

        LogConfig defaults = config.defaultLogConfig();
        assertThat(defaults.segmentBytes()).isEqualTo(2048);
        assertThat(defaults.retentionMs()).isEqualTo(7_200_000L);
        assertThat(defaults.segmentMs()).isEqualTo(3_600_000L);
        assertThat(defaults.maxMessageBytes()).isEqualTo(5000);
        assertThat(config.retentionCheckIntervalMs()).isEqualTo(1000);
        assertThat(config.logDirs()).hasSize(2);
        assertThat(config(Map.of("log.retention.hours", 2, "log.retention.ms", 5)).defaultLogConfig().retentionMs())
                .isEqualTo(5);
    }

    @Test
    void shouldNameTheKeyWhenABrokerValueIsInvalid() {
        assertThatThrownBy(() -> LogManagerConfig.fromMap(Map.of()))
                .hasMessageContaining("log.dirs");
        assertThatThrownBy(() -> config(Map.of("log.retention.check.interval.ms", "0")))
                .hasMessageContaining("log.retention.check.interval.ms");
        assertThatThrownBy(() -> config(Map.of("log.segment.bytes", "big")))
                .hasMessageContaining("segment.bytes");
    }

    @Test
    void shouldReturnTheSameLogWhenOpenedTwiceAndReopenItsDataAfterRestart() {
        manager = new LogManager(config(Map.of()), clock, scheduler);
        PartitionLog log = manager.getOrCreate("orders", 3, LogConfig.defaults());
        log.appendAsLeader(TestBatches.batch(4, 10, START_MS), 1);

        assertThat(manager.getOrCreate("orders", 3, LogConfig.defaults())).isSameAs(log);
        assertThat(manager.get("orders", 4)).isEmpty();
        manager.close();
        manager = new LogManager(config(Map.of()), clock, scheduler);

        assertThat(manager.partitionDirsOnDisk()).extracting(LogManager.PartitionDir::topic).containsExactly("orders");
        assertThat(manager.getOrCreate("orders", 3, LogConfig.defaults()).logEndOffset()).isEqualTo(4);
    }

    @Test
    void shouldSpreadPartitionsOverLogDirsWhenCreating() {
        manager = new LogManager(config(Map.of()), clock, scheduler);

        Path first = manager.getOrCreate("t", 0, LogConfig.defaults()).dir();
        Path second = manager.getOrCreate("t", 1, LogConfig.defaults()).dir();

        assertThat(first.getParent()).isNotEqualTo(second.getParent());
    }

    @Test
    void shouldRemoveTheDirectoryWhenAPartitionIsDeleted() {
        manager = new LogManager(config(Map.of()), clock, scheduler);
        PartitionLog log = manager.getOrCreate("gone", 0, LogConfig.defaults());
        log.appendAsLeader(TestBatches.batch(1, 10, START_MS), 1);

        manager.delete("gone", 0);

        assertThat(manager.get("gone", 0)).isEmpty();
        assertThat(Files.exists(log.dir())).isFalse();
    }

    @Test
    void shouldRemoveWhatAnUnfinishedDeletionLeftWhenStartingAndNotReopenItAsAPartition() throws Exception {
        Path leftover = Files.createDirectories(root.resolve("a").resolve("gone-0.0123abcd-delete"));
        Files.writeString(leftover.resolve("00000000000000000000.log"), "torn");

        manager = new LogManager(config(Map.of()), clock, scheduler);

        assertThat(Files.exists(leftover)).isFalse();
        assertThat(manager.partitionDirsOnDisk()).isEmpty();
    }

    @Test
    void shouldFreeThePartitionNameAtOnceSoARecreatedPartitionStartsEmpty() {
        manager = new LogManager(config(Map.of()), clock, scheduler);
        manager.getOrCreate("again", 0, LogConfig.defaults()).appendAsLeader(TestBatches.batch(1, 10, START_MS), 1);

        manager.delete("again", 0);
        PartitionLog recreated = manager.getOrCreate("again", 0, LogConfig.defaults());

        assertThat(recreated.logEndOffset()).isZero();
        assertThat(manager.partitionDirsOnDisk()).extracting(LogManager.PartitionDir::topic).containsExactly("again");
    }

    @Test
    void shouldApplyRetentionOnScheduleWhenTheCheckIntervalPasses() {
        manager = new LogManager(config(Map.of("log.retention.check.interval.ms", 10)), clock, scheduler);
        LogConfig logConfig = PartitionLogTestContext.smallConfig().with(LogConfig.RETENTION_MS, 60_000L);
        PartitionLog log = manager.getOrCreate("t", 0, logConfig);
        for (int i = 0; i < 20; i++) {
            log.appendAsLeader(TestBatches.batch(5, 100, START_MS), 1);
        }
        assertThat(log.segmentCount()).isGreaterThan(2);

        clock.advance(60_001);

        await().atMost(Duration.ofSeconds(10)).until(() -> log.segmentCount() == 1);
        assertThat(log.logStartOffset()).isEqualTo(log.segmentBaseOffsets().get(0));
    }

    @Test
    void shouldFlushOnScheduleWhenFlushMsPasses() {
        manager = new LogManager(config(Map.of("log.flush.scheduler.interval.ms", 10)), clock, scheduler);
        PartitionLog log = manager.getOrCreate("t", 0, LogConfig.defaults().with(LogConfig.FLUSH_MS, 5000L));
        log.appendAsLeader(TestBatches.batch(5, 100, START_MS), 1);
        assertThat(log.recoveryPoint()).isZero();

        clock.advance(5000);

        await().atMost(Duration.ofSeconds(10)).until(() -> log.recoveryPoint() == 5);
    }

    @Test
    void shouldKeepLoadedIndexesBoundedWhenThousandsOfPartitionsHaveSeveralSegments(
            @TempDir(factory = MemoryBackedTempDirFactory.class) Path manyRoot) {
        root = manyRoot;
        int partitions = 2000;
        int bound = 64;
        manager = new LogManager(config(Map.of(LogManagerConfig.INDEX_CACHE_MAX_ENTRIES, bound)), clock, scheduler);
        LogConfig small = LogConfig.defaults().with(LogConfig.SEGMENT_BYTES, 1024)
                .with(LogConfig.SEGMENT_INDEX_BYTES, 256).with(LogConfig.INDEX_INTERVAL_BYTES, 0);
        for (int p = 0; p < partitions; p++) {
            PartitionLog log = manager.getOrCreate("many", p, small);
            for (int i = 0; i < 9; i++) {
                log.appendAsLeader(TestBatches.batch(1, 200, START_MS + i), 1);
            }
        }
        int inactiveSegments = 0;
        for (int p = 0; p < partitions; p++) {
            PartitionLog log = manager.get("many", p).orElseThrow();
            inactiveSegments += log.segmentCount() - 1;
            // Offset 1 sits in the oldest segment, behind an index entry: forces its indexes to load.
            assertThat(log.read(1, 1, log.logEndOffset()).firstBatchBaseOffset()).isEqualTo(1);
            assertThat(manager.indexCache().loadedCount()).isLessThanOrEqualTo(bound);
        }

        assertThat(inactiveSegments).isGreaterThanOrEqualTo(partitions * 2);
        assertThat(manager.indexCache().loadCount()).isGreaterThanOrEqualTo(partitions);
        assertThat(manager.indexCache().loadedCount()).isLessThanOrEqualTo(bound);
    }
}
