package io.tributary.broker.network.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import io.tributary.broker.protocol.KafkaRequest;
import io.tributary.broker.protocol.RequestDispatcher;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionException;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.network.Send;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.SendBuilder;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.RequestHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes each frame into a request, dispatches it, and writes the responses back in request
 * order. One instance per connection, confined to its event loop.
 *
 * <p>Back-pressure: the connection stops reading (autoRead off) while it has
 * {@code maxInflight} requests without a released response, or while Netty's outbound buffer is
 * above its high-water mark, and resumes when both have drained.
 *
 * <p>A frame whose header cannot be parsed, whose api key is unknown, or whose version we do not
 * serve closes the connection with one log line, as Kafka does; other connections are unaffected.
 */
public final class KafkaChannelHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaChannelHandler.class);

    /** What goes back for one request: the response and the version to encode it at. */
    private record Reply(RequestHeader header, AbstractResponse response, short version) {
    }

    private final RequestDispatcher dispatcher;
    private final int maxInflight;
    private final ResponseSequencer<Reply> sequencer = new ResponseSequencer<>();
    private boolean closing;

    public KafkaChannelHandler(RequestDispatcher dispatcher, int maxInflight) {
        this.dispatcher = dispatcher;
        this.maxInflight = maxInflight;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        if (closing) {
            frame.release();
            return;
        }
        KafkaRequest request;
        short responseVersion;
        try {
            ByteBuffer nio = frame.nioBuffer();
            RequestHeader header = RequestHeader.parse(nio);
            ApiKeys key = header.apiKey();
            AbstractRequest body;
            if (key == ApiKeys.API_VERSIONS && !dispatcher.supports(key, header.apiVersion())) {
                // KIP-511: answer an ApiVersions we cannot parse as v0, with UNSUPPORTED_VERSION.
                body = new ApiVersionsRequest(new ApiVersionsRequestData(), (short) 0, header.apiVersion());
                responseVersion = 0;
            } else if (!dispatcher.supports(key, header.apiVersion())) {
                reject(ctx, frame, key + " v" + header.apiVersion() + " is not supported");
                return;
            } else {
                body = AbstractRequest.parseRequest(key, header.apiVersion(), new ByteBufferAccessor(nio)).request;
                responseVersion = header.apiVersion();
            }
            request = new KafkaRequest(header, body, (InetSocketAddress) ctx.channel().remoteAddress(), System.nanoTime());
        } catch (RuntimeException e) {
            reject(ctx, frame, "unparsable request (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
            return;
        }

        boolean noResponse = request.apiKey() == ApiKeys.PRODUCE && ((ProduceRequest) request.body()).acks() == 0;
        ResponseSequencer.Slot<Reply> slot = sequencer.reserve();
        updateAutoRead(ctx);
        final short version = responseVersion;
        dispatcher.dispatch(request).whenComplete((response, error) -> {
            Reply reply = toReply(request, response, error, version, noResponse);
            if (ctx.executor().inEventLoop()) {
                release(ctx, frame, slot, reply);
            } else {
                ctx.executor().execute(() -> release(ctx, frame, slot, reply));
            }
        });
    }

    private static Reply toReply(KafkaRequest request, AbstractResponse response, Throwable error,
                                 short version, boolean noResponse) {
        if (noResponse) {
            return null;
        }
        if (error != null) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (!(cause instanceof org.apache.kafka.common.errors.ApiException)) {
                LOG.error("Unexpected error serving {} from {}", request.header(), request.clientAddress(), cause);
            }
            return new Reply(request.header(), request.body().getErrorResponse(cause), version);
        }
        return response == null ? null : new Reply(request.header(), response, version);
    }

    private void release(ChannelHandlerContext ctx, ByteBuf frame, ResponseSequencer.Slot<Reply> slot, Reply reply) {
        frame.release();
        boolean wrote = false;
        for (Reply ready : sequencer.complete(slot, reply)) {
            if (!ctx.channel().isActive()) {
                break;
            }
            try {
                Send send = SendBuilder.buildResponseSend(ready.header.toResponseHeader(), ready.response.data(), ready.version);
                ChannelWritingTransfer.write(ctx, send);
                wrote = true;
            } catch (IOException | RuntimeException e) {
                LOG.error("Closing connection from {}: cannot encode response to {}", ctx.channel().remoteAddress(), ready.header, e);
                ctx.close();
                return;
            }
        }
        if (wrote) {
            ctx.flush();
        }
        updateAutoRead(ctx);
    }

    private void updateAutoRead(ChannelHandlerContext ctx) {
        boolean read = !closing && sequencer.inflight() < maxInflight && ctx.channel().isWritable();
        if (ctx.channel().config().isAutoRead() != read) {
            ctx.channel().config().setAutoRead(read);
        }
    }

    private void reject(ChannelHandlerContext ctx, ByteBuf frame, String why) {
        frame.release();
        closing = true;
        LOG.warn("Closing connection from {}: {}", ctx.channel().remoteAddress(), why);
        ctx.close();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        updateAutoRead(ctx);
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            LOG.info("Closing idle connection from {} (connections.max.idle.ms)", ctx.channel().remoteAddress());
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            LOG.debug("Connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        } else {
            LOG.warn("Closing connection from {} after an unexpected error", ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }
}
