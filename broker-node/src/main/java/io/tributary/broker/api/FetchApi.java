package io.tributary.broker.api;

import io.tributary.broker.fetchsession.FetchSession;
import io.tributary.broker.fetchsession.FetchSessionCache;
import io.tributary.broker.protocol.ApiHandler;
import io.tributary.broker.protocol.KafkaRequest;
import io.tributary.broker.replica.FetchParams;
import io.tributary.broker.replica.FetchRequestInfo;
import io.tributary.broker.replica.Partition;
import io.tributary.broker.replica.ReplicaEligibility;
import io.tributary.broker.replica.ReplicaManager;
import io.tributary.log.LogSlice;
import io.tributary.metadata.image.MetadataImage;
import io.tributary.metadata.image.PartitionRegistration;
import io.tributary.metadata.image.TopicImage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.UnalignedFileRecords;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.FetchMetadata;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.FetchResponse;

/**
 * Fetch (key 1) for consumers and follower replicas: long-polls for {@code min.bytes} up to
 * {@code max.wait.ms}, honours {@code max.bytes} and per-partition limits, and sends the record data
 * zero-copy from the segment files. Consumers read up to the high watermark; a follower (replica id
 * ≥ 0) reads up to the log end offset, its fetch offset advances the HW, and a diverged follower
 * gets {@code DivergingEpoch} instead of data. Incremental fetch sessions (KIP-227, see
 * {@link FetchSession}) for clients that ask for one (fetch epoch 0): later fetches name only the
 * partitions whose position changed and get back only those with news. Clients that ask for none
 * (epoch -1: librdkafka, our replica fetcher) get every partition every time.
 */
public final class FetchApi implements ApiHandler {
    private final Supplier<MetadataImage> image;
    private final ReplicaManager replicaManager;
    private final FetchSessionCache sessions;

