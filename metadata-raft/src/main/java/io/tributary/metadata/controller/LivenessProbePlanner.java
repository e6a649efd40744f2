package io.tributary.metadata.controller;

import io.tributary.metadata.image.BrokerRegistration;
import io.tributary.metadata.image.MetadataImage;
import io.tributary.metadata.record.Endpoint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides which brokers the active controller probes for liveness, and what a probe's answer means.
 *
 * <p>Why: the session timeout must be long (seconds) so that a GC pause, a busy CPU or a short
 * network hiccup never fences a live broker, but a broker whose process died should be fenced at
 * once, so its leaderships move within a couple of seconds. A SIGKILLed (or crashed) process loses
 * its listening socket: a TCP connect to it is refused by the kernel. A paused process still has
 * its socket (the kernel completes the handshake into the backlog) and an isolated one does not
 * answer, so for those the probe proves nothing and the session timeout stays in charge — Kafka's
 * semantics, where a slow broker is not a dead one.
 *
 * <p>A broker is probed when it is unfenced and silent: it has not contacted this controller since
 * the controller became active (after a failover the old controller's own broker is often the dead
 * one), or not for more than two heartbeat intervals — or at once when a follower reports that its
 * connection to the broker failed. At most one probe per broker is in flight, and a silent broker
 * is probed again at most once per heartbeat interval. Pure; confined to the controller thread.
 */
final class LivenessProbePlanner {

    private final long heartbeatIntervalMs;
    private final Map<Integer, Long> inFlightSinceMs = new HashMap<>();
    private final Map<Integer, Long> lastProbeMs = new HashMap<>();
    /** Brokers another broker reported unreachable: probed at the next chance, silent or not. */
    private final java.util.Set<Integer> reported = new java.util.HashSet<>();

    LivenessProbePlanner(long heartbeatIntervalMs) {
        this.heartbeatIntervalMs = heartbeatIntervalMs;
    }

    /** The probes to start now; each is in flight until {@link #onResult}. */
    List<LivenessProbe> due(MetadataImage image, BrokerHeartbeatManager sessions, long nowMs) {
        List<LivenessProbe> probes = new ArrayList<>();
        for (BrokerRegistration b : image.brokers().values()) {
            if (b.fenced() || b.endpoints().isEmpty() || inFlightSinceMs.containsKey(b.id())) {
                continue;
            }
            boolean silent = !sessions.hasHeard(b.id()) || nowMs - sessions.lastContactMs(b.id()) > 2 * heartbeatIntervalMs;
            Long last = lastProbeMs.get(b.id());
            if (reported.remove(b.id()) || silent && (last == null || nowMs - last >= heartbeatIntervalMs)) {
                Endpoint e = b.endpoints().get(0);
                probes.add(new LivenessProbe(b.id(), b.epoch(), e.host(), e.port(), nowMs));
                inFlightSinceMs.put(b.id(), nowMs);
                lastProbeMs.put(b.id(), nowMs);
            }
        }
        probes.sort((x, y) -> Integer.compare(x.brokerId(), y.brokerId()));
        return probes;
    }

    /**
     * Another broker's connection to {@code brokerId} failed (a follower fetching from its leader):
     * probe it at the next chance rather than after two heartbeat intervals of silence.
     */
    void onReportedUnreachable(int brokerId) {
        reported.add(brokerId);
    }

    /**
     * A probe finished. REFUSED ends the broker's session (so the next tick fences it) unless the
     * broker contacted this controller after the probe started or registered again since. Returns
     * whether the session ended.
     */
    boolean onResult(LivenessProbe probe, LivenessProbe.Outcome outcome, MetadataImage image, BrokerHeartbeatManager sessions) {
        Long since = inFlightSinceMs.get(probe.brokerId());
        if (since != null && since == probe.startedMs()) {
            inFlightSinceMs.remove(probe.brokerId());
        }
        if (outcome != LivenessProbe.Outcome.REFUSED) {
            return false;
        }
        BrokerRegistration b = image.broker(probe.brokerId());
        if (b == null || b.fenced() || b.epoch() != probe.brokerEpoch()) {
            return false;
        }
        return sessions.onFoundDead(probe.brokerId(), probe.startedMs());
    }
}
