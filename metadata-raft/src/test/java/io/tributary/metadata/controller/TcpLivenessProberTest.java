package io.tributary.metadata.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The TCP probe against real loopback sockets: a listener accepts, a closed port refuses. */
class TcpLivenessProberTest {

    private final TcpLivenessProber prober = new TcpLivenessProber();

    @AfterEach
    void close() {
        prober.close();
    }

    @Test
    void shouldReportAcceptedWhenSomethingListens() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThat(prober.probe("127.0.0.1", server.getLocalPort(), 1000).get(5, TimeUnit.SECONDS))
                    .isEqualTo(LivenessProbe.Outcome.ACCEPTED);
        }
    }

    @Test
    void shouldReportRefusedWhenNothingListens() throws Exception {
        int port;
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = server.getLocalPort();
        }

        assertThat(prober.probe("127.0.0.1", port, 1000).get(5, TimeUnit.SECONDS)).isEqualTo(LivenessProbe.Outcome.REFUSED);
    }

    @Test
    void shouldReportNoAnswerWhenTheHostCannotBeResolved() throws Exception {
        assertThat(prober.probe("no-such-host.invalid", 9092, 1000).get(5, TimeUnit.SECONDS))
                .isEqualTo(LivenessProbe.Outcome.NO_ANSWER);
    }
}
