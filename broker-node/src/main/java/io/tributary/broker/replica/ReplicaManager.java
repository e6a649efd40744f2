package io.tributary.broker.replica;

import io.netty.util.Timer;
import io.tributary.broker.purgatory.DelayedOperationPurgatory;
import io.tributary.log.AppendResult;
import io.tributary.log.LogAppendException;
import io.tributary.log.LogConfig;
import io.tributary.log.LogException;
import io.tributary.log.LogSlice;
import io.tributary.log.PartitionLog;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.ToIntFunction;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The partitions this broker hosts, and the produce and fetch paths over them. Appends that must
 * wait for replication and fetches that must wait for data park in purgatories keyed by partition;
 * every append, high-watermark move or leadership change on a partition wakes its waiters.
 *
 * <p>Thread-safe. Role changes are applied by the metadata publisher thread.
 */
public final class ReplicaManager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaManager.class);

    private final int brokerId;
    private final PartitionLogs logs;
    private final LongSupplier clockMs;
    private final ConcurrentHashMap<TopicPartition, Partition> partitions = new ConcurrentHashMap<>();
    private final DelayedOperationPurgatory<TopicPartition> producePurgatory;
    private final DelayedOperationPurgatory<TopicPartition> fetchPurgatory;
    private final ReplicaFetchers fetchers;
    private final LeaderReplicationThrottle leaderThrottle;
    private final ReplicationQuota leaderQuota = new ReplicationQuota();

    public ReplicaManager(int brokerId, PartitionLogs logs, Timer timer, LongSupplier clockMs) {
        this(brokerId, logs, timer, clockMs, ReplicaFetchers.NONE);
    }

    public ReplicaManager(int brokerId, PartitionLogs logs, Timer timer, LongSupplier clockMs, ReplicaFetchers fetchers) {
        this(brokerId, logs, timer, clockMs, fetchers, LeaderReplicationThrottle.NONE);
    }

    public ReplicaManager(int brokerId, PartitionLogs logs, Timer timer, LongSupplier clockMs, ReplicaFetchers fetchers,
                          LeaderReplicationThrottle leaderThrottle) {
        this.fetchers = fetchers;
        this.leaderThrottle = leaderThrottle;
        this.brokerId = brokerId;
        this.logs = logs;
        this.clockMs = clockMs;
        this.producePurgatory = new DelayedOperationPurgatory<>(timer);
        this.fetchPurgatory = new DelayedOperationPurgatory<>(timer);
    }

    public int brokerId() {
        return brokerId;
    }

    public Optional<Partition> partition(TopicPartition tp) {
        return Optional.ofNullable(partitions.get(tp));
    }

    /** Every partition hosted here. */
    public Map<TopicPartition, Partition> partitions() {
        return Map.copyOf(partitions);
    }

    private Partition getOrCreate(TopicPartition tp, Uuid topicId, LogConfig config) {
        return partitions.computeIfAbsent(tp, k -> {
            PartitionLog log = logs.getOrCreate(tp.topic(), tp.partition(), config);
            return new Partition(tp, topicId, brokerId, log, clockMs);
        });
    }

    /** Makes this broker the leader of {@code tp} as {@code state} says, creating the log if needed. */
    public void becomeLeader(TopicPartition tp, Uuid topicId, LeaderAndIsr state, LogConfig config) {
        Partition p = getOrCreate(tp, topicId, config);
        if (p.makeLeader(state)) {
            LOG.info("Leading {} in epoch {} (ISR {}, log end offset {})", tp, state.leaderEpoch(), state.isr(), p.logEndOffset());
        }
        fetchers.unfollow(tp);
        wake(tp);
    }

    /** Makes this broker a follower (or a leaderless replica) of {@code tp}, without fetching. */
    public void becomeFollower(TopicPartition tp, Uuid topicId, LeaderAndIsr state, LogConfig config) {
        becomeFollower(tp, topicId, state, config, null);
    }

    /**
     * Makes this broker a follower (or a leaderless replica) of {@code tp}, fetching from the
     * leader at {@code leaderAddress} when there is one.
     */
    public void becomeFollower(TopicPartition tp, Uuid topicId, LeaderAndIsr state, LogConfig config, InetSocketAddress leaderAddress) {
        Partition p = getOrCreate(tp, topicId, config);
        if (p.makeFollower(state)) {
            LOG.info("Following {} in epoch {} (leader {})", tp, state.leaderEpoch(), state.leader());
        }
        if (state.leader() >= 0 && state.leader() != brokerId && leaderAddress != null) {
            fetchers.follow(p, state.leader(), state.leaderEpoch(), leaderAddress);
        } else {
            fetchers.unfollow(tp);
        }
        wake(tp);
    }

    /**
     * Applies a topic's changed log settings to every partition of it hosted here, leader or
     * follower alike — so that, for example, {@code tributary.flush.on.append} makes followers
     * fsync before they fetch again, and the high watermark covers only flushed copies.
     */
    public void updateLogConfig(String topic, LogConfig config) {
        int updated = 0;
        for (Partition p : partitions.values()) {
            if (p.topicPartition().topic().equals(topic)) {
                p.log().updateConfig(config);
                updated++;
            }
        }
        if (updated > 0) {
            LOG.info("Applied the changed configs of topic {} to {} partition(s)", topic, updated);
        }
    }

    /** Stops hosting {@code tp}; deletes its log when the topic itself was deleted. */
    public void removePartition(TopicPartition tp, boolean deleteLog) {
        fetchers.unfollow(tp);
        Partition p = partitions.remove(tp);
        if (p != null) {
            p.stop();
        }
        producePurgatory.completeAll(tp);
        fetchPurgatory.completeAll(tp);
        if (deleteLog) {
            try {
                logs.delete(tp.topic(), tp.partition());
                LOG.info("Deleted the log of {}", tp);
            } catch (RuntimeException e) {
                LOG.warn("Could not delete the log of {}: {}", tp, e.getMessage());
            }
        }
    }

    /**
     * Appends to the partitions this broker leads and answers once the acks are satisfied: at once
     * for acks 0 and 1, after replication to the ISR for acks=all (or after {@code timeoutMs}).
     */
    public CompletableFuture<Map<TopicPartition, ProduceOutcome>> appendRecords(
            short acks, long timeoutMs, Map<TopicPartition, MemoryRecords> entries, ToIntFunction<String> minInsyncReplicas) {
        Map<TopicPartition, ProduceOutcome> results = new LinkedHashMap<>();
        Map<TopicPartition, DelayedProduce.Pending> pending = new LinkedHashMap<>();
        for (var e : entries.entrySet()) {
            TopicPartition tp = e.getKey();
            Partition p = partitions.get(tp);
            if (p == null) {
                results.put(tp, ProduceOutcome.error(Errors.NOT_LEADER_OR_FOLLOWER, "Broker " + brokerId + " does not host " + tp));
                continue;
            }
            int minIsr = minInsyncReplicas.applyAsInt(tp.topic());
            try {
                Partition.LeaderAppend appended = p.appendAsLeader(e.getValue(), acks, minIsr);
                AppendResult r = appended.result();
                ProduceOutcome ok = new ProduceOutcome(Errors.NONE, null, r.firstOffset(), -1, p.logStartOffset());
                if (acks == -1) {
                    pending.put(tp, new DelayedProduce.Pending(p, r.lastOffset() + 1, appended.leaderEpoch(), minIsr, ok));
                } else {
                    results.put(tp, ok);
                }
                fetchPurgatory.checkAndComplete(tp);
            } catch (PartitionError err) {
                results.put(tp, ProduceOutcome.error(err.error(), err.getMessage()));
            } catch (LogAppendException err) {
                results.put(tp, ProduceOutcome.error(toKafkaError(err), err.getMessage()));
            } catch (LogException err) {
                LOG.error("Append to {} failed", tp, err);
                results.put(tp, ProduceOutcome.error(Errors.KAFKA_STORAGE_ERROR, err.getMessage()));
            }
        }
        CompletableFuture<Map<TopicPartition, ProduceOutcome>> future = new CompletableFuture<>();
        if (pending.isEmpty()) {
            future.complete(results);
        } else {
            DelayedProduce op = new DelayedProduce(timeoutMs, results, pending, future);
            producePurgatory.tryCompleteElseWatch(op, List.copyOf(pending.keySet()));
        }
        return future;
    }

    /**
     * Reads for a consumer. Answers at once if there are {@code minBytes} (or an error, or
     * {@code maxWaitMs} is 0), otherwise waits in the fetch purgatory.
     */
    public CompletableFuture<LinkedHashMap<TopicPartition, Partition.ReadResult>> fetch(
            FetchParams params, LinkedHashMap<TopicPartition, FetchRequestInfo> requested) {
        LinkedHashMap<TopicPartition, Partition.ReadResult> now = readAll(params, requested);
        if (params.isFromFollower()) {
            recordFollowerFetch(params.replicaId(), params.replicaEpoch(), requested, now);
        }
        long bytes = 0;
        boolean anyError = false;
        for (Partition.ReadResult r : now.values()) {
            bytes += r.slice().sizeInBytes();
            anyError |= r.error() != Errors.NONE || r.divergingEpoch().isPresent();
        }
        if (params.maxWaitMs() <= 0 || bytes >= params.minBytes() || anyError || requested.isEmpty()) {
            return CompletableFuture.completedFuture(now);
        }
        Map<TopicPartition, Integer> epochs = new HashMap<>();
        requested.keySet().forEach(tp -> epochs.put(tp, partition(tp).map(Partition::leaderEpoch).orElse(-1)));
        CompletableFuture<LinkedHashMap<TopicPartition, Partition.ReadResult>> future = new CompletableFuture<>();
        DelayedFetch op = new DelayedFetch(this, params, requested, epochs, future);
        fetchPurgatory.tryCompleteElseWatch(op, List.copyOf(requested.keySet()));
        return future;
    }

    /**
     * A follower's fetch offsets are its log end offsets: feed them to the partitions it fetched
     * without error or divergence, and wake acks=all produces and consumer fetches where the HW moved.
     * Done once, when the fetch arrives, not again when a parked fetch completes.
     */
    private void recordFollowerFetch(int replicaId, long replicaEpoch, Map<TopicPartition, FetchRequestInfo> requested,
                                     LinkedHashMap<TopicPartition, Partition.ReadResult> results) {
        for (var e : results.entrySet()) {
            Partition.ReadResult r = e.getValue();
            Partition p = partitions.get(e.getKey());
            if (p == null || r.error() != Errors.NONE || r.divergingEpoch().isPresent()) {
                continue;
            }
            if (p.onFollowerFetch(replicaId, requested.get(e.getKey()).fetchOffset(), replicaEpoch, p.leaderEpoch())) {
                // Answer with the HW this very fetch moved, so the follower learns it a round trip sooner.
                e.setValue(new Partition.ReadResult(r.error(), r.slice(), p.highWatermark(), r.logStartOffset(), r.logEndOffset()));
                wake(e.getKey());
            }
        }
    }

    /** Whether a follower fetch of {@code tp} must leave it out now: a throttled replica over the leader's quota. */
    boolean isThrottledNow(TopicPartition tp, FetchParams params) {
        if (!params.isFromFollower()) {
            return false;
        }
        long rate = leaderThrottle.rateBytesPerSec(tp);
        return rate != LeaderReplicationThrottle.UNTHROTTLED && leaderQuota.isExceeded(rate, clockMs.getAsLong());
    }

    /** Reads every partition now, within the response's byte budget (the first batch always fits). */
    LinkedHashMap<TopicPartition, Partition.ReadResult> readAll(FetchParams params, Map<TopicPartition, FetchRequestInfo> requested) {
        LinkedHashMap<TopicPartition, Partition.ReadResult> out = new LinkedHashMap<>();
        long budget = params.maxBytes();
        boolean first = true;
        for (var e : requested.entrySet()) {
            Partition p = partitions.get(e.getKey());
            if (p == null) {
                out.put(e.getKey(), Partition.ReadResult.error(Errors.NOT_LEADER_OR_FOLLOWER));
                continue;
            }
            FetchRequestInfo info = e.getValue();
            long throttleRate = params.isFromFollower() ? leaderThrottle.rateBytesPerSec(e.getKey())
                    : LeaderReplicationThrottle.UNTHROTTLED;
            boolean throttled = throttleRate != LeaderReplicationThrottle.UNTHROTTLED;
            Partition.ReadResult r;
            if ((budget <= 0 && !first) || (throttled && leaderQuota.isExceeded(throttleRate, clockMs.getAsLong()))) {
                // Out of budget, or a throttled replica over its quota: report the partition's offsets, no data.
                r = read(p, params, info, 0);
                if (r.error() == Errors.NONE && r.divergingEpoch().isEmpty()) {
                    r = new Partition.ReadResult(Errors.NONE, LogSlice.empty(), r.highWatermark(), r.logStartOffset(), r.logEndOffset());
                }
            } else {
                int limit = (int) Math.max(1, Math.min(info.maxBytes(), budget));
                r = read(p, params, info, limit);
            }
            int size = r.slice().sizeInBytes();
            if (throttled && size > 0) {
                leaderQuota.record(size, throttleRate, clockMs.getAsLong());
            }
            if (size > 0) {
                first = false;
                budget -= size;
            }
            out.put(e.getKey(), r);
        }
        return out;
    }

    private static Partition.ReadResult read(Partition p, FetchParams params, FetchRequestInfo info, int limit) {
        if (params.isFromFollower()) {
            return p.readForFollower(params.replicaId(), info.fetchOffset(), limit, info.currentLeaderEpoch(), info.lastFetchedEpoch());
        }
        return p.readAsLeader(info.fetchOffset(), limit, info.currentLeaderEpoch());
    }

    /** Tells waiters on {@code tp} that something changed (data, high watermark, or role). */
    public void wake(TopicPartition tp) {
        producePurgatory.checkAndComplete(tp);
        fetchPurgatory.checkAndComplete(tp);
    }

    private static Errors toKafkaError(LogAppendException e) {
        return switch (e.error()) {
            case CORRUPT_MESSAGE -> Errors.CORRUPT_MESSAGE;
            case INVALID_RECORD -> Errors.INVALID_RECORD;
            case MESSAGE_TOO_LARGE -> Errors.MESSAGE_TOO_LARGE;
            case RECORD_LIST_TOO_LARGE -> Errors.RECORD_LIST_TOO_LARGE;
            case KAFKA_STORAGE_ERROR -> Errors.KAFKA_STORAGE_ERROR;
            case OUT_OF_ORDER_SEQUENCE_NUMBER -> Errors.OUT_OF_ORDER_SEQUENCE_NUMBER;
            case INVALID_PRODUCER_EPOCH -> Errors.INVALID_PRODUCER_EPOCH;
        };
    }

    @Override
    public void close() {
        fetchers.close();
        partitions.keySet().forEach(tp -> {
            producePurgatory.completeAll(tp);
            fetchPurgatory.completeAll(tp);
        });
        partitions.clear();
    }
}
