package io.tributary.bench;

import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * Accepts and discards every byte, like a socket that is never full. {@code FileChannel.transferTo}
 * into it goes through the JDK's buffered copy (no sendfile), so reads measured with it are an honest
 * lower bound of a network send, not a free kernel shortcut.
 */
final class NullChannel implements WritableByteChannel {

    private long bytes;

    @Override
    public int write(ByteBuffer src) {
        int n = src.remaining();
        src.position(src.limit());
        bytes += n;
        return n;
    }

    long bytesWritten() {
        return bytes;
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public void close() {
    }
}
