package io.tributary.log;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import org.apache.kafka.common.record.internal.MemoryRecords;

/**
 * A run of whole record batches in one segment file: channel + position + length.
 *
 * <p>Immutable and safe to hand to another thread. The bytes it covers never change while the
 * segment exists (the log only appends past them, and truncation or deletion of a segment keeps
 * the channel open for {@code file.delete.delay.ms}, so a slice in flight stays readable). The
 * slice does not own the channel: never close it. Wrapping it in Netty's {@code DefaultFileRegion}
 * would close the channel on release; use a region that does not own it.
 */
public final class LogSlice {

    private static final LogSlice EMPTY = new LogSlice(null, 0, 0, -1);

    private final FileChannel channel;
    private final long position;
    private final int sizeInBytes;
    private final long firstBatchBaseOffset;

    public LogSlice(FileChannel channel, long position, int sizeInBytes, long firstBatchBaseOffset) {
        this.channel = channel;
        this.position = position;
        this.sizeInBytes = sizeInBytes;
        this.firstBatchBaseOffset = firstBatchBaseOffset;
    }

    /** A slice of no bytes (fetch at the end of the log). */
    public static LogSlice empty() {
        return EMPTY;
    }

    /** The segment's channel, or null for an empty slice. Shared: do not close it. */
    public FileChannel channel() {
        return channel;
    }

    public long position() {
        return position;
    }

    public int sizeInBytes() {
        return sizeInBytes;
    }

    public boolean isEmpty() {
        return sizeInBytes == 0;
    }

    /** Base offset of the first batch in the slice, or -1 when empty. */
    public long firstBatchBaseOffset() {
        return firstBatchBaseOffset;
    }

    /** Copies the bytes to a new heap buffer, flipped for reading (for TLS, tests and tools). */
    public ByteBuffer readInto() {
        ByteBuffer buffer = ByteBuffer.allocate(sizeInBytes);
        try {
            while (buffer.hasRemaining()) {
                int n = channel.read(buffer, position + buffer.position());
                if (n < 0) {
                    throw new LogException("Segment ended before the slice did: position " + position
                            + " size " + sizeInBytes);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.flip();
    }

    /** The slice as Kafka records (a copy). */
    public MemoryRecords toMemoryRecords() {
        return isEmpty() ? MemoryRecords.EMPTY : MemoryRecords.readableRecords(readInto());
    }

    /**
     * Sends the slice with {@link FileChannel#transferTo} (zero-copy where the OS allows it).
     * Returns the bytes sent, which may be fewer than the size if a non-blocking target is full.
     */
    public long transferTo(WritableByteChannel target) throws IOException {
        long sent = 0;
        while (sent < sizeInBytes) {
            long n = channel.transferTo(position + sent, sizeInBytes - sent, target);
            if (n <= 0) {
                break;
            }
            sent += n;
        }
        return sent;
    }

    @Override
    public String toString() {
        return "LogSlice(position=" + position + ", size=" + sizeInBytes + ", firstBatchBaseOffset="
                + firstBatchBaseOffset + ")";
    }
}
