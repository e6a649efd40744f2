package io.tributary.admin.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxy;
import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import org.apache.ratis.protocol.exceptions.AlreadyClosedException;
import org.apache.ratis.thirdparty.io.grpc.Status;
import org.apache.ratis.thirdparty.io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.Test;

class ExpectedPeerErrorsTest {
    private static final String RATIS_LOGGER = "org.apache.ratis.client.impl.OrderedAsync";

    /** What a follower logs on every retry while its leader is down: gRPC UNAVAILABLE over a refused connection. */
    private static Throwable unreachableLeader() {
        StatusRuntimeException grpc = new StatusRuntimeException(Status.UNAVAILABLE.withDescription("io exception")
                .withCause(new ConnectException("Connection refused: /127.10.0.1:37253")));
        IOException io = new IOException(grpc);
        return new CompletionException(io);
    }

    @Test
    void shouldSummarizeCauseChainWhenRatisLogsAnUnreachablePeer() {
        assertThat(ExpectedPeerErrors.brief(RATIS_LOGGER, new ThrowableProxy(unreachableLeader())))
                .contains("StatusRuntimeException: UNAVAILABLE: io exception <- ConnectException: Connection refused: /127.10.0.1:37253");
    }

    @Test
    void shouldSummarizeWhenTheRootIsAServerThatIsClosing() {
        assertThat(ExpectedPeerErrors.brief("org.apache.ratis.grpc.server.GrpcLogAppender",
                new ThrowableProxy(new AlreadyClosedException("2 is already CLOSED"))))
                .contains("AlreadyClosedException: 2 is already CLOSED");
    }

    @Test
    void shouldSummarizeACancelledCallButNotOtherGrpcStatuses() {
        assertThat(ExpectedPeerErrors.brief(RATIS_LOGGER,
                new ThrowableProxy(new StatusRuntimeException(Status.CANCELLED.withDescription("client cancelled")))))
                .contains("StatusRuntimeException: CANCELLED: client cancelled");
        assertThat(ExpectedPeerErrors.brief(RATIS_LOGGER,
                new ThrowableProxy(new StatusRuntimeException(Status.INTERNAL.withDescription("bad frame")))))
                .isEmpty();
    }

    @Test
    void shouldKeepStackTraceWhenTheRootCauseIsNotAnExpectedPeerError() {
        assertThat(ExpectedPeerErrors.brief(RATIS_LOGGER,
                new ThrowableProxy(new CompletionException(new IllegalStateException("invariant broken"))))).isEmpty();
    }

    @Test
    void shouldKeepStackTraceWhenTheLoggerIsNotRatis() {
        assertThat(ExpectedPeerErrors.brief("io.tributary.broker.server.TributaryNode",
                new ThrowableProxy(unreachableLeader()))).isEmpty();
        assertThat(ExpectedPeerErrors.brief(RATIS_LOGGER, null)).isEmpty();
    }

    @Test
    void shouldStopWalkingWhenACauseChainLoops() {
        ConnectException refused = new ConnectException("Connection refused");
        IOException a = new IOException("a", refused);
        // A proxy chain that never ends: the walk is bounded, and the last cause it reaches decides.
        ThrowableProxy looping = new ThrowableProxy(a) {
            @Override
            public ThrowableProxy getCause() {
                return this;
            }
        };
        assertThat(ExpectedPeerErrors.brief(RATIS_LOGGER, looping)).isEmpty();
    }

    @Test
    void shouldPrintOneIndentedLineForAnExpectedErrorAndTheStackOtherwise() {
        BriefPeerErrorConverter converter = new BriefPeerErrorConverter();
        converter.setContext(new LoggerContext());
        converter.start();

        String brief = converter.convert(event(RATIS_LOGGER, unreachableLeader()));
        String full = converter.convert(event(RATIS_LOGGER, new IllegalStateException("invariant broken")));

        assertThat(brief).startsWith("  cause: StatusRuntimeException: UNAVAILABLE").endsWith("Connection refused: /127.10.0.1:37253" + System.lineSeparator())
                .doesNotContain("\tat ");
        assertThat(full).contains("java.lang.IllegalStateException: invariant broken").contains("\tat ");
        assertThat(converter.convert(event(RATIS_LOGGER, null))).isEmpty();
    }

    private static LoggingEvent event(String logger, Throwable error) {
        LoggingEvent e = new LoggingEvent();
        e.setLoggerName(logger);
        e.setLevel(Level.ERROR);
        e.setMessage("failed");
        if (error != null) {
            e.setThrowableProxy(new ThrowableProxy(error));
        }
        return e;
    }
}
