package io.tributary.log.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One offset kept in a {@link CheckpointFile} (one payload line): the partition's
 * {@code log-start-offset-checkpoint} and {@code recovery-point-offset-checkpoint}. Written
 * atomically; not thread-safe (the partition's writer lock guards it).
 */
public final class OffsetCheckpoint {

    private final CheckpointFile file;
    private long lastWritten = Long.MIN_VALUE;

    public OffsetCheckpoint(Path path) {
        this.file = new CheckpointFile(path);
    }

    public OptionalLong read() throws IOException {
        Optional<List<String>> lines = file.read();
        if (lines.isEmpty()) {
            // A missing file means 0: no need to write one until the offset moves.
            lastWritten = 0;
            return OptionalLong.empty();
        }
        if (lines.get().size() != 1) {
            throw file.corruption("expected one offset line, found " + lines.get().size());
        }
        try {
            long value = Long.parseLong(lines.get().get(0).trim());
            lastWritten = value;
            return OptionalLong.of(value);
        } catch (NumberFormatException e) {
            throw file.corruption("malformed offset '" + lines.get().get(0) + "'");
        }
    }

    /** Writes {@code offset} unless it is already the stored value (saves an fsync). */
    public void write(long offset) throws IOException {
        if (offset == lastWritten) {
            return;
        }
        file.write(List.of(Long.toString(offset)));
        lastWritten = offset;
    }
}
