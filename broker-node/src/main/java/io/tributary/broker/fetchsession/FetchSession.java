package io.tributary.broker.fetchsession;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.FetchMetadata;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.FetchResponse;

/**
 * One incremental fetch session (KIP-227): the partitions a client fetches, what it last asked for
 * each, and what it was last told about each. A client then sends only the partitions whose fetch
 * position changed and gets back only those with news (records, an error, a moved high watermark or
 * log start), instead of every partition both ways on every fetch. Partitions that were sent move to
 * the end of the session's order, so when a response fills up, the ones left out come first next
 * time. Thread-safe: a session is used by one client at a time, but a delayed fetch answers on
 * another thread than the one that took the request.
 *
 * <p>Where requests carry topic ids (Fetch v13+), the session knows a partition by id and number
 * only, and each request's view of the topic names is applied to what it returns: a broker may
 * learn of a topic after a client that is already fetching it (its name unknown at first), and the
 * partition must stay the same one.
 */
public final class FetchSession {
    private final int id;
    private int epoch = 1; // what the next incremental request must carry
    private long lastUsedMs;
    private final LinkedHashMap<TopicIdPartition, Cached> partitions = new LinkedHashMap<>();

    /** What the client last asked for a partition, and the figures it was last sent. */
    private static final class Cached {
        FetchRequest.PartitionData request;
        long highWatermark = -1;
        long logStartOffset = -1;

        Cached(FetchRequest.PartitionData request) {
            this.request = request;
        }

        /** True if the client must hear about this partition; remembers what it will be told. */
        boolean mustSend(FetchResponseData.PartitionData sent) {
            boolean must = FetchResponse.recordsSize(sent) > 0
                    || sent.errorCode() != Errors.NONE.code()
                    || sent.highWatermark() != highWatermark
                    || sent.logStartOffset() != logStartOffset
                    || FetchResponse.isPreferredReplica(sent)
                    || FetchResponse.isDivergingEpoch(sent);
            // After an error the next answer must go out whatever it says, so the client sees the error end.
            highWatermark = sent.errorCode() != Errors.NONE.code() ? -1 : sent.highWatermark();
            logStartOffset = sent.logStartOffset();
            return must;
        }
    }

    FetchSession(int id, long nowMs, Map<TopicIdPartition, FetchRequest.PartitionData> requested,
                 Map<TopicIdPartition, FetchResponseData.PartitionData> sent) {
        this.id = id;
        this.lastUsedMs = nowMs;
        requested.forEach((tip, data) -> {
            Cached c = new Cached(data);
            FetchResponseData.PartitionData s = sent.get(tip);
            if (s != null) {
                c.mustSend(s);
            }
            partitions.put(key(tip), c);
        });
    }

    public int id() {
        return id;
    }

    synchronized int epoch() {
        return epoch;
    }

    synchronized long lastUsedMs() {
        return lastUsedMs;
    }

    synchronized int size() {
        return partitions.size();
    }

    /**
     * Applies an incremental request carrying {@code epoch}: adds or updates the partitions it names,
     * drops the forgotten ones, and returns every partition to fetch, in session order, named as in
     * {@code topicNames}. Null if the epoch is not the expected one
     * ({@link Errors#INVALID_FETCH_SESSION_EPOCH}), with nothing changed.
     */
    public synchronized LinkedHashMap<TopicIdPartition, FetchRequest.PartitionData> update(
            int epoch, long nowMs, Map<TopicIdPartition, FetchRequest.PartitionData> changed,
            List<TopicIdPartition> forgotten, Map<Uuid, String> topicNames) {
        if (epoch != this.epoch) {
            return null;
        }
        this.epoch = FetchMetadata.nextEpoch(epoch);
        lastUsedMs = nowMs;
        forgotten.forEach(tip -> partitions.remove(key(tip)));
        changed.forEach((tip, data) -> {
            Cached c = partitions.get(key(tip));
            if (c == null) {
                partitions.put(key(tip), new Cached(data));
            } else {
                c.request = data;
            }
        });
        LinkedHashMap<TopicIdPartition, FetchRequest.PartitionData> toFetch = new LinkedHashMap<>();
        partitions.forEach((k, c) -> toFetch.put(named(k, topicNames), c.request));
        return toFetch;
    }

    /**
     * The part of a fetch's results (keyed as {@link #update} named them) the client must be sent, in
     * session order; remembers what it is told and moves the sent partitions to the end of the order.
     */
    public synchronized LinkedHashMap<TopicIdPartition, FetchResponseData.PartitionData> select(
            Map<TopicIdPartition, FetchResponseData.PartitionData> results, Map<Uuid, String> topicNames) {
        LinkedHashMap<TopicIdPartition, FetchResponseData.PartitionData> out = new LinkedHashMap<>();
        List<Map.Entry<TopicIdPartition, Cached>> sent = new ArrayList<>();
        Iterator<Map.Entry<TopicIdPartition, Cached>> it = partitions.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<TopicIdPartition, Cached> e = it.next();
            TopicIdPartition tip = named(e.getKey(), topicNames);
            FetchResponseData.PartitionData r = results.get(tip);
            if (r != null && e.getValue().mustSend(r)) {
                out.put(tip, r);
                sent.add(e);
                it.remove();
            }
        }
        sent.forEach(e -> partitions.put(e.getKey(), e.getValue()));
        return out;
    }

    /** A partition's identity in the session: its topic id and number where it has an id, else its name and number. */
    private static TopicIdPartition key(TopicIdPartition tip) {
        return Uuid.ZERO_UUID.equals(tip.topicId()) ? tip : new TopicIdPartition(tip.topicId(), tip.partition(), null);
    }

    /** The key with its topic's name as the request sees it (null when the topic id is unknown). */
    private static TopicIdPartition named(TopicIdPartition key, Map<Uuid, String> topicNames) {
        return Uuid.ZERO_UUID.equals(key.topicId()) ? key
                : new TopicIdPartition(key.topicId(), key.partition(), topicNames.get(key.topicId()));
    }
}
