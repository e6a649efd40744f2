package io.tributary.broker.network;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.tributary.broker.network.internal.ConnectionLimiter;
import io.tributary.broker.network.internal.KafkaChannelHandler;
import io.tributary.broker.network.internal.KafkaFrameDecoder;
import io.tributary.broker.protocol.RequestDispatcher;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka-protocol listener: accepts connections, frames and decodes requests, and hands them to
 * the {@link RequestDispatcher}. Uses native epoll where available (zero-copy sendfile either way).
 */
public final class KafkaServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaServer.class);

    private final NetworkConfig config;
    private final RequestDispatcher dispatcher;
    private final ConnectionLimiter limiter;
    private EventLoopGroup bossGroup;
    private EventLoopGroup workerGroup;
    private Channel serverChannel;

    public KafkaServer(NetworkConfig config, RequestDispatcher dispatcher) {
        this.config = config;
        this.dispatcher = dispatcher;
        this.limiter = new ConnectionLimiter(config.maxConnections(), config.maxConnectionsPerIp());
    }

    /** Binds the listener; returns the address actually bound (useful with port 0). */
    public synchronized InetSocketAddress start() throws InterruptedException {
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channelType = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        bossGroup = new MultiThreadIoEventLoopGroup(1, io);
        workerGroup = new MultiThreadIoEventLoopGroup(Math.max(2, Runtime.getRuntime().availableProcessors()), io);
        int highWater = (int) Math.min(Integer.MAX_VALUE, config.maxQueuedResponseBytes());
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(highWater / 2, highWater))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast("limits", limiter)
                                .addLast("idle", new IdleStateHandler(0, 0, config.connectionsMaxIdleMs(), TimeUnit.MILLISECONDS))
                                .addLast("frames", new KafkaFrameDecoder(config.maxFrameBytes(), config.frameReadTimeoutMs()))
                                .addLast("requests", new KafkaChannelHandler(dispatcher, config.maxInflightRequests()));
                    }
                });
        // socket.send/receive.buffer.bytes (defaults in NetworkConfig): measured on loopback, an auto-tuned
        // send buffer (up to net.ipv4.tcp_wmem's 4 MiB) made sending fetch data cost the broker ~40 % more
        // kernel time per byte than Kafka's fixed 100 KiB.
        if (config.sendBufferBytes() != NetworkConfig.OS_DEFAULT_BUFFER) {
            bootstrap.childOption(ChannelOption.SO_SNDBUF, config.sendBufferBytes());
        }
        if (config.receiveBufferBytes() != NetworkConfig.OS_DEFAULT_BUFFER) {
            // Set on the listening socket so that accepted connections start with it (window scaling).
            bootstrap.option(ChannelOption.SO_RCVBUF, config.receiveBufferBytes());
        }
        serverChannel = bootstrap.bind(config.host(), config.port()).sync().channel();
        InetSocketAddress bound = (InetSocketAddress) serverChannel.localAddress();
        LOG.info("Kafka listener bound to {}:{} ({})", bound.getHostString(), bound.getPort(), epoll ? "epoll" : "nio");
        return bound;
    }

    /** Connections currently open. */
    public int openConnections() {
        return limiter.openConnections();
    }

    @Override
    public synchronized void close() {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
            serverChannel = null;
        }
        if (bossGroup != null) {
            bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            bossGroup = null;
            workerGroup = null;
        }
    }
}
