package io.tributary.broker.replica;

import io.tributary.broker.purgatory.DelayedOperation;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;

/**
 * A fetch waiting for {@code min.bytes} of new data, a leadership change on one of its partitions,
 * or {@code max.wait.ms} — whichever comes first — and then reading what is there.
 */
final class DelayedFetch extends DelayedOperation {
    private final ReplicaManager replicaManager;
    private final FetchParams params;
    private final LinkedHashMap<TopicPartition, FetchRequestInfo> partitions;
    private final Map<TopicPartition, Integer> epochsAtStart;
    private final CompletableFuture<LinkedHashMap<TopicPartition, Partition.ReadResult>> future;

    DelayedFetch(ReplicaManager replicaManager, FetchParams params, LinkedHashMap<TopicPartition, FetchRequestInfo> partitions,
                 Map<TopicPartition, Integer> epochsAtStart, CompletableFuture<LinkedHashMap<TopicPartition, Partition.ReadResult>> future) {
        super(params.maxWaitMs());
        this.replicaManager = replicaManager;
        this.params = params;
        this.partitions = partitions;
        this.epochsAtStart = epochsAtStart;
        this.future = future;
    }

    @Override
    protected boolean tryComplete() {
        long available = 0;
        for (var e : partitions.entrySet()) {
            Partition p = replicaManager.partition(e.getKey()).orElse(null);
            if (p == null || !p.isLeader() || p.leaderEpoch() != epochsAtStart.getOrDefault(e.getKey(), -1)) {
                return forceComplete(); // something changed: answer now so the client learns it
            }
            if (replicaManager.isThrottledNow(e.getKey(), params)) {
                continue; // over the replication quota: its bytes would not be sent now
            }
            available += p.availableBytes(e.getValue().fetchOffset(), e.getValue().maxBytes(), params.isFromFollower());
            if (available >= params.minBytes()) {
                return forceComplete();
            }
        }
        return false;
    }

    @Override
    protected void onComplete() {
        try {
            future.complete(replicaManager.readAll(params, partitions));
        } catch (RuntimeException e) {
            future.completeExceptionally(e);
        }
    }
}
