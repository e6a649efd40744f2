package io.tributary.metadata.quorum;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.tributary.metadata.quorum.QuorumTestCluster.Node;

/**
 * Figures harness, not a test (run by hand): a 3-voter in-process quorum on loopback with the
 * default quorum settings ({@code controller.quorum.election.timeout.ms=1000}).
 *
 * <ul>
 *   <li>Controller failover: close the leader's server abruptly (no leadership hand-over), then time
 *       (a) until a survivor is the ready leader and (b) until a write proposed through a survivor
 *       commits. Repeated {@code trials} times, restarting the closed node in between.</li>
 *   <li>Write latency: sequential small entries proposed on the leader, each awaited.</li>
 *   <li>Stability: the term over an idle period (property {@code probe.idle.ms}); any change is a
 *       spurious election, i.e. leader churn.</li>
 * </ul>
 * In-process close is not SIGKILL: the closed server's sockets close early, so peers see
 * connection errors at once; followers still only campaign after their election timeout.
 *
 * <p>Usage: {@code QuorumFailoverProbe [trials] [writes]}.
 */
public final class QuorumFailoverProbe {

    private QuorumFailoverProbe() {
    }

    public static void main(String[] args) throws Exception {
        int trials = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int writes = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        Path dir = Files.createTempDirectory("quorum-probe");
        String requestTimeout = System.getProperty("probe.request.timeout.ms");
        Map<String, String> defaults = new HashMap<>();
        defaults.put(QuorumConfig.ELECTION_TIMEOUT_MS, System.getProperty("probe.election.timeout.ms",
                Integer.toString(QuorumConfig.DEFAULT_ELECTION_TIMEOUT_MS)));
        defaults.put(QuorumConfig.RETRY_BACKOFF_MS, Integer.toString(QuorumConfig.DEFAULT_RETRY_BACKOFF_MS));
        defaults.put(QuorumConfig.CLIENT_DEADLINE_MS, Integer.toString(QuorumConfig.DEFAULT_CLIENT_DEADLINE_MS));
        if (requestTimeout != null) {
            defaults.put(QuorumConfig.REQUEST_TIMEOUT_MS, requestTimeout);
        }
        try (QuorumTestCluster cluster = new QuorumTestCluster(dir, 3, 0, defaults).startAll()) {
            Node leader = cluster.awaitLeader();
            QuorumTestCluster.put(leader, "warm", "up");

            long[] latencyUs = new long[writes];
            byte[] entry = "k=small-value-of-32-bytes-xxxxxx".getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < writes; i++) {
                long t0 = System.nanoTime();
                leader.quorum.propose(entry).get(10, TimeUnit.SECONDS);
                latencyUs[i] = (System.nanoTime() - t0) / 1_000;
            }
            Arrays.sort(latencyUs);
            System.out.printf("write latency (%d sequential %d-byte entries on the leader): p50=%.2f ms p99=%.2f ms max=%.2f ms%n",
                    writes, entry.length, pct(latencyUs, 50) / 1000.0, pct(latencyUs, 99) / 1000.0,
                    latencyUs[writes - 1] / 1000.0);

            // Leader churn: with nothing failing, the term must not move while the machine is busy.
            long termBefore = leader.quorum.currentTerm();
            long idleMs = Long.getLong("probe.idle.ms", 30_000L);
            Thread.sleep(idleMs);
            System.out.printf("stability: term %d -> %d over %d ms idle (0 = no spurious elections)%n",
                    termBefore, cluster.awaitLeader().quorum.currentTerm(), idleMs);

            long[] readyMs = new long[trials];
            long[] writeMs = new long[trials];
            for (int t = 0; t < trials; t++) {
                leader = cluster.awaitLeader();
                Node survivor = cluster.anyFollower(leader);
                long t0 = System.nanoTime();
                // Closing a Ratis server can itself take seconds (it drains and snapshots); the
                // others notice the leader is gone as soon as it stops answering, so close it in the
                // background and start the clock now.
                int victim = leader.id;
                CompletableFuture<Void> closing = CompletableFuture.runAsync(() -> {
                    try {
                        cluster.stop(victim);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                survivor.quorum.propose(("trial=" + t).getBytes(StandardCharsets.UTF_8)).get(30, TimeUnit.SECONDS);
                writeMs[t] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                // The write can still reach the old leader before its close gets going; then it says
                // nothing about failover.
                boolean servedByOldLeader = false;
                Node newLeader = cluster.awaitLeader();
                readyMs[t] = newLeader.readyAtNs == 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(newLeader.readyAtNs - t0);
                servedByOldLeader = writeMs[t] < readyMs[t];
                System.out.printf("trial %d: killed %d, new controller %d ready after %d ms, first write committed after %d ms%s%n",
                        t, leader.id, newLeader.id, readyMs[t], writeMs[t],
                        servedByOldLeader ? " (served by the old leader; not counted)" : "");
                if (servedByOldLeader) {
                    writeMs[t] = readyMs[t];
                }
                closing.get(60, TimeUnit.SECONDS);
                cluster.start(leader.id);
            }
            Arrays.sort(readyMs);
            Arrays.sort(writeMs);
            System.out.printf("failover over %d trials: controller ready p50=%d ms max=%d ms; first write p50=%d ms max=%d ms%n",
                    trials, pct(readyMs, 50), readyMs[trials - 1], pct(writeMs, 50), writeMs[trials - 1]);
        }
    }

    private static long pct(long[] sorted, int percentile) {
        int i = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }
}
