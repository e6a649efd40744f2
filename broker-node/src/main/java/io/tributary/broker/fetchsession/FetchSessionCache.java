package io.tributary.broker.fetchsession;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.requests.FetchRequest;

/**
 * The broker's incremental fetch sessions, at most {@code max.incremental.fetch.session.cache.slots}
 * (Kafka's key and default, 1,000; 0 turns sessions off). A full slot goes to a new session only
 * when the least recently used one has been idle for {@link #EVICTION_IDLE_MS}; otherwise the new
 * client is answered without a session (id 0) and fetches in full, as a client of a broker without
 * sessions would. A client whose session was evicted gets FETCH_SESSION_ID_NOT_FOUND and starts over.
 */
public final class FetchSessionCache {
    public static final String MAX_SLOTS = "max.incremental.fetch.session.cache.slots";
    public static final int DEFAULT_MAX_SLOTS = 1000;
    /** Kafka's min.incremental.fetch.session.eviction.ms default: an idle session keeps its slot this long. */
    static final long EVICTION_IDLE_MS = 120_000;

    private final int maxSessions;
    private final LongSupplier clockMs;
    private final IntSupplier randomInts;
    /** Least recently used first. */
    private final LinkedHashMap<Integer, FetchSession> sessions = new LinkedHashMap<>(16, 0.75f, true);

    public FetchSessionCache(int maxSessions, LongSupplier clockMs, IntSupplier randomInts) {
        if (maxSessions < 0) {
            throw new IllegalArgumentException("Invalid value '" + maxSessions + "' for " + MAX_SLOTS + ": must be at least 0");
        }
        this.maxSessions = maxSessions;
        this.clockMs = clockMs;
        this.randomInts = randomInts;
    }

    public long nowMs() {
        return clockMs.getAsLong();
    }

    /** The session with {@code id}, or null (FETCH_SESSION_ID_NOT_FOUND). */
    public synchronized FetchSession get(int id) {
        return sessions.get(id);
    }

    public synchronized void remove(int id) {
        sessions.remove(id);
    }

    public synchronized int size() {
        return sessions.size();
    }

    /**
     * A new session for the partitions of a full fetch and what that fetch sent; null when no slot is
     * free (the client then goes on without one).
     */
    public synchronized FetchSession create(Map<TopicIdPartition, FetchRequest.PartitionData> requested,
                                            Map<TopicIdPartition, FetchResponseData.PartitionData> sent) {
        long now = clockMs.getAsLong();
        Iterator<FetchSession> lru = sessions.values().iterator();
        while (sessions.size() >= maxSessions && lru.hasNext()) {
            if (now - lru.next().lastUsedMs() < EVICTION_IDLE_MS) {
                break;
            }
            lru.remove();
        }
        if (sessions.size() >= maxSessions) {
            return null;
        }
        int id;
        do {
            id = randomInts.getAsInt() & Integer.MAX_VALUE;
        } while (id == 0 || sessions.containsKey(id));
        FetchSession session = new FetchSession(id, now, requested, sent);
        sessions.put(id, session);
        return session;
    }
}
