package io.tributary.broker.fetchsession;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.requests.FetchRequest;
import org.junit.jupiter.api.Test;

class FetchSessionTest {
    private static final Uuid ID = Uuid.randomUuid();
    private static final TopicIdPartition P0 = new TopicIdPartition(ID, 0, "orders");
    private static final TopicIdPartition P1 = new TopicIdPartition(ID, 1, "orders");
    private static final TopicIdPartition P2 = new TopicIdPartition(ID, 2, "orders");
    private static final Map<Uuid, String> NAMES = Map.of(ID, "orders");

    private static FetchRequest.PartitionData at(long offset) {
        return new FetchRequest.PartitionData(ID, offset, 0, 1 << 20, Optional.of(0));
    }

    private static FetchResponseData.PartitionData answer(int partition, long hw, boolean withRecords) {
        return new FetchResponseData.PartitionData().setPartitionIndex(partition).setHighWatermark(hw).setLogStartOffset(0)
                .setRecords(withRecords ? MemoryRecords.withRecords(Compression.NONE, new SimpleRecord("v".getBytes()))
                        : MemoryRecords.EMPTY);
    }

    private static LinkedHashMap<TopicIdPartition, FetchRequest.PartitionData> request(Object... tipsAndOffsets) {
        LinkedHashMap<TopicIdPartition, FetchRequest.PartitionData> m = new LinkedHashMap<>();
        for (int i = 0; i < tipsAndOffsets.length; i += 2) {
            m.put((TopicIdPartition) tipsAndOffsets[i], at((Long) tipsAndOffsets[i + 1]));
        }
        return m;
    }

    /** A session made by a full fetch of P0..P2 at offset 0 that was told HW 5 for each. */
    private static FetchSession sessionAfterFullFetch() {
        return new FetchSession(7, 0, request(P0, 0L, P1, 0L, P2, 0L),
                Map.of(P0, answer(0, 5, true), P1, answer(1, 5, true), P2, answer(2, 5, true)));
    }

    @Test
    void shouldFetchEveryPartitionAtItsLastAskedOffsetWhenARequestNamesOnlyTheChangedOne() {
        FetchSession s = sessionAfterFullFetch();

        var toFetch = s.update(1, 10, request(P1, 5L), List.of(), NAMES);

        assertThat(toFetch.keySet()).containsExactly(P0, P1, P2);
        assertThat(toFetch.get(P0).fetchOffset).isZero();
        assertThat(toFetch.get(P1).fetchOffset).isEqualTo(5);
        assertThat(s.epoch()).isEqualTo(2);
        assertThat(s.lastUsedMs()).isEqualTo(10);
    }

    @Test
    void shouldRefuseAnUnexpectedEpochAndChangeNothing() {
        FetchSession s = sessionAfterFullFetch();

        assertThat(s.update(2, 10, request(P1, 5L), List.of(P0), NAMES)).isNull();
        assertThat(s.update(0, 10, Map.of(), List.of(), NAMES)).isNull();

        assertThat(s.epoch()).isEqualTo(1);
        assertThat(s.size()).isEqualTo(3);
        assertThat(s.update(1, 10, Map.of(), List.of(), NAMES).get(P1).fetchOffset).isZero();
    }

    @Test
    void shouldAddNewPartitionsAndDropForgottenOnes() {
        FetchSession s = new FetchSession(7, 0, request(P0, 0L), Map.of(P0, answer(0, 0, false)));

        var toFetch = s.update(1, 1, request(P1, 3L, P2, 4L), List.of(P0), NAMES);

        assertThat(toFetch.keySet()).containsExactly(P1, P2);
        assertThat(s.size()).isEqualTo(2);
    }

    @Test
    void shouldSendOnlyPartitionsWithNewsAndMoveThemToTheEndOfTheOrder() {
        FetchSession s = sessionAfterFullFetch();
        s.update(1, 1, Map.of(), List.of(), NAMES);

        var sent = s.select(Map.of(P0, answer(0, 5, false), P1, answer(1, 6, true), P2, answer(2, 5, false)), NAMES);

        assertThat(sent.keySet()).as("P1 has records; P0 and P2 are as last told").containsExactly(P1);
        assertThat(s.update(2, 2, Map.of(), List.of(), NAMES).keySet()).containsExactly(P0, P2, P1);
    }

    @Test
    void shouldSendAPartitionWhoseHighWatermarkOrLogStartMovedEvenWithoutRecords() {
        FetchSession s = sessionAfterFullFetch();

        var sent = s.select(Map.of(P0, answer(0, 9, false), P1, answer(1, 5, false).setLogStartOffset(2),
                P2, answer(2, 5, false)), NAMES);

        assertThat(sent.keySet()).containsExactlyInAnyOrder(P0, P1);
        assertThat(s.select(Map.of(P0, answer(0, 9, false), P1, answer(1, 5, false).setLogStartOffset(2),
                P2, answer(2, 5, false)), NAMES)).as("nothing new the second time").isEmpty();
    }

    @Test
    void shouldSendAnErrorEveryTimeAndTheFirstAnswerAfterIt() {
        FetchSession s = sessionAfterFullFetch();
        FetchResponseData.PartitionData error = answer(0, -1, false).setErrorCode(Errors.NOT_LEADER_OR_FOLLOWER.code());

        assertThat(s.select(Map.of(P0, error), NAMES).keySet()).containsExactly(P0);
        assertThat(s.select(Map.of(P0, error), NAMES).keySet()).containsExactly(P0);
        assertThat(s.select(Map.of(P0, answer(0, 5, false)), NAMES).keySet())
                .as("HW 5 as before the error, but the client must see the error end").containsExactly(P0);
        assertThat(s.select(Map.of(P0, answer(0, 5, false)), NAMES)).isEmpty();
    }

    @Test
    void shouldSendADivergingEpochOrAPreferredReadReplica() {
        FetchSession s = sessionAfterFullFetch();
        FetchResponseData.PartitionData diverging = answer(0, 5, false);
        diverging.divergingEpoch().setEpoch(3).setEndOffset(4);

        assertThat(s.select(Map.of(P0, diverging, P1, answer(1, 5, false).setPreferredReadReplica(2)), NAMES).keySet())
                .containsExactlyInAnyOrder(P0, P1);
    }

    @Test
    void shouldKeepOnePartitionWhenTheBrokerLearnsItsTopicNameAfterTheSessionBegan() {
        TopicIdPartition unnamed = new TopicIdPartition(ID, 0, null);
        FetchSession s = new FetchSession(7, 0, request(unnamed, 0L),
                Map.of(unnamed, answer(0, -1, false).setErrorCode(Errors.UNKNOWN_TOPIC_ID.code())));

        var toFetch = s.update(1, 1, request(P0, 3L), List.of(), NAMES);

        assertThat(toFetch.keySet()).containsExactly(P0);
        assertThat(toFetch.get(P0).fetchOffset).isEqualTo(3);
        assertThat(s.select(Map.of(P0, answer(0, 5, true)), NAMES).keySet()).containsExactly(P0);
        assertThat(s.update(2, 2, Map.of(), List.of(new TopicIdPartition(ID, 0, null)), Map.of()))
                .as("forgotten by id, whatever the name").isEmpty();
    }
}
