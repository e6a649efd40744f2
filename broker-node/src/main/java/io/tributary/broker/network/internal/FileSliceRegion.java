package io.tributary.broker.network.internal;

import io.netty.channel.FileRegion;
import io.netty.util.AbstractReferenceCounted;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A zero-copy region of a segment file that does <em>not</em> own the file channel. Netty's
 * {@code DefaultFileRegion} closes its channel when released, which would close a segment that
 * other readers and the writer still use; this region leaves the channel open. Segment files are
 * deleted only after a delay ({@code file.delete.delay.ms}), so a region in flight stays readable.
 */
public final class FileSliceRegion extends AbstractReferenceCounted implements FileRegion {
    private final FileChannel file;
    private final long position;
    private final long count;
    private long transferred;

    public FileSliceRegion(FileChannel file, long position, long count) {
        this.file = file;
        this.position = position;
        this.count = count;
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    @Deprecated
    public long transfered() {
        return transferred;
    }

    @Override
    public long transferred() {
        return transferred;
    }

    @Override
    public long count() {
        return count;
    }

    @Override
    public long transferTo(WritableByteChannel target, long alreadyTransferred) throws IOException {
        long remaining = count - alreadyTransferred;
        if (remaining <= 0) {
            return 0;
        }
        long written = file.transferTo(position + alreadyTransferred, remaining, target);
        if (written > 0) {
            transferred += written;
        } else if (written == 0 && position + alreadyTransferred >= file.size()) {
            throw new IOException("segment file shrank under a response in flight (position "
                    + (position + alreadyTransferred) + ", size " + file.size() + ")");
        }
        return written;
    }

    @Override
    public FileSliceRegion retain() {
        super.retain();
        return this;
    }

    @Override
    public FileSliceRegion retain(int increment) {
        super.retain(increment);
        return this;
    }

    @Override
    public FileSliceRegion touch() {
        return this;
    }

    @Override
    public FileSliceRegion touch(Object hint) {
        return this;
    }

    @Override
    protected void deallocate() {
        // The channel belongs to the segment, not to this region.
    }
}
