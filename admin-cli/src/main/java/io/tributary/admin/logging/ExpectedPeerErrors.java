package io.tributary.admin.logging;

import ch.qos.logback.classic.spi.IThrowableProxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Tells the errors that the metadata quorum's library (Ratis and its shaded gRPC) logs whenever a
 * peer stops, restarts or is unreachable, from everything else. Ratis logs those with a full stack
 * trace (a follower that lost its leader logs ~30 lines per retry); they are the expected state of a
 * cluster during a failover, so an operator needs the one line saying what failed, not the frames.
 *
 * <p>An error counts as expected when it is logged by a Ratis logger and the root of its cause chain
 * is one of a fixed set: a refused or reset connection, a closed or not yet ready server, a peer that
 * is not (or not yet) the leader, an interrupted thread (a stopping server), or a gRPC call that was
 * cancelled, found no peer, or ran out of time. Anything else keeps its stack trace.
 */
public final class ExpectedPeerErrors {
    private static final String RATIS_LOGGERS = "org.apache.ratis";
    private static final Set<String> EXPECTED_ROOTS = Set.of(
            "java.net.ConnectException",
            "java.net.NoRouteToHostException",
            "java.net.SocketException",
            "java.nio.channels.ClosedChannelException",
            "java.lang.InterruptedException",
            "org.apache.ratis.protocol.exceptions.AlreadyClosedException",
            "org.apache.ratis.protocol.exceptions.ServerNotReadyException",
            "org.apache.ratis.protocol.exceptions.LeaderNotReadyException",
            "org.apache.ratis.protocol.exceptions.NotLeaderException",
            "org.apache.ratis.protocol.exceptions.TimeoutIOException");
    private static final Set<String> GRPC_STATUS_EXCEPTIONS = Set.of(
            "org.apache.ratis.thirdparty.io.grpc.StatusRuntimeException",
            "org.apache.ratis.thirdparty.io.grpc.StatusException");
    private static final List<String> EXPECTED_GRPC_STATUSES = List.of("UNAVAILABLE", "CANCELLED", "DEADLINE_EXCEEDED");
    /** Bounds the walk down a cause chain (a chain can, in theory, loop). */
    private static final int MAX_CAUSES = 16;

    private ExpectedPeerErrors() {
    }

    /**
     * One line for {@code error} logged by {@code loggerName} if it is expected: its cause chain,
     * outermost first, joined by " <- " (wrappers that only repeat their cause left out); empty if
     * it needs its stack trace.
     */
    public static Optional<String> brief(String loggerName, IThrowableProxy error) {
        if (error == null || loggerName == null || !loggerName.startsWith(RATIS_LOGGERS)) {
            return Optional.empty();
        }
        List<IThrowableProxy> chain = new ArrayList<>();
        for (IThrowableProxy t = error; t != null && chain.size() < MAX_CAUSES; t = t.getCause()) {
            chain.add(t);
        }
        if (!isExpectedRoot(chain.get(chain.size() - 1))) {
            return Optional.empty();
        }
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < chain.size(); i++) {
            // A wrapper made from its cause alone (new IOException(cause)) only repeats that cause.
            if (i + 1 < chain.size() && isPlainWrapperOf(chain.get(i), chain.get(i + 1))) {
                continue;
            }
            parts.add(describe(chain.get(i)));
        }
        return Optional.of(String.join(" <- ", parts));
    }

    private static boolean isExpectedRoot(IThrowableProxy root) {
        if (EXPECTED_ROOTS.contains(root.getClassName())) {
            return true;
        }
        String message = root.getMessage();
        return GRPC_STATUS_EXCEPTIONS.contains(root.getClassName()) && message != null
                && EXPECTED_GRPC_STATUSES.stream().anyMatch(message::startsWith);
    }

    private static boolean isPlainWrapperOf(IThrowableProxy wrapper, IThrowableProxy cause) {
        String message = wrapper.getMessage();
        return message == null || message.equals(cause.getClassName())
                || message.equals(cause.getClassName() + ": " + cause.getMessage());
    }

    private static String describe(IThrowableProxy t) {
        String name = t.getClassName().substring(t.getClassName().lastIndexOf('.') + 1);
        return t.getMessage() == null ? name : name + ": " + t.getMessage();
    }
}
