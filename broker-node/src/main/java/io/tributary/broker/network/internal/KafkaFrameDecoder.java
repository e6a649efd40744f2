package io.tributary.broker.network.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits the byte stream into Kafka frames ({@code int32 size} followed by {@code size} bytes) and
 * emits each frame as a retained slice without its size prefix.
 *
 * <p>The size is checked before anything is buffered for it: a negative size or one above
 * {@code socket.request.max.bytes} (such as the first bytes of {@code GET / HTTP/1.1}) closes the
 * connection at once. A frame that has started but does not complete within the read deadline
 * also closes it, so a slow or stalled peer cannot hold a buffer forever. One instance per channel.
 */
public final class KafkaFrameDecoder extends ByteToMessageDecoder {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaFrameDecoder.class);
    private static final int SIZE_BYTES = 4;

    private final int maxFrameBytes;
    private final long frameReadTimeoutMs;
    private long framesDecoded;
    private ScheduledFuture<?> deadline;
    private long deadlineForFrame = -1;

    public KafkaFrameDecoder(int maxFrameBytes, long frameReadTimeoutMs) {
        this.maxFrameBytes = maxFrameBytes;
        this.frameReadTimeoutMs = frameReadTimeoutMs;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.readableBytes() >= SIZE_BYTES) {
            int size = in.getInt(in.readerIndex());
            if (size < 0 || size > maxFrameBytes) {
                LOG.warn("Closing connection from {}: invalid frame size {} (socket.request.max.bytes={})",
                        ctx.channel().remoteAddress(), size, maxFrameBytes);
                in.skipBytes(in.readableBytes());
                ctx.close();
                return;
            }
            if (in.readableBytes() < SIZE_BYTES + size) {
                armDeadline(ctx);
                return;
            }
            in.skipBytes(SIZE_BYTES);
            out.add(in.readRetainedSlice(size));
            framesDecoded++;
        }
        if (in.isReadable()) {
            armDeadline(ctx);
        }
    }

    /** Starts the clock for the frame now in progress, once per frame. */
    private void armDeadline(ChannelHandlerContext ctx) {
        if (deadlineForFrame == framesDecoded) {
            return;
        }
        if (deadline != null) {
            deadline.cancel(false);
        }
        long frame = framesDecoded;
        deadlineForFrame = frame;
        deadline = ctx.executor().schedule(() -> {
            if (framesDecoded == frame && internalBuffer().isReadable() && ctx.channel().isActive()) {
                LOG.warn("Closing connection from {}: frame incomplete after {} ms",
                        ctx.channel().remoteAddress(), frameReadTimeoutMs);
                ctx.close();
            }
        }, frameReadTimeoutMs, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        if (deadline != null) {
            deadline.cancel(false);
        }
    }
}
