package io.tributary.broker.network;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.nio.channels.Channel;
import java.nio.channels.DatagramChannel;
import java.nio.channels.Pipe;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.AbstractSelector;
import java.nio.channels.spi.SelectorProvider;
import java.util.Optional;

/**
 * The JDK's selector provider, except that every TCP socket channel it opens is bound to the
 * node's {@link SourceAddress} before it connects. Installed per process with
 * {@code -Djava.nio.channels.spi.SelectorProvider=io.tributary.broker.network.SourceBoundSelectorProvider}
 * (plus {@code --add-exports java.base/sun.nio.ch=ALL-UNNAMED} to reach the JDK's own provider).
 *
 * <p>Why a provider: the metadata quorum's peer and client connections are made by Ratis through
 * gRPC/Netty, which offer no setting for a local address (Ratis 3.3 builds its channels with
 * {@code NettyChannelBuilder.forTarget} and no local socket picker). Netty opens NIO channels
 * through the default provider, so binding here covers Ratis and any other NIO client in the node.
 * Ratis's gRPC must use NIO for this: its (shaded) Netty's native epoll transport opens sockets
 * itself, so the node JVM also gets {@code -D}{@value #RATIS_NO_NATIVE_TRANSPORT}{@code =true}.
 */
public final class SourceBoundSelectorProvider extends SelectorProvider {
    /** The system property that turns off the native transports of the Netty shaded into Ratis. */
    public static final String RATIS_NO_NATIVE_TRANSPORT = "org.apache.ratis.thirdparty.io.netty.transport.noNative";

    private final SelectorProvider jdk = jdkProvider();
    private final Optional<InetSocketAddress> source = SourceAddress.configured();

    private static SelectorProvider jdkProvider() {
        try {
            return (SelectorProvider) Class.forName("sun.nio.ch.DefaultSelectorProvider").getMethod("get").invoke(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("Cannot reach the JDK's selector provider; start the JVM with "
                    + "--add-exports java.base/sun.nio.ch=ALL-UNNAMED", e);
        }
    }

    @Override
    public SocketChannel openSocketChannel() throws IOException {
        return bound(jdk.openSocketChannel());
    }

    @Override
    public SocketChannel openSocketChannel(ProtocolFamily family) throws IOException {
        SocketChannel channel = jdk.openSocketChannel(family);
        return family == StandardProtocolFamily.UNIX ? channel : bound(channel);
    }

    private SocketChannel bound(SocketChannel channel) throws IOException {
        if (source.isPresent()) {
            try {
                channel.bind(source.get());
            } catch (IOException e) {
                channel.close();
                throw e;
            }
        }
        return channel;
    }

    @Override
    public ServerSocketChannel openServerSocketChannel() throws IOException {
        return jdk.openServerSocketChannel();
    }

    @Override
    public ServerSocketChannel openServerSocketChannel(ProtocolFamily family) throws IOException {
        return jdk.openServerSocketChannel(family);
    }

    @Override
    public DatagramChannel openDatagramChannel() throws IOException {
        return jdk.openDatagramChannel();
    }

    @Override
    public DatagramChannel openDatagramChannel(ProtocolFamily family) throws IOException {
        return jdk.openDatagramChannel(family);
    }

    @Override
    public Pipe openPipe() throws IOException {
        return jdk.openPipe();
    }

    @Override
    public AbstractSelector openSelector() throws IOException {
        return jdk.openSelector();
    }

    @Override
    public Channel inheritedChannel() throws IOException {
        return jdk.inheritedChannel();
    }
}