    public FetchApi(Supplier<MetadataImage> image, ReplicaManager replicaManager, FetchSessionCache sessions) {
        this.image = image;
        this.replicaManager = replicaManager;
        this.sessions = sessions;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(KafkaRequest request) {
        FetchRequest body = request.bodyAs(FetchRequest.class);
        MetadataImage img = image.get();
        Map<Uuid, String> names = new HashMap<>();
        img.topicsById().forEach((id, t) -> names.put(id, t.name()));
        boolean byId = request.apiVersion() >= 13;

        SessionPlan plan = plan(body, names);
        if (plan.error() != Errors.NONE) {
            return CompletableFuture.completedFuture(
                    FetchResponse.of(plan.error(), 0, FetchMetadata.INVALID_SESSION_ID, new LinkedHashMap<>(), List.of()));
        }
        Map<TopicIdPartition, FetchRequest.PartitionData> wanted = plan.wanted();
        LinkedHashMap<TopicIdPartition, Errors> rejected = new LinkedHashMap<>();
        LinkedHashMap<TopicPartition, FetchRequestInfo> toRead = new LinkedHashMap<>();
        Map<TopicPartition, TopicIdPartition> ids = new HashMap<>();
        for (var e : wanted.entrySet()) {
            TopicIdPartition tip = e.getKey();
            Errors error = check(img, tip, byId);
            if (error != Errors.NONE) {
                rejected.put(tip, error);
                continue;
            }
            FetchRequest.PartitionData pd = e.getValue();
            toRead.put(tip.topicPartition(), new FetchRequestInfo(pd.fetchOffset, pd.maxBytes, pd.currentLeaderEpoch, pd.lastFetchedEpoch));
            ids.put(tip.topicPartition(), tip);
        }
        // ReplicaState.ReplicaId (v15+) or ReplicaId (older): a broker id means a follower replicating.
        int replicaId = body.isFromFollower() ? body.replicaId() : FetchParams.CONSUMER;
        // ReplicaState.ReplicaEpoch (v15+, KIP-903); -1 when older versions or a consumer sent none.
        long replicaEpoch = body.isFromFollower() ? body.replicaEpoch() : ReplicaEligibility.NO_BROKER_EPOCH;
        FetchParams params = new FetchParams(rejected.isEmpty() ? body.maxWait() : 0, body.minBytes(), body.maxBytes(),
                replicaId, replicaEpoch);
        return replicaManager.fetch(params, toRead).thenApply(results -> {
            LinkedHashMap<TopicIdPartition, FetchResponseData.PartitionData> out = new LinkedHashMap<>();
            // Keep the request's partition order.
            for (TopicIdPartition tip : wanted.keySet()) {
                Errors error = rejected.get(tip);
                if (error != null) {
                    out.put(tip, FetchResponse.partitionResponse(tip, error));
                } else {
                    out.put(tip, toResponse(img, tip, results.get(tip.topicPartition())));
                }
            }
            if (plan.continued() != null) {
                return FetchResponse.of(Errors.NONE, 0, plan.continued().id(), plan.continued().select(out, names), List.of());
            }
            FetchSession created = plan.opensSession() ? sessions.create(wanted, out) : null;
            return FetchResponse.of(Errors.NONE, 0, created == null ? FetchMetadata.INVALID_SESSION_ID : created.id(), out,
                    List.of());
        });
    }

    /**
     * What a fetch reads: its own partitions (a full fetch, which may open a session) or those of the
     * session it continues; or the session error to answer with instead.
     */
    private record SessionPlan(Map<TopicIdPartition, FetchRequest.PartitionData> wanted, FetchSession continued,
                               boolean opensSession, Errors error) {
        static SessionPlan failed(Errors error) {
            return new SessionPlan(Map.of(), null, false, error);
        }
    }

    private SessionPlan plan(FetchRequest body, Map<Uuid, String> names) {
        FetchMetadata metadata = body.metadata();
        if (metadata.isFull()) {
            if (metadata.sessionId() != FetchMetadata.INVALID_SESSION_ID) {
                sessions.remove(metadata.sessionId()); // a full fetch closes the session it names
            }
            return new SessionPlan(body.fetchData(names), null, metadata.epoch() == FetchMetadata.INITIAL_EPOCH, Errors.NONE);
        }
        FetchSession session = sessions.get(metadata.sessionId());
        if (session == null) {
            return SessionPlan.failed(Errors.FETCH_SESSION_ID_NOT_FOUND);
        }
        Map<TopicIdPartition, FetchRequest.PartitionData> wanted = session.update(metadata.epoch(), sessions.nowMs(),
                body.fetchData(names), body.forgottenTopics(names), names);
        if (wanted == null) {
            return SessionPlan.failed(Errors.INVALID_FETCH_SESSION_EPOCH);
        }
        if (wanted.isEmpty()) {
            sessions.remove(session.id()); // nothing left to fetch: answered as without a session
            return new SessionPlan(wanted, null, false, Errors.NONE);
        }
        return new SessionPlan(wanted, session, false, Errors.NONE);
    }

    private static Errors check(MetadataImage img, TopicIdPartition tip, boolean byId) {
        if (tip.topic() == null) {
            return Errors.UNKNOWN_TOPIC_ID;
        }
        Optional<TopicImage> t = img.topic(tip.topic());
        if (t.isEmpty() || t.get().partition(tip.partition()) == null) {
            return byId ? Errors.UNKNOWN_TOPIC_ID : Errors.UNKNOWN_TOPIC_OR_PARTITION;
        }
        return Errors.NONE;
    }

    private static FetchResponseData.PartitionData toResponse(MetadataImage img, TopicIdPartition tip, Partition.ReadResult r) {
        FetchResponseData.PartitionData data = new FetchResponseData.PartitionData()
                .setPartitionIndex(tip.partition())
                .setErrorCode(r.error().code())
                .setHighWatermark(r.highWatermark())
                .setLastStableOffset(r.highWatermark())
                .setLogStartOffset(r.logStartOffset())
                .setAbortedTransactions(r.error() == Errors.NONE ? new ArrayList<>() : null)
                .setPreferredReadReplica(-1);
        r.divergingEpoch().ifPresent(d -> data.divergingEpoch().setEpoch(d.epoch()).setEndOffset(d.endOffset()));
        LogSlice slice = r.slice();
        data.setRecords(slice.isEmpty() ? MemoryRecords.EMPTY
                : new UnalignedFileRecords(slice.channel(), slice.position(), slice.sizeInBytes()));
        if (r.error() == Errors.NOT_LEADER_OR_FOLLOWER || r.error() == Errors.FENCED_LEADER_EPOCH) {
            // KIP-951: tell the client who leads now so it need not refresh all metadata.
            PartitionRegistration p = img.partition(tip.topicId(), tip.partition());
            if (p != null && p.hasLeader()) {
                data.setCurrentLeader(new FetchResponseData.LeaderIdAndEpoch().setLeaderId(p.leader()).setLeaderEpoch(p.leaderEpoch()));
            }
        }
        return data;
    }
}
