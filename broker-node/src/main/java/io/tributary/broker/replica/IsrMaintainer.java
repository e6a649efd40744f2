package io.tributary.broker.replica;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.Collection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the ISR of the partitions this broker leads in step with the followers' progress: on every
 * {@link #tick} it proposes adding followers that have caught up, and — every
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
    private final Function<Partition.IsrProposal, CompletableFuture<Boolean>> alterPartition;
    private final long lagTimeMaxMs;
    private long nextShrinkCheckMs = Long.MIN_VALUE;

    /**
     * @param partitions the partitions hosted here
     * @param alterPartition sends a proposal to the controller; true when it was accepted
     */
    public IsrMaintainer(Supplier<Collection<Partition>> partitions,
                         Function<Partition.IsrProposal, CompletableFuture<Boolean>> alterPartition, long lagTimeMaxMs) {
        this.partitions = partitions;
        this.alterPartition = alterPartition;
        this.lagTimeMaxMs = lagTimeMaxMs;
    }

    public void tick(long nowMs) {
        boolean checkShrink = nowMs >= nextShrinkCheckMs;
        if (checkShrink) {
            nextShrinkCheckMs = nowMs + lagTimeMaxMs / 2;
        }
        for (Partition p : partitions.get()) {
            p.proposeIsrChange(nowMs, lagTimeMaxMs, checkShrink).ifPresent(proposal -> {
                LOG.info("Proposing ISR {} for {} (leader epoch {}, partition epoch {})", proposal.newIsr(),
                        p.topicPartition(), proposal.leaderEpoch(), proposal.partitionEpoch());
                CompletableFuture<Boolean> answer;
                try {
                    answer = alterPartition.apply(proposal);
                } catch (RuntimeException e) {
                    answer = CompletableFuture.failedFuture(e);
                }
                answer.whenComplete((accepted, error) -> {
                    boolean ok = error == null && Boolean.TRUE.equals(accepted);
                    if (!ok) {
                        LOG.info("ISR change {} for {} not accepted{}", proposal.newIsr(), p.topicPartition(),
                                error == null ? "" : ": " + error);
                    }
                    p.onIsrChangeAnswered(proposal, ok);
                });
            });
        }
    }
}
