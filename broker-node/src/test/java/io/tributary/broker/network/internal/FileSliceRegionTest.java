package io.tributary.broker.network.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A segment slice written through the listener's transport (native epoll where available, as in
 * production) arrives byte for byte, and releasing the region leaves the segment's channel open.
 */
@Timeout(30)
class FileSliceRegionTest {
    private static final int FILE_BYTES = 3 << 20;

    @TempDir
    Path dir;

    @Test
    void shouldSendTheSliceExactlyAndLeaveTheChannelOpenWhenWrittenToASocket() throws Exception {
        byte[] content = new byte[FILE_BYTES];
        new Random(42).nextBytes(content);
        Path file = dir.resolve("00000000000000000000.log");
        Files.write(file, content);
        long position = 1_000;
        long count = FILE_BYTES - 5_000;

        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            CompletableFuture<Integer> refCntAfterWrite = new CompletableFuture<>();
            boolean epoll = Epoll.isAvailable();
            IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
            Class<? extends ServerChannel> type = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
            EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, io);
            try {
                Channel server = new ServerBootstrap().group(group).channel(type)
                        .childHandler(new ChannelInitializer<SocketChannel>() {
                            @Override
                            protected void initChannel(SocketChannel ch) {
                                ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                                    @Override
                                    public void channelActive(ChannelHandlerContext ctx) {
                                        FileSliceRegion region = new FileSliceRegion(channel, position, count);
                                        ctx.writeAndFlush(region).addListener(f -> refCntAfterWrite.complete(region.refCnt()))
                                                .addListener(ChannelFutureListener.CLOSE);
                                    }
                                });
                            }
                        })
                        .bind("127.0.0.1", 0).sync().channel();
                byte[] received;
                try (Socket socket = new Socket()) {
                    socket.connect(server.localAddress(), 5_000);
                    socket.setSoTimeout(10_000);
                    received = readAll(socket.getInputStream());
                }
                server.close().sync();

                assertThat(received).hasSize((int) count);
                assertThat(Arrays.equals(received, Arrays.copyOfRange(content, (int) position, (int) (position + count)))).isTrue();
                assertThat(refCntAfterWrite.get(10, TimeUnit.SECONDS)).isZero();
                assertThat(channel.isOpen()).isTrue();
                ByteBuffer first = ByteBuffer.allocate(16);
                channel.read(first, 0);
                assertThat(first.array()).isEqualTo(Arrays.copyOf(content, 16));
            } finally {
                group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            }
        }
    }

    private static byte[] readAll(InputStream in) throws java.io.IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[64 << 10];
        for (int n; (n = in.read(buf)) >= 0; ) {
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }
}
