package io.tributary.log;

import io.tributary.log.internal.IndexCache;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns every partition log under {@code log.dirs}: opens them (recovering as needed), shares one
 * {@link IndexCache} that bounds the loaded indexes of inactive segments across all partitions,
 * and runs the periodic work — time-based roll and retention every
 * {@code log.retention.check.interval.ms}, flush by {@code flush.ms} every
 * {@code log.flush.scheduler.interval.ms}.
 *
 * <p>Thread-safe. The scheduler is injectable so tests can run the periodic work on their own
 * terms; an error in one partition's task is logged once per run and does not stop the others.
 */
public final class LogManager implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(LogManager.class);
    private static final String DELETE_SUFFIX = "-delete";

    /** A partition directory found on disk. */
    public record PartitionDir(String topic, int partition, Path dir) {
    }

    private final LogManagerConfig config;
    private final Clock clock;
    private final IndexCache indexCache;
    private final ScheduledExecutorService scheduler;
    private final boolean ownsScheduler;
    private final Map<String, PartitionLog> logs = new ConcurrentHashMap<>();
    private final List<ScheduledFuture<?>> tasks = new ArrayList<>();
    private final Map<Path, Integer> partitionsPerDir = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public LogManager(LogManagerConfig config, Clock clock, ScheduledExecutorService scheduler) {
        this(config, clock, scheduler, false);
    }

    /** A manager with its own single scheduler thread. */
    public static LogManager start(LogManagerConfig config, Clock clock) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tributary-log-scheduler");
            t.setDaemon(true);
            return t;
        });
        return new LogManager(config, clock, scheduler, true);
    }

    private LogManager(LogManagerConfig config, Clock clock, ScheduledExecutorService scheduler, boolean owns) {
        this.config = config;
        this.clock = clock;
        this.indexCache = new IndexCache(config.indexCacheMaxEntries());
        this.scheduler = scheduler;
        this.ownsScheduler = owns;
        try {
            for (Path dir : config.logDirs()) {
                Files.createDirectories(dir);
                removeLeftoverDeletions(dir);
                partitionsPerDir.put(dir, (int) countPartitions(dir));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create log.dirs " + config.logDirs(), e);
        }
        long retention = config.retentionCheckIntervalMs();
        tasks.add(scheduler.scheduleWithFixedDelay(this::runRetentionSafely, retention, retention, TimeUnit.MILLISECONDS));
        long flush = config.flushSchedulerIntervalMs();
        if (flush != Long.MAX_VALUE) {
            tasks.add(scheduler.scheduleWithFixedDelay(this::runFlushSafely, flush, flush, TimeUnit.MILLISECONDS));
        }
    }

    private static String key(String topic, int partition) {
        return topic + "-" + partition;
    }

    /** Opens (recovering if needed) or creates the partition's log; the config applies when it is first opened. */
    public PartitionLog getOrCreate(String topic, int partition, LogConfig logConfig) {
        if (closed) {
            throw new LogException("log manager is closed");
        }
        if (topic.isEmpty() || topic.contains("/") || topic.contains("\\") || partition < 0) {
            throw new IllegalArgumentException("bad topic-partition " + topic + "-" + partition);
        }
        return logs.computeIfAbsent(key(topic, partition),
                k -> PartitionLog.open(dirFor(k), logConfig, clock, indexCache));
    }

    public Optional<PartitionLog> get(String topic, int partition) {
        return Optional.ofNullable(logs.get(key(topic, partition)));
    }

    /** Every log currently open. */
    public List<PartitionLog> allLogs() {
        return List.copyOf(logs.values());
    }

    /**
     * Closes the partition's log and deletes its directory. The directory is first renamed to
     * {@code <topic>-<partition>.<id>-delete} in one atomic step, as Kafka does: from then on nothing
     * writes into it by its old path (a scheduled flush or checkpoint of the closed log fails instead
     * of recreating files), and a deletion cut short by a crash or an I/O error never leaves a
     * directory that would be reopened as the partition; leftovers go when the manager next starts.
     */
    public void delete(String topic, int partition) {
        String k = key(topic, partition);
        PartitionLog log = logs.remove(k);
        Path dir = log != null ? log.dir() : existingDir(k);
        if (log != null) {
            log.close();
        }
        if (dir != null && Files.isDirectory(dir)) {
            Path doomed = dir.resolveSibling(k + "." + UUID.randomUUID().toString().replace("-", "") + DELETE_SUFFIX);
            try {
                Files.move(dir, doomed, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot rename " + dir + " for deletion", e);
            }
            partitionsPerDir.computeIfPresent(dir.getParent(), (d, n) -> Math.max(0, n - 1));
            deleteRecursively(doomed);
        }
    }

    /** Removes what a deletion cut short left behind (directories named {@code *-delete}). */
    private static void removeLeftoverDeletions(Path root) throws IOException {
        try (DirectoryStream<Path> doomed = Files.newDirectoryStream(root,
                p -> Files.isDirectory(p) && p.getFileName().toString().endsWith(DELETE_SUFFIX))) {
            for (Path dir : doomed) {
                try {
                    deleteRecursively(dir);
                    LOG.info("Removed {}, left by a partition deletion that did not finish", dir);
                } catch (UncheckedIOException e) {
                    LOG.warn("Could not remove {}: {}", dir, e.getCause().getMessage());
                }
            }
        }
    }

    /** Partition directories present on disk (opened or not), so the broker can reopen them with their configs. */
    public List<PartitionDir> partitionDirsOnDisk() {
        List<PartitionDir> found = new ArrayList<>();
        for (Path root : config.logDirs()) {
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, Files::isDirectory)) {
                for (Path dir : dirs) {
                    String name = dir.getFileName().toString();
                    int dash = name.lastIndexOf('-');
                    if (dash > 0 && dash < name.length() - 1 && name.substring(dash + 1).chars().allMatch(Character::isDigit)) {
                        found.add(new PartitionDir(name.substring(0, dash), Integer.parseInt(name.substring(dash + 1)), dir));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot list " + root, e);
            }
        }
        return found;
    }

    private Path dirFor(String key) {
        Path existing = existingDir(key);
        if (existing != null) {
            return existing;
        }
        // New partitions go to the log dir holding the fewest partitions, as Kafka does.
        Path root = config.logDirs().stream()
                .min(Comparator.comparingInt(d -> partitionsPerDir.getOrDefault(d, 0)))
                .orElseThrow();
        partitionsPerDir.merge(root, 1, Integer::sum);
        return root.resolve(key);
    }

    private Path existingDir(String key) {
        for (Path root : config.logDirs()) {
            if (Files.isDirectory(root.resolve(key))) {
                return root.resolve(key);
            }
        }
        return null;
    }

    private static long countPartitions(Path root) {
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(Files::isDirectory).count();
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    }

    // ---- periodic work -------------------------------------------------------------------------

    /** Rolls segments past {@code segment.ms} and applies retention to every log. Returns segments deleted. */
    public int runRetention() {
        long nowMs = clock.millis();
        int deleted = 0;
        int failures = 0;
        for (PartitionLog log : logs.values()) {
            try {
                log.maybeRoll(nowMs);
                deleted += log.applyRetention(nowMs);
                log.checkpointRecoveryPoint();
            } catch (LogException e) {
                if (failures++ == 0) {
                    LOG.warn("Retention failed for {} (further failures in this run not logged)", log, e);
                }
            }
        }
        return deleted;
    }

    /** Flushes every log whose {@code flush.ms} has passed. Returns how many were flushed. */
    public int runFlush() {
        long nowMs = clock.millis();
        int flushed = 0;
        int failures = 0;
        for (PartitionLog log : logs.values()) {
            try {
                if (log.maybeFlush(nowMs)) {
                    flushed++;
                }
            } catch (LogException e) {
                if (failures++ == 0) {
                    LOG.warn("Flush failed for {} (further failures in this run not logged)", log, e);
                }
            }
        }
        return flushed;
    }

    private void runRetentionSafely() {
        try {
            runRetention();
        } catch (RuntimeException e) {
            LOG.error("Retention run failed", e);
        }
    }

    private void runFlushSafely() {
        try {
            runFlush();
        } catch (RuntimeException e) {
            LOG.error("Flush run failed", e);
        }
    }

    /** The shared cache of inactive segments' indexes (exposed for metrics and tests). */
    public IndexCache indexCache() {
        return indexCache;
    }

    public LogManagerConfig config() {
        return config;
    }

    /** Stops the periodic work and closes every log cleanly. */
    @Override
    public void close() {
        closed = true;
        for (ScheduledFuture<?> task : tasks) {
            task.cancel(false);
        }
        if (ownsScheduler) {
            scheduler.shutdown();
            try {
                scheduler.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        LogException first = null;
        for (PartitionLog log : logs.values()) {
            try {
                log.close();
            } catch (LogException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        logs.clear();
        if (first != null) {
            throw first;
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + dir, e);
        }
    }
}
