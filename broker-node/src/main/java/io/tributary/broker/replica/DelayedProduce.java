package io.tributary.broker.replica;

import io.tributary.broker.purgatory.DelayedOperation;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;

/**
 * An acks=all produce waiting until the high watermark of every partition it wrote covers its
 * records; on timeout the partitions still waiting get REQUEST_TIMED_OUT (the client retries, and
 * idempotence makes the retry safe).
 */
final class DelayedProduce extends DelayedOperation {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DelayedProduce.class);

    /** One partition's append, waiting to be replicated. */
    record Pending(Partition partition, long requiredOffset, int leaderEpoch, int minInsyncReplicas, ProduceOutcome appended) {
    }

    private final Map<TopicPartition, ProduceOutcome> results;
    private final Map<TopicPartition, Pending> pending;
    private final CompletableFuture<Map<TopicPartition, ProduceOutcome>> future;

    DelayedProduce(long timeoutMs, Map<TopicPartition, ProduceOutcome> results, Map<TopicPartition, Pending> pending,
                   CompletableFuture<Map<TopicPartition, ProduceOutcome>> future) {
        super(timeoutMs);
        this.results = new LinkedHashMap<>(results);
        this.pending = new LinkedHashMap<>(pending);
        this.future = future;
    }

    @Override
    protected boolean tryComplete() {
        for (var it = pending.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            Pending p = e.getValue();
            Optional<Errors> done = p.partition().checkReplicated(p.requiredOffset(), p.leaderEpoch(), p.minInsyncReplicas());
            if (done.isPresent()) {
                Errors error = done.get();
                results.put(e.getKey(), error == Errors.NONE ? p.appended()
                        : ProduceOutcome.error(error, error == Errors.NOT_LEADER_OR_FOLLOWER
                        ? "Leadership changed before the records were replicated" : null));
                it.remove();
            }
        }
        return pending.isEmpty() && forceComplete();
    }

    @Override
    protected void onExpiration() {
        pending.forEach((tp, p) -> LOG.info("acks=all produce to {} timed out waiting for the high watermark to reach {} ({})",
                tp, p.requiredOffset(), p.partition()));
        pending.keySet().forEach(tp -> results.put(tp, ProduceOutcome.error(Errors.REQUEST_TIMED_OUT,
                "Records were not replicated to the ISR within the request timeout")));
    }

    @Override
    protected void onComplete() {
        future.complete(results);
    }
}
