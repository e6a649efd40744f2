package io.tributary.log.internal;

import io.tributary.log.LeaderEpochCache;
import io.tributary.log.LogConfig;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a partition directory: finds the segments, and either trusts them (clean-shutdown marker
 * present: only the tail past the last index entry is read) or re-validates everything from the
 * segment holding the recovery point, truncating a torn or corrupt tail and dropping any later
 * segment. Rebuilds the leader-epoch cache from the replayed batches. Confined to the opening thread.
 */
public final class LogLoader {

    public static final String CLEAN_SHUTDOWN_FILE = ".clean-shutdown";
    public static final String LOG_START_CHECKPOINT = "log-start-offset-checkpoint";
    public static final String RECOVERY_POINT_CHECKPOINT = "recovery-point-offset-checkpoint";
    public static final String LEADER_EPOCH_CHECKPOINT = "leader-epoch-checkpoint";

    private static final Logger LOG = LoggerFactory.getLogger(LogLoader.class);

    /** What the loader found; {@code segments} is sorted and its last one is active. */
    public record Loaded(List<LogSegment> segments, long logStartOffset, long logEndOffset, boolean recovered,
                         long bytesTruncated) {
    }

    private LogLoader() {
    }

    public static Loaded load(Path dir, LogConfig config, IndexCache cache, LeaderEpochCache epochs,
                              OffsetCheckpoint logStartCheckpoint, OffsetCheckpoint recoveryCheckpoint, long nowMs)
            throws IOException {
        Files.createDirectories(dir);
        deleteLeftovers(dir);
        Path marker = dir.resolve(CLEAN_SHUTDOWN_FILE);
        boolean clean = Files.exists(marker);
        long logStart = logStartCheckpoint.read().orElse(0L);
        long recoveryPoint = recoveryCheckpoint.read().orElse(0L);

        List<LogSegment> segments = new ArrayList<>();
        for (long base : segmentBases(dir)) {
            segments.add(LogSegment.open(dir, base, config.indexIntervalBytes(), config.segmentIndexBytes(), cache, nowMs));
        }
        boolean recovered = false;
        long truncated = 0;
        if (segments.isEmpty()) {
            segments.add(LogSegment.create(dir, logStart, config.indexIntervalBytes(), config.segmentIndexBytes(),
                    cache, nowMs));
        } else {
            int firstToRecover = clean ? segments.size() : segmentContaining(segments, recoveryPoint);
            long next = segments.get(0).baseOffset();
            for (int i = 0; i < segments.size(); i++) {
                LogSegment segment = segments.get(i);
                boolean last = i == segments.size() - 1;
                // After a crash, once one segment is re-scanned every later one is too, so the
                // epoch cache is rebuilt from a contiguous run of batches.
                boolean mustRecover = i >= firstToRecover || (recovered && !clean);
                if (!mustRecover && segment.loadTail(last) && segment.baseOffset() >= next) {
                    next = segment.nextOffset();
                    continue;
                }
                if (!recovered && !clean) {
                    // Epochs that start in the re-scanned region are re-derived from its batches.
                    epochs.truncateFromEnd(segment.baseOffset());
                }
                recovered = true;
                // After a clean shutdown only a damaged index is rebuilt here; the epoch cache is intact.
                long cut = segment.recover(next, clean ? (epoch, base) -> { } : (epoch, base) -> {
                    if (epoch >= 0) {
                        epochs.assign(epoch, base);
                    }
                });
                segment.flush();
                truncated += cut;
                next = segment.nextOffset();
                if (cut > 0 && !last) {
                    // Nothing after a corrupt batch can be trusted to follow it.
                    for (LogSegment later : segments.subList(i + 1, segments.size())) {
                        truncated += later.sizeInBytes();
                        later.markDeleted();
                        later.deleteFiles();
                    }
                    segments = new ArrayList<>(segments.subList(0, i + 1));
                    last = true;
                }
                if (!last) {
                    segment.deactivate();
                }
                if (cut > 0) {
                    LOG.warn("Truncated {} bytes of torn or corrupt data from {} at offset {}", cut, segment, next);
                    break;
                }
            }
        }
        LogSegment active = segments.get(segments.size() - 1);
        long logEnd = active.nextOffset();
        logStart = Math.min(Math.max(logStart, segments.get(0).baseOffset()), logEnd);
        epochs.truncateFromEnd(logEnd);
        epochs.truncateFromStart(logStart);
        logStartCheckpoint.write(logStart);
        recoveryCheckpoint.write(logEnd);
        if (clean) {
            // Gone before the first append: a crash from now on must be detected as unclean.
            Files.delete(marker);
            fsyncDirectory(dir);
        }
        return new Loaded(List.copyOf(segments), logStart, logEnd, recovered, truncated);
    }

    private static int segmentContaining(List<LogSegment> segments, long offset) {
        int found = 0;
        for (int i = 0; i < segments.size(); i++) {
            if (segments.get(i).baseOffset() <= offset) {
                found = i;
            }
        }
        return found;
    }

    private static List<Long> segmentBases(Path dir) throws IOException {
        List<Long> bases = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + LogSegment.LOG_SUFFIX)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                String digits = name.substring(0, name.length() - LogSegment.LOG_SUFFIX.length());
                if (digits.length() == 20 && digits.chars().allMatch(Character::isDigit)) {
                    bases.add(Long.parseLong(digits));
                }
            }
        }
        bases.sort(null);
        return bases;
    }

    private static void deleteLeftovers(Path dir) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + LogSegment.DELETED_SUFFIX)) {
            for (Path file : files) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** Writes the clean-shutdown marker durably (last step of a clean close). */
    public static void writeCleanShutdownMarker(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir.resolve(CLEAN_SHUTDOWN_FILE), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        fsyncDirectory(dir);
    }

    static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some platforms cannot open a directory; the rename itself is still atomic there.
            LOG.debug("Cannot fsync directory {}", dir, e);
        }
    }
}
