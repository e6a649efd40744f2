package io.tributary.broker.replica;

import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the ISR of the partitions this broker leads in step with the followers' progress: on every
 * {@link #tick} it proposes adding followers that have caught up and are eligible in the current
 * metadata image (registered, unfenced, not shutting down, same broker epoch), and — every
 * {@code replica.lag.time.max.ms}/2, as Kafka's {@code isr-expiration} task does — removing followers
 * that lagged longer than {@code replica.lag.time.max.ms}. Proposals go to the controller
 * (AlterPartition, compare-and-set on the partition epoch); the committed ISR comes back through the
 * metadata image. At most one proposal per partition is in flight.
 *
 * <p>{@link #tick} is called from one scheduler thread; answers complete on any thread.
 */
public final class IsrMaintainer {
    private static final Logger LOG = LoggerFactory.getLogger(IsrMaintainer.class);

    private final Supplier<Collection<Partition>> partitions;
    private final Function<Partition.IsrProposal, CompletableFuture<Errors>> alterPartition;
    private final Supplier<ReplicaEligibility> eligibility;
    private final long lagTimeMaxMs;
    private long nextShrinkCheckMs = Long.MIN_VALUE;

    /**
     * @param partitions the partitions hosted here
     * @param alterPartition sends a proposal to the controller; completes with its error (NONE: accepted)
     * @param eligibility which followers may join an ISR, built from the latest metadata image on each tick
     */
    public IsrMaintainer(Supplier<Collection<Partition>> partitions,
                         Function<Partition.IsrProposal, CompletableFuture<Errors>> alterPartition,
                         Supplier<ReplicaEligibility> eligibility, long lagTimeMaxMs) {
        this.partitions = partitions;
        this.alterPartition = alterPartition;
        this.eligibility = eligibility;
        this.lagTimeMaxMs = lagTimeMaxMs;
    }

    public void tick(long nowMs) {
        boolean checkShrink = nowMs >= nextShrinkCheckMs;
        if (checkShrink) {
            nextShrinkCheckMs = nowMs + lagTimeMaxMs / 2;
        }
        ReplicaEligibility eligible = eligibility.get();
        for (Partition p : partitions.get()) {
            p.proposeIsrChange(nowMs, lagTimeMaxMs, checkShrink, eligible).ifPresent(proposal -> {
                LOG.info("Proposing ISR {} for {} (leader epoch {}, partition epoch {})", proposal.newIsr(),
                        p.topicPartition(), proposal.leaderEpoch(), proposal.partitionEpoch());
                CompletableFuture<Errors> answer;
                try {
                    answer = alterPartition.apply(proposal);
                } catch (RuntimeException e) {
                    answer = CompletableFuture.failedFuture(e);
                }
                answer.whenComplete((answered, failure) -> {
                    // The controller not answering is retried on the next tick, like any refusal but INELIGIBLE_REPLICA.
                    Errors error = failure != null || answered == null ? Errors.REQUEST_TIMED_OUT : answered;
                    if (error != Errors.NONE) {
                        LOG.info("ISR change {} for {} not accepted: {}", proposal.newIsr(), p.topicPartition(),
                                failure == null ? error.name() : failure.toString());
                    }
                    p.onIsrChangeAnswered(proposal, error);
                });
            });
        }
    }
}
