package io.tributary.metadata.controller;

import io.tributary.metadata.image.BrokerRegistration;
import io.tributary.metadata.image.MetadataImage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Broker sessions: soft state that never reaches the log (KRaft's BrokerHeartbeatManager). Only the
 * active controller has one, and a new controller starts every registered broker's session afresh
 * at activation, so a failover may delay fencing by up to one session timeout but never fences a
 * broker that kept heartbeating. Pure; confined to the controller thread.
 */
final class BrokerHeartbeatManager {

    private static final class Session {
        long lastContactMs;
        /** Whether the broker itself contacted this controller (not just a session started at activation). */
        boolean heard;
        long metadataOffset = -1L;
        /** Offset at which the broker was seen in controlled shutdown; -1 until then. */
        long controlledShutdownOffset = -1L;
        /** A liveness probe found nothing listening after the last contact: the process is gone. */
        boolean foundDead;
    }

    private final long sessionTimeoutMs;
    private final Map<Integer, Session> sessions = new HashMap<>();
    private long activatedAtMs;

    BrokerHeartbeatManager(long sessionTimeoutMs) {
        this.sessionTimeoutMs = sessionTimeoutMs;
    }

    /** Starts a fresh session for every registered broker. */
    void activate(MetadataImage image, long nowMs) {
        activatedAtMs = nowMs;
        sessions.clear();
        for (BrokerRegistration b : image.brokers().values()) {
            startSession(b.id(), nowMs);
        }
    }

    private void startSession(int brokerId, long nowMs) {
        Session s = sessions.computeIfAbsent(brokerId, id -> new Session());
        s.lastContactMs = nowMs;
        s.foundDead = false;
    }

    /** The broker contacted this controller (a heartbeat or a registration). */
    void touch(int brokerId, long nowMs, long metadataOffset) {
        Session s = sessions.computeIfAbsent(brokerId, id -> new Session());
        s.lastContactMs = nowMs;
        s.heard = true;
        s.foundDead = false;
        s.metadataOffset = Math.max(s.metadataOffset, metadataOffset);
    }

    /**
     * When the broker last contacted this controller, or when its session started (activation),
     * whichever is later; -1 for a broker without a session.
     */
    long lastContactMs(int brokerId) {
        Session s = sessions.get(brokerId);
        return s == null ? -1L : s.lastContactMs;
    }

    /** Whether the broker itself contacted this controller since it became active. */
    boolean hasHeard(int brokerId) {
        Session s = sessions.get(brokerId);
        return s != null && s.heard;
    }

    /**
     * A liveness probe started at {@code probeStartedMs} found nothing listening on the broker's
     * address. Unless the broker contacted this controller since, its session ends now. Returns
     * whether this call ended it (false when an earlier probe already had).
     */
    boolean onFoundDead(int brokerId, long probeStartedMs) {
        Session s = sessions.get(brokerId);
        if (s == null || s.foundDead || s.lastContactMs > probeStartedMs) {
            return false; // unknown, already found dead by an earlier probe, or heard from since
        }
        s.foundDead = true;
        return true;
    }

    /**
     * Whether an unfenced broker has not contacted this controller yet, within {@code graceMs} of
     * activation: a live broker will within a heartbeat interval; one that stays silent is probably
     * dead, though it stays unfenced until its session expires.
     */
    boolean awaitingFirstContact(MetadataImage image, long nowMs, long graceMs) {
        if (nowMs - activatedAtMs >= graceMs) {
            return false;
        }
        for (BrokerRegistration b : image.brokers().values()) {
            Session s = sessions.get(b.id());
            if (b.isActive() && (s == null || !s.heard)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Brokers that contacted this controller since it became active. Right after a failover the
     * others may be dead (the old controller's own broker, typically) though not yet fenced.
     */
    Set<Integer> heardFrom() {
        Set<Integer> heard = new HashSet<>();
        sessions.forEach((id, s) -> {
            if (s.heard) {
                heard.add(id);
            }
        });
        return heard;
    }

    /** A new registration: a new session with no controlled shutdown in progress. */
    void register(int brokerId, long nowMs) {
        Session s = new Session();
        s.lastContactMs = nowMs;
        s.heard = true;
        sessions.put(brokerId, s);
    }

    boolean isExpired(int brokerId, long nowMs) {
        Session s = sessions.get(brokerId);
        // A broker registered before activation but unknown here has a session starting now.
        return s != null && (s.foundDead || nowMs - s.lastContactMs > sessionTimeoutMs);
    }

    void ensureSession(int brokerId, long nowMs) {
        if (!sessions.containsKey(brokerId)) {
            startSession(brokerId, nowMs);
        }
    }

    /** Unfenced brokers (active or in controlled shutdown) whose session has expired, by id. */
    List<Integer> expiredUnfenced(MetadataImage image, long nowMs) {
        List<Integer> expired = new ArrayList<>();
        for (BrokerRegistration b : image.brokers().values()) {
            ensureSession(b.id(), nowMs);
            if (!b.fenced() && isExpired(b.id(), nowMs)) {
                expired.add(b.id());
            }
        }
        expired.sort(Integer::compare);
        return expired;
    }

    long controlledShutdownOffset(int brokerId) {
        Session s = sessions.get(brokerId);
        return s == null ? -1L : s.controlledShutdownOffset;
    }

    void setControlledShutdownOffset(int brokerId, long offset) {
        sessions.computeIfAbsent(brokerId, id -> new Session()).controlledShutdownOffset = offset;
    }

    /** Lowest metadata offset reported by active brokers (Long.MAX_VALUE if none). */
    long lowestActiveOffset(MetadataImage image) {
        long lowest = Long.MAX_VALUE;
        for (BrokerRegistration b : image.brokers().values()) {
            if (b.isActive()) {
                Session s = sessions.get(b.id());
                lowest = Math.min(lowest, s == null ? -1L : s.metadataOffset);
            }
        }
        return lowest;
    }
}
