package io.tributary.broker.network.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import org.apache.kafka.common.network.Send;
import org.apache.kafka.common.network.TransferableChannel;

/**
 * Adapts kafka-clients' {@link Send} (a serialised response, possibly with file-backed records) to
 * a Netty channel: heap parts become wrapped buffers, file parts become {@link FileSliceRegion}s,
 * so record data goes from the page cache to the socket without a copy through the JVM heap.
 * Used on the channel's event loop only.
 */
public final class ChannelWritingTransfer implements TransferableChannel {
    private final ChannelHandlerContext ctx;
    private boolean open = true;

    private ChannelWritingTransfer(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /** Queues the whole send on the channel (the caller flushes); returns its size in bytes. */
    public static long write(ChannelHandlerContext ctx, Send send) throws java.io.IOException {
        ChannelWritingTransfer transfer = new ChannelWritingTransfer(ctx);
        long total = 0;
        // Every write below is accepted whole, so one or two rounds complete the send.
        for (int round = 0; !send.completed(); round++) {
            if (round > 1_000_000) {
                throw new IllegalStateException("send did not complete: " + send);
            }
            total += send.writeTo(transfer);
        }
        transfer.open = false;
        return total;
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) {
        long n = 0;
        for (int i = offset; i < offset + length; i++) {
            n += write(srcs[i]);
        }
        return n;
    }

    @Override
    public long write(ByteBuffer[] srcs) {
        return write(srcs, 0, srcs.length);
    }

    @Override
    public int write(ByteBuffer src) {
        int n = src.remaining();
        if (n > 0) {
            // The send's buffers are not reused after this, so wrapping (no copy) is safe.
            ByteBuf buf = Unpooled.wrappedBuffer(src.slice());
            src.position(src.limit());
            ctx.write(buf, ctx.voidPromise());
        }
        return n;
    }

    @Override
    public long transferFrom(FileChannel fileChannel, long position, long count) {
        if (count > 0) {
            ctx.write(new FileSliceRegion(fileChannel, position, count), ctx.voidPromise());
        }
        return count;
    }

    @Override
    public boolean hasPendingWrites() {
        return false;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        open = false;
    }
}
