package io.tributary.broker.network.internal;

import io.netty.channel.DefaultFileRegion;
import java.nio.channels.FileChannel;

/**
 * A zero-copy region of a segment file that does <em>not</em> own the file channel.
 *
 * <p>It extends {@link DefaultFileRegion} because Netty's native epoll transport sends only that
 * type with {@code sendfile(2)}; any other {@code FileRegion} goes through
 * {@code FileChannel.transferTo} into a non-file channel, which the JDK serves by copying 8 KiB at a
 * time through a user-space buffer (two system calls per 8 KiB of fetched data). Unlike its parent
 * it leaves the channel open when released: the channel belongs to the segment, which other readers
 * and the writer still use. Segment files are deleted only after a delay
 * ({@code file.delete.delay.ms}), so a region in flight stays readable; if the file shrank under it
 * anyway, the parent's transfer fails with an {@code IOException} and the connection closes.
 */
public final class FileSliceRegion extends DefaultFileRegion {

    public FileSliceRegion(FileChannel file, long position, long count) {
        super(file, position, count);
    }

    @Override
    protected void deallocate() {
        // The channel belongs to the segment, not to this region: do not close it.
    }
}
