package io.tributary.bench;

import io.tributary.log.LogSlice;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Finds the offset after a slice's last batch by reading batch headers from the slice's channel, so a
 * sequential reader can issue its next fetch, as a consumer does from the records it received.
 *
 * <p>Magic-v2 header layout used: baseOffset int64 at 0, batchLength int32 at 8 (bytes after this
 * field), lastOffsetDelta int32 at 23.
 */
final class SliceWalker {

    private static final int HEADER_PREFIX = 27;
    private static final int LENGTH_OVERHEAD = 12;

    private SliceWalker() {
    }

    /**
     * @param expectedBatchBytes when every batch has this size, only the last header is read (a
     *     single pread per fetch); otherwise every header is walked
     */
    static long nextOffsetAfter(LogSlice slice, int expectedBatchBytes) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(HEADER_PREFIX);
        long end = slice.position() + slice.sizeInBytes();
        if (slice.sizeInBytes() % expectedBatchBytes == 0) {
            long last = end - expectedBatchBytes;
            readHeader(slice, last, header);
            if (header.getInt(8) + LENGTH_OVERHEAD == expectedBatchBytes) {
                return header.getLong(0) + header.getInt(23) + 1;
            }
        }
        long position = slice.position();
        long next = -1;
        while (position < end) {
            readHeader(slice, position, header);
            next = header.getLong(0) + header.getInt(23) + 1;
            position += header.getInt(8) + LENGTH_OVERHEAD;
        }
        return next;
    }

    private static void readHeader(LogSlice slice, long position, ByteBuffer header) throws IOException {
        header.clear();
        while (header.hasRemaining()) {
            if (slice.channel().read(header, position + header.position()) < 0) {
                throw new IOException("segment ends inside a batch header at " + position);
            }
        }
    }
}
