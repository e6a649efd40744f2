package io.tributary.broker.network.internal;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enforces {@code max.connections} and {@code max.connections.per.ip}: a connection over either
 * limit is closed as soon as it is accepted. Shared by every channel of one listener; thread-safe.
 */
@ChannelHandler.Sharable
public final class ConnectionLimiter extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionLimiter.class);
    private static final AttributeKey<Boolean> COUNTED = AttributeKey.valueOf("tributary.counted");

    private final int maxConnections;
    private final int maxPerIp;
    private final AtomicInteger total = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, AtomicInteger> perIp = new ConcurrentHashMap<>();

    public ConnectionLimiter(int maxConnections, int maxPerIp) {
        this.maxConnections = maxConnections;
        this.maxPerIp = maxPerIp;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        InetAddress ip = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
        AtomicInteger ipCount = perIp.computeIfAbsent(ip, k -> new AtomicInteger());
        int n = total.incrementAndGet();
        int m = ipCount.incrementAndGet();
        ctx.channel().attr(COUNTED).set(Boolean.TRUE);
        if (n > maxConnections || m > maxPerIp) {
            LOG.warn("Refusing connection from {}: {} connections open (max.connections={}), {} from this address"
                    + " (max.connections.per.ip={})", ip, n, maxConnections, m, maxPerIp);
            ctx.close();
            return;
        }
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (Boolean.TRUE.equals(ctx.channel().attr(COUNTED).getAndSet(null))) {
            InetAddress ip = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
            total.decrementAndGet();
            perIp.computeIfPresent(ip, (k, c) -> c.decrementAndGet() == 0 ? null : c);
        }
        super.channelInactive(ctx);
    }

    /** Connections currently open on this listener. */
    public int openConnections() {
        return total.get();
    }
}
