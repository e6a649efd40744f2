package io.tributary.metadata.controller;

import io.tributary.metadata.image.BrokerRegistration;
import io.tributary.metadata.image.MetadataImage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Broker sessions: soft state that never reaches the log (KRaft's BrokerHeartbeatManager). Only the
 * active controller has one, and a new controller starts every registered broker's session afresh
 * at activation, so a failover may delay fencing by up to one session timeout but never fences a
 * broker that kept heartbeating. Pure; confined to the controller thread.
 */
final class BrokerHeartbeatManager {

    private static final class Session {
        long lastContactMs;
        long metadataOffset = -1L;
        /** Offset at which the broker was seen in controlled shutdown; -1 until then. */
        long controlledShutdownOffset = -1L;
    }

    private final long sessionTimeoutMs;
    private final Map<Integer, Session> sessions = new HashMap<>();

    BrokerHeartbeatManager(long sessionTimeoutMs) {
        this.sessionTimeoutMs = sessionTimeoutMs;
    }

    /** Starts a fresh session for every registered broker. */
    void activate(MetadataImage image, long nowMs) {
        sessions.clear();
        for (BrokerRegistration b : image.brokers().values()) {
            touch(b.id(), nowMs, -1L);
        }
    }

    void touch(int brokerId, long nowMs, long metadataOffset) {
        Session s = sessions.computeIfAbsent(brokerId, id -> new Session());
        s.lastContactMs = nowMs;
        s.metadataOffset = Math.max(s.metadataOffset, metadataOffset);
    }

    /** A new registration: a new session with no controlled shutdown in progress. */
    void register(int brokerId, long nowMs) {
        Session s = new Session();
        s.lastContactMs = nowMs;
        sessions.put(brokerId, s);
    }

    boolean isExpired(int brokerId, long nowMs) {
        Session s = sessions.get(brokerId);
        // A broker registered before activation but unknown here has a session starting now.
        return s != null && nowMs - s.lastContactMs > sessionTimeoutMs;
    }

    void ensureSession(int brokerId, long nowMs) {
        if (!sessions.containsKey(brokerId)) {
            touch(brokerId, nowMs, -1L);
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
