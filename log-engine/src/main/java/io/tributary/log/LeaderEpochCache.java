package io.tributary.log;

import io.tributary.log.internal.CheckpointFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The partition's map of leader epoch → offset of the first batch written in that epoch, kept in the
 * {@code leader-epoch-checkpoint} file beside the segments. Followers use it to find where their log
 * diverges from the leader's (Fetch {@code LastFetchedEpoch} / OffsetsForLeaderEpoch), consumers to
 * validate positions after a leader change (KIP-101, KIP-279, KIP-320).
 *
 * <p>Semantics follow Kafka's {@code LeaderEpochFileCache}, with one stricter rule agreed for
 * Tributary: {@link #assign} ignores an epoch not above the latest one (Kafka would rewrite the cache
 * backwards), and rejects a new epoch that starts before the latest epoch's start, because the log
 * only moves backwards through {@link #truncateFromEnd}, which the caller must run first.
 * <ul>
 *   <li>Entries are ordered by epoch; start offsets strictly increase with it. An epoch that wrote no
 *       batch (next epoch starts at the same offset) is replaced, as in Kafka.</li>
 *   <li>Every change is persisted before the mutator returns; epochs change rarely, so one small
 *       fsync per change is cheap, and a crash never leaves the file ahead of a mutation that failed.</li>
 * </ul>
 *
 * <p>Byte layout: a {@link CheckpointFile} (version 0) whose lines are {@code "<epoch> <startOffset>"},
 * oldest first, like Kafka's file. After a crash the file holds the last completed mutation; recovery
 * of the log then truncates it to the recovered end and re-assigns epochs from the replayed batches.
 *
 * <p>Threading: thread-safe. Mutators (the partition's single writer) take a write lock; readers
 * (fetch and OffsetsForLeaderEpoch handlers on network threads) take a read lock.
 */
public final class LeaderEpochCache {

    private final CheckpointFile checkpoint;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final TreeMap<Integer, EpochEntry> epochs = new TreeMap<>();

    private LeaderEpochCache(CheckpointFile checkpoint, List<EpochEntry> initial) {
        this.checkpoint = checkpoint;
        for (EpochEntry entry : initial) {
            epochs.put(entry.epoch(), entry);
        }
    }

    /**
     * Loads the cache from {@code checkpointFile}, empty when the file does not exist.
     *
     * @throws IOException naming the file when it is corrupt or its entries are not monotonic
     */
    public static LeaderEpochCache load(Path checkpointFile) throws IOException {
        CheckpointFile file = new CheckpointFile(checkpointFile);
        Optional<List<String>> lines = file.read();
        List<EpochEntry> entries = new ArrayList<>();
        if (lines.isPresent()) {
            EpochEntry previous = null;
            for (String line : lines.get()) {
                EpochEntry entry = parse(file, line);
                if (previous != null
                        && (entry.epoch() <= previous.epoch() || entry.startOffset() <= previous.startOffset())) {
                    throw file.corruption("entries not increasing: '" + previous.epoch() + " "
                            + previous.startOffset() + "' then '" + line + "'");
                }
                entries.add(entry);
                previous = entry;
            }
        }
        return new LeaderEpochCache(file, entries);
    }

    private static EpochEntry parse(CheckpointFile file, String line) throws IOException {
        String[] parts = line.trim().split("\\s+");
        if (parts.length != 2) {
            throw file.corruption("malformed entry '" + line + "'");
        }
        try {
            return new EpochEntry(Integer.parseInt(parts[0]), Long.parseLong(parts[1]));
        } catch (IllegalArgumentException e) { // NumberFormatException or a negative value
            throw file.corruption("malformed entry '" + line + "'");
        }
    }

    /**
     * Records that {@code epoch} starts at {@code startOffset}; called for the first batch of each new
     * leader epoch (appends and recovery). A no-op when {@code epoch} is not above the latest epoch.
     *
     * @throws IllegalArgumentException for a negative epoch or offset (callers skip batches without a
     *     leader epoch, {@code NO_PARTITION_LEADER_EPOCH = -1}), or when a new epoch would start before
     *     the latest epoch's start offset (the caller forgot {@link #truncateFromEnd})
     * @throws LogException if the checkpoint cannot be written
     */
    public void assign(int epoch, long startOffset) {
        EpochEntry entry = new EpochEntry(epoch, startOffset);
        // Most calls are for the current epoch: decide under the read lock to spare the writer lock.
        if (!isNewEpoch(entry)) {
            return;
        }
        lock.writeLock().lock();
        try {
            if (!isNewEpoch(entry)) {
                return;
            }
            Map.Entry<Integer, EpochEntry> last = epochs.lastEntry();
            if (last != null) {
                long latestStart = last.getValue().startOffset();
                if (startOffset < latestStart) {
                    throw new IllegalArgumentException("leader epoch " + epoch + " cannot start at " + startOffset
                            + ", before the start " + latestStart + " of the latest epoch " + last.getKey()
                            + "; truncate the cache first");
                }
                if (startOffset == latestStart) {
                    // The previous epoch wrote nothing: only the newer epoch owns this offset (as in Kafka).
                    epochs.pollLastEntry();
                }
            }
            epochs.put(epoch, entry);
            persist();
        } finally {
            lock.writeLock().unlock();
        }
    }

    private boolean isNewEpoch(EpochEntry entry) {
        lock.readLock().lock();
        try {
            return epochs.isEmpty() || entry.epoch() > epochs.lastKey();
        } finally {
            lock.readLock().unlock();
        }
    }

    public OptionalInt latestEpoch() {
        lock.readLock().lock();
        try {
            return epochs.isEmpty() ? OptionalInt.empty() : OptionalInt.of(epochs.lastKey());
        } finally {
            lock.readLock().unlock();
        }
    }

    public Optional<EpochEntry> latestEntry() {
        lock.readLock().lock();
        try {
            return epochs.isEmpty() ? Optional.empty() : Optional.of(epochs.lastEntry().getValue());
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Where {@code requestedEpoch} ends in this log, with Kafka's semantics:
     * <ul>
     *   <li>{@link EpochEndOffset#UNDEFINED} when the cache is empty, the request is
     *       {@code UNDEFINED_EPOCH} (-1), or it is above the latest epoch;</li>
     *   <li>(latest epoch, {@code logEndOffset}) for the latest epoch, which is still being written;</li>
     *   <li>(largest epoch ≤ requested, start offset of the next higher epoch) otherwise;</li>
     *   <li>(requested, start offset of the first epoch) when requested is below every cached epoch:
     *       the older data was deleted, and answering the first start offset lets a follower truncate
     *       to, and a consumer keep, a position the leader still has (KIP-279). Kafka before 2.0
     *       answered UNDEFINED here, which made consumers reset their offsets.</li>
     * </ul>
     */
    public EpochEndOffset endOffsetFor(int requestedEpoch, long logEndOffset) {
        lock.readLock().lock();
        try {
            if (requestedEpoch == EpochEndOffset.UNDEFINED_EPOCH || epochs.isEmpty()) {
                return EpochEndOffset.UNDEFINED;
            }
            if (requestedEpoch == epochs.lastKey()) {
                return new EpochEndOffset(requestedEpoch, logEndOffset);
            }
            Map.Entry<Integer, EpochEntry> higher = epochs.higherEntry(requestedEpoch);
            if (higher == null) {
                return EpochEndOffset.UNDEFINED;
            }
            Map.Entry<Integer, EpochEntry> floor = epochs.floorEntry(requestedEpoch);
            int epoch = floor == null ? requestedEpoch : floor.getKey();
            return new EpochEndOffset(epoch, higher.getValue().startOffset());
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Forgets epochs that start at or after {@code endOffset}; called when the log is truncated to
     * {@code endOffset}. A negative offset is ignored, as in Kafka.
     */
    public void truncateFromEnd(long endOffset) {
        if (endOffset < 0) {
            return;
        }
        lock.writeLock().lock();
        try {
            boolean changed = false;
            while (!epochs.isEmpty() && epochs.lastEntry().getValue().startOffset() >= endOffset) {
                epochs.pollLastEntry();
                changed = true;
            }
            if (changed) {
                persist();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Drops epochs wholly below {@code startOffset} and moves the start of the epoch that covers it up
     * to {@code startOffset}; called when the log start offset advances (retention, DeleteRecords).
     */
    public void truncateFromStart(long startOffset) {
        lock.writeLock().lock();
        try {
            EpochEntry lastRemoved = null;
            int removed = 0;
            Iterator<EpochEntry> it = epochs.values().iterator();
            while (it.hasNext()) {
                EpochEntry entry = it.next();
                if (entry.startOffset() > startOffset) {
                    break;
                }
                it.remove();
                lastRemoved = entry;
                removed++;
            }
            if (lastRemoved != null) {
                epochs.put(lastRemoved.epoch(), new EpochEntry(lastRemoved.epoch(), startOffset));
                if (removed > 1 || lastRemoved.startOffset() != startOffset) {
                    persist();
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** A snapshot of the entries, oldest epoch first. */
    public List<EpochEntry> entries() {
        lock.readLock().lock();
        try {
            return List.copyOf(epochs.values());
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Rewrites the checkpoint file atomically from memory (mutators already persist their changes). */
    public void flush() {
        lock.writeLock().lock();
        try {
            persist();
        } finally {
            lock.writeLock().unlock();
        }
    }

    public Path checkpointPath() {
        return checkpoint.path();
    }

    private void persist() {
        List<String> lines = new ArrayList<>(epochs.size());
        for (EpochEntry entry : epochs.values()) {
            lines.add(entry.epoch() + " " + entry.startOffset());
        }
        try {
            checkpoint.write(lines);
        } catch (IOException e) {
            throw new LogException("Failed to write leader epoch checkpoint " + checkpoint.path(), e);
        }
    }

    @Override
    public String toString() {
        return "LeaderEpochCache" + entries();
    }
}
