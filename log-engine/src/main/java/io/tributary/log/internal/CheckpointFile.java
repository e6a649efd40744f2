package io.tributary.log.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A small text file that is replaced atomically: the leader-epoch checkpoint, the log-start-offset
 * and recovery-point checkpoints.
 *
 * <p>Byte layout (UTF-8, {@code \n} line ends), the same framing as Kafka's checkpoint files:
 * <pre>
 *   &lt;version&gt;        format version of the caller's lines, an int
 *   &lt;count&gt;          number of payload lines that follow, an int
 *   &lt;line 1&gt; ... &lt;line count&gt;
 * </pre>
 * The count lets {@link #read()} tell a complete file from a truncated one.
 *
 * <p>Crash safety: {@link #write} writes {@code <name>.tmp}, fsyncs it, renames it over the target
 * atomically and fsyncs the directory, so after a crash the file holds either the old or the new
 * content, never a mix. A stale {@code .tmp} left by a crash is simply overwritten by the next write
 * and never read.
 *
 * <p>Threading: not thread-safe; callers serialise writes (each owner guards its file with its own
 * lock). Reads concurrent with a write see the old or the new file, because of the rename.
 */
public final class CheckpointFile {

    /** The version written by the one-argument constructor. */
    public static final int DEFAULT_VERSION = 0;

    private final Path path;
    private final Path tempPath;
    private final int version;

    public CheckpointFile(Path path) {
        this(path, DEFAULT_VERSION);
    }

    public CheckpointFile(Path path, int version) {
        this.path = Objects.requireNonNull(path, "path").toAbsolutePath();
        this.tempPath = this.path.resolveSibling(this.path.getFileName() + ".tmp");
        this.version = version;
    }

    public Path path() {
        return path;
    }

    public int version() {
        return version;
    }

    /**
     * Replaces the file's content with {@code lines} durably.
     *
     * @throws IllegalArgumentException if a line contains a line break (it would corrupt the framing)
     */
    public void write(List<String> lines) throws IOException {
        StringBuilder text = new StringBuilder(64 + lines.size() * 24);
        text.append(version).append('\n').append(lines.size()).append('\n');
        for (String line : lines) {
            if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("checkpoint line contains a line break: " + line);
            }
            text.append(line).append('\n');
        }
        ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
        try (FileChannel channel = FileChannel.open(tempPath, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(true);
        }
        try {
            Files.move(tempPath, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // Only on file systems without rename(2) semantics; the fsync above still bounds the loss.
            Files.move(tempPath, path, StandardCopyOption.REPLACE_EXISTING);
        }
        fsyncDirectory(path.getParent());
    }

    /**
     * Reads the payload lines.
     *
     * @return empty if the file does not exist
     * @throws IOException naming the path if the file is truncated, has another version, or is not a
     *     checkpoint file at all
     */
    public Optional<List<String>> read() throws IOException {
        List<String> all;
        try {
            all = Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw corrupt("not valid UTF-8", e);
        }
        if (all.size() < 2) {
            throw corrupt("missing version or count line", null);
        }
        int fileVersion = parseInt(all.get(0), "version");
        if (fileVersion != version) {
            throw corrupt("unsupported version " + fileVersion + " (expected " + version + ")", null);
        }
        int count = parseInt(all.get(1), "count");
        if (count < 0 || count != all.size() - 2) {
            throw corrupt("expected " + count + " lines but found " + (all.size() - 2), null);
        }
        return Optional.of(List.copyOf(new ArrayList<>(all.subList(2, all.size()))));
    }

    private int parseInt(String text, String what) throws IOException {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw corrupt("malformed " + what + " line '" + text + "'", e);
        }
    }

    /** For callers whose payload lines do not parse: an exception naming this file. */
    public IOException corruption(String reason) {
        return corrupt(reason, null);
    }

    private IOException corrupt(String reason, Throwable cause) {
        return new IOException("Corrupt checkpoint file " + path + ": " + reason, cause);
    }

    /** Makes the rename itself durable; a no-op where directories cannot be opened (Windows). */
    static void fsyncDirectory(Path dir) throws IOException {
        if (dir == null) {
            return;
        }
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            if (System.getProperty("os.name", "").startsWith("Windows")) {
                return;
            }
            throw e;
        }
    }
}
