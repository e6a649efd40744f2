package io.tributary.metadata.controller;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * Probes with a plain TCP connect, closed at once: refused means nothing listens there. A connect
 * blocks a thread for at most the timeout; the controller keeps at most one probe per broker in
 * flight, so the cached pool holds at most one thread per registered broker.
 */
final class TcpLivenessProber implements LivenessProber {

    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "controller-liveness-probe");
        t.setDaemon(true);
        return t;
    });

    @Override
    public CompletableFuture<LivenessProbe.Outcome> probe(String host, int port, long timeoutMs) {
        try {
            return CompletableFuture.supplyAsync(() -> connect(host, port, timeoutMs), executor);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(LivenessProbe.Outcome.NO_ANSWER);
        }
    }

    private static LivenessProbe.Outcome connect(String host, int port, long timeoutMs) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) Math.min(Integer.MAX_VALUE, timeoutMs));
            return LivenessProbe.Outcome.ACCEPTED;
        } catch (ConnectException e) {
            // ConnectException also covers a kernel-level "Connection timed out"; only a refusal
            // (an RST for the SYN: no socket listens) proves the process is gone.
            String message = e.getMessage();
            return message != null && message.toLowerCase(java.util.Locale.ROOT).contains("refused")
                    ? LivenessProbe.Outcome.REFUSED : LivenessProbe.Outcome.NO_ANSWER;
        } catch (IOException | RuntimeException e) {
            return LivenessProbe.Outcome.NO_ANSWER;
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
