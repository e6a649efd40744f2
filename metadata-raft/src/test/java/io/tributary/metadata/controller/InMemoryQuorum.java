package io.tributary.metadata.controller;

import io.tributary.metadata.image.MetadataImage;
import io.tributary.metadata.image.MetadataReplayer;
import io.tributary.metadata.quorum.LogProposer;
import io.tributary.metadata.quorum.NotControllerException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A working fake of the metadata quorum for tests: {@link #propose} appends the entry to an
 * in-memory log and applies it to a {@link MetadataReplayer} at once, on the caller's thread, so the
 * future is complete (and the image current) when propose returns. {@link #setAvailable(boolean)}
 * simulates a lost quorum: proposals then fail with {@link NotControllerException}. Thread-safe.
 */
public final class InMemoryQuorum implements LogProposer, AutoCloseable {

    private final MetadataReplayer replayer = new MetadataReplayer();
    private final List<byte[]> log = new ArrayList<>();
    private long nextIndex = 1L;
    private boolean available = true;

    @Override
    public synchronized CompletableFuture<byte[]> propose(byte[] entry) {
        if (!available) {
            return CompletableFuture.failedFuture(new NotControllerException("no quorum"));
        }
        log.add(entry.clone());
        return CompletableFuture.completedFuture(replayer.apply(nextIndex++, entry));
    }

    public synchronized void setAvailable(boolean available) {
        this.available = available;
    }

    public MetadataImage image() {
        return replayer.image();
    }

    public MetadataReplayer replayer() {
        return replayer;
    }

    /** Every entry proposed so far, in log order (index i+1). */
    public synchronized List<byte[]> log() {
        return List.copyOf(log);
    }

    @Override
    public void close() {
        replayer.close();
    }
}
