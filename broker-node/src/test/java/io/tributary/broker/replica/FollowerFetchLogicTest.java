package io.tributary.broker.replica;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.log.EpochEndOffset;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.IntFunction;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.Test;

class FollowerFetchLogicTest {
    /** The follower's epoch cache: epoch 1 from 0, epoch 2 from 5, log end 8. */
    private static final IntFunction<EpochEndOffset> OWN = epoch -> {
        Map<Integer, EpochEndOffset> answers = Map.of(1, new EpochEndOffset(1, 5), 2, new EpochEndOffset(2, 8), 3, new EpochEndOffset(2, 8));
        return answers.getOrDefault(epoch, EpochEndOffset.UNDEFINED);
    };

    private static FetchResponseData.PartitionData response(Errors error) {
        return new FetchResponseData.PartitionData().setErrorCode(error.code()).setHighWatermark(6).setLogStartOffset(0)
                .setRecords(MemoryRecords.EMPTY);
    }

    private static FetchResponseData.PartitionData diverging(int epoch, long endOffset) {
        FetchResponseData.PartitionData pd = response(Errors.NONE);
        pd.divergingEpoch().setEpoch(epoch).setEndOffset(endOffset);
        return pd;
    }

    @Test
    void shouldAppendAndCarryLeaderHighWatermarkWhenDataArrives() {
        MemoryRecords records = MemoryRecords.withRecords(8L, Compression.NONE, new SimpleRecord("v".getBytes(StandardCharsets.UTF_8)));
        FollowerAction action = FollowerFetchLogic.decide(8, 6, OWN, response(Errors.NONE).setRecords(records).setHighWatermark(9));
        assertThat(action).isInstanceOf(FollowerAction.Append.class);
        assertThat(((FollowerAction.Append) action).leaderHighWatermark()).isEqualTo(9);
        assertThat(((FollowerAction.Append) action).records().sizeInBytes()).isEqualTo(records.sizeInBytes());
    }

    @Test
    void shouldTruncateToLeaderEndOfSharedEpochWhenItEndedEarlier() {
        assertThat(FollowerFetchLogic.decide(8, 6, OWN, diverging(2, 7))).isEqualTo(new FollowerAction.Truncate(7));
    }

    @Test
    void shouldTruncateToOwnEndOfOlderEpochWhenLeaderAnswersAnEpochWeNeverHad() {
        // Ours: epoch 1 from 0, epoch 3 from 5, end 8. The leader answers epoch 2 (ours: none; floor 1, ending at 5).
        IntFunction<EpochEndOffset> own = e -> e >= 3 ? new EpochEndOffset(3, 8) : e >= 1 ? new EpochEndOffset(1, 5) : EpochEndOffset.UNDEFINED;
        assertThat(FollowerFetchLogic.decide(8, 4, own, diverging(2, 6))).isEqualTo(new FollowerAction.Truncate(5));
    }

    @Test
    void shouldBackOffWhenTruncationWouldNotShortenTheLog() {
        assertThat(FollowerFetchLogic.decide(8, 6, OWN, diverging(2, 9))).isInstanceOf(FollowerAction.Backoff.class);
    }

    @Test
    void shouldTruncateToLeaderOffsetWhenWeDoNotKnowItsEpoch() {
        assertThat(FollowerFetchLogic.decide(8, 6, OWN, diverging(0, 3))).isEqualTo(new FollowerAction.Truncate(3));
    }

    @Test
    void shouldRestartAtLeaderLogStartWhenItIsPastOurEnd() {
        FetchResponseData.PartitionData pd = response(Errors.OFFSET_OUT_OF_RANGE).setLogStartOffset(20);
        assertThat(FollowerFetchLogic.decide(8, 6, OWN, pd)).isEqualTo(new FollowerAction.RestartAt(20));
    }

    @Test
    void shouldTruncateToHighWatermarkWhenFetchingPastLeaderEnd() {
        assertThat(FollowerFetchLogic.decide(8, 6, OWN, response(Errors.OFFSET_OUT_OF_RANGE))).isEqualTo(new FollowerAction.Truncate(6));
    }

    @Test
    void shouldBackOffWhenLeaderIsFencedOrMoved() {
        assertThat(FollowerFetchLogic.decide(8, 6, OWN, response(Errors.FENCED_LEADER_EPOCH)))
                .isEqualTo(new FollowerAction.Backoff(Errors.FENCED_LEADER_EPOCH));
        assertThat(FollowerFetchLogic.decide(8, 6, OWN, response(Errors.NOT_LEADER_OR_FOLLOWER)))
                .isEqualTo(new FollowerAction.Backoff(Errors.NOT_LEADER_OR_FOLLOWER));
    }
}
