package io.tributary.broker.replica;

import io.tributary.log.EpochEndOffset;
import java.util.function.IntFunction;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.requests.FetchResponse;

/**
 * Decides what a follower does with one partition of the leader's fetch response — append,
 * truncate after a divergence, restart past the leader's log start, or back off — following Kafka's
 * {@code AbstractFetcherThread}. Truncation after {@code DivergingEpoch{epoch, endOffset}}:
 * <ul>
 *   <li>we do not know that epoch: to min(leader's end offset, our LEO);</li>
 *   <li>our largest epoch not above it is older: to our end of that older epoch, then fetch again
 *       (the leader will answer for that epoch next);</li>
 *   <li>same epoch: to min(our end of it, the leader's end of it).</li>
 * </ul>
 * A truncation that would not shorten the log backs off instead, so a confused exchange can never
 * spin.
 *
 * <p>Pure and stateless.
 */
final class FollowerFetchLogic {
    private FollowerFetchLogic() {
    }

    /**
     * @param logEndOffset the follower's LEO (its fetch offset for this response)
     * @param highWatermark the follower's HW
     * @param ownEndOffsetFor the follower's epoch cache: (largest epoch ≤ asked, its end offset)
     * @param response the partition's part of the leader's answer
     */
    static FollowerAction decide(long logEndOffset, long highWatermark, IntFunction<EpochEndOffset> ownEndOffsetFor,
                                 FetchResponseData.PartitionData response) {
        Errors error = Errors.forCode(response.errorCode());
        if (error == Errors.OFFSET_OUT_OF_RANGE) {
            // Past the leader's end (or an epoch the leader cannot place): our HW is committed, go back to it.
            if (response.logStartOffset() > logEndOffset) {
                return new FollowerAction.RestartAt(response.logStartOffset());
            }
            return truncateOrBackoff(Math.min(highWatermark, logEndOffset), logEndOffset, error);
        }
        if (error != Errors.NONE) {
            return new FollowerAction.Backoff(error);
        }
        if (FetchResponse.isDivergingEpoch(response)) {
            FetchResponseData.EpochEndOffset diverging = response.divergingEpoch();
            return truncateOrBackoff(truncationOffset(logEndOffset, highWatermark, ownEndOffsetFor, diverging),
                    logEndOffset, Errors.NONE);
        }
        MemoryRecords records = (MemoryRecords) FetchResponse.recordsOrFail(response);
        return new FollowerAction.Append(records, response.highWatermark());
    }

    private static long truncationOffset(long logEndOffset, long highWatermark, IntFunction<EpochEndOffset> ownEndOffsetFor,
                                         FetchResponseData.EpochEndOffset diverging) {
        EpochEndOffset own = ownEndOffsetFor.apply(diverging.epoch());
        if (own.isUndefined()) {
            return Math.min(diverging.endOffset(), logEndOffset);
        }
        if (own.epoch() != diverging.epoch()) {
            return Math.min(own.endOffset(), logEndOffset);
        }
        return Math.min(Math.min(own.endOffset(), diverging.endOffset()), logEndOffset);
    }

    private static FollowerAction truncateOrBackoff(long offset, long logEndOffset, Errors error) {
        return offset < logEndOffset ? new FollowerAction.Truncate(Math.max(0, offset)) : new FollowerAction.Backoff(error);
    }
}
