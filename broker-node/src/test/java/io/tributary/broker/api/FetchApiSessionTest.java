package io.tributary.broker.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.HashedWheelTimer;
import io.tributary.broker.fetchsession.FetchSessionCache;
import io.tributary.broker.protocol.KafkaRequest;
import io.tributary.broker.replica.LeaderAndIsr;
import io.tributary.broker.replica.ReplicaManager;
import io.tributary.broker.replica.TempDirPartitionLogs;
import io.tributary.log.LogConfig;
import io.tributary.metadata.image.MetadataDelta;
import io.tributary.metadata.image.MetadataImage;
import io.tributary.metadata.record.LeaderRecoveryState;
import io.tributary.metadata.record.PartitionRecord;
import io.tributary.metadata.record.TopicRecord;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.FetchMetadata;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.FetchResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Incremental fetch sessions (KIP-227) through {@link FetchApi}, over real partition logs. */
@Timeout(30)
class FetchApiSessionTest {
    private static final short VERSION = 17;
    private static final Uuid TOPIC_ID = Uuid.randomUuid();
    private static final int PARTITIONS = 3;

    @TempDir Path dir;
    private final HashedWheelTimer timer = new HashedWheelTimer(5, TimeUnit.MILLISECONDS);
    private final AtomicInteger correlation = new AtomicInteger();
    private TempDirPartitionLogs logs;
    private ReplicaManager manager;
    private MetadataImage image = MetadataImage.EMPTY;

    @BeforeEach
    void setUp() throws Exception {
        MetadataDelta delta = new MetadataDelta(image, 1);
        delta.replay(new TopicRecord("orders", TOPIC_ID));
        for (int p = 0; p < PARTITIONS; p++) {
            delta.replay(new PartitionRecord(TOPIC_ID, p, List.of(1), List.of(1), List.of(), List.of(), 1,
                    LeaderRecoveryState.RECOVERED, 0, 0));
        }
        image = delta.apply();
        logs = new TempDirPartitionLogs(dir);
        manager = new ReplicaManager(1, logs, timer, System::currentTimeMillis);
        for (int p = 0; p < PARTITIONS; p++) {
            manager.becomeLeader(tp(p), TOPIC_ID, new LeaderAndIsr(1, 0, 0, List.of(1), List.of(1)), LogConfig.defaults());
            produce(p, "first-" + p);
        }
    }

    @AfterEach
    void tearDown() {
        manager.close();
        logs.close();
        timer.stop();
    }

    private static TopicPartition tp(int p) {
        return new TopicPartition("orders", p);
    }

    private void produce(int partition, String value) throws Exception {
        MemoryRecords records = MemoryRecords.withRecords(Compression.NONE,
                new SimpleRecord(value.getBytes(StandardCharsets.UTF_8)));
        manager.appendRecords((short) 1, 1000, Map.of(tp(partition), records), t -> 1).get(5, TimeUnit.SECONDS);
    }

    private FetchApi api(int slots) {
        AtomicInteger ids = new AtomicInteger(100);
        return new FetchApi(() -> image, manager, new FetchSessionCache(slots, System::currentTimeMillis, ids::incrementAndGet));
    }

    /** Fetches {@code offsets} (partition -> offset) with session metadata {@code md}, forgetting {@code forgotten}. */
    private FetchResponse fetch(FetchApi api, FetchMetadata md, Map<Integer, Long> offsets, List<Integer> forgotten)
            throws Exception {
        LinkedHashMap<TopicPartition, FetchRequest.PartitionData> data = new LinkedHashMap<>();
        offsets.forEach((p, offset) -> data.put(tp(p),
                new FetchRequest.PartitionData(TOPIC_ID, offset, 0, 1 << 20, Optional.empty())));
        List<TopicIdPartition> removed = new ArrayList<>();
        forgotten.forEach(p -> removed.add(new TopicIdPartition(TOPIC_ID, tp(p))));
        FetchRequest request = FetchRequest.Builder.forConsumer(VERSION, 0, 1, data).metadata(md).removed(removed)
                .replaced(List.of()).build(VERSION);
        RequestHeader header = new RequestHeader(ApiKeys.FETCH, VERSION, "test", correlation.incrementAndGet());
        KafkaRequest kafkaRequest = new KafkaRequest(header, request, new InetSocketAddress("127.0.0.1", 1), System.nanoTime());
        return (FetchResponse) api.handle(kafkaRequest).get(5, TimeUnit.SECONDS);
    }

    /** Partition index -> bytes of records sent for it, of the partitions the response names. */
    private static Map<Integer, Integer> sent(FetchResponse response) {
        Map<Integer, Integer> out = new LinkedHashMap<>();
        for (FetchResponseData.FetchableTopicResponse t : response.data().responses()) {
            for (FetchResponseData.PartitionData p : t.partitions()) {
                out.put(p.partitionIndex(), FetchResponse.recordsSize(p));
            }
        }
        return out;
    }

    @Test
    void shouldSendOnlyPartitionsWithNewsOnceASessionIsOpen() throws Exception {
        FetchApi api = api(10);
        FetchResponse full = fetch(api, FetchMetadata.INITIAL, Map.of(0, 0L, 1, 0L, 2, 0L), List.of());
        int session = full.sessionId();
        assertThat(session).isNotZero();
        assertThat(sent(full)).containsOnlyKeys(0, 1, 2).allSatisfy((p, bytes) -> assertThat(bytes).isPositive());

        FetchResponse caughtUp = fetch(api, new FetchMetadata(session, 1), Map.of(0, 1L, 1, 1L, 2, 1L), List.of());
        assertThat(caughtUp.error()).isEqualTo(Errors.NONE);
        assertThat(caughtUp.sessionId()).isEqualTo(session);
        assertThat(sent(caughtUp)).as("every position moved, nothing new to read").isEmpty();

        produce(2, "second-2");
        FetchResponse news = fetch(api, new FetchMetadata(session, 2), Map.of(), List.of());
        assertThat(sent(news)).containsOnlyKeys(2);
        assertThat(sent(news).get(2)).as("the new record").isPositive();
        assertThat(news.data().responses().get(0).partitions().get(0).highWatermark()).isEqualTo(2);
    }

    @Test
    void shouldAnswerSessionErrorsForAWrongEpochOrAnUnknownSession() throws Exception {
        FetchApi api = api(10);
        int session = fetch(api, FetchMetadata.INITIAL, Map.of(0, 0L), List.of()).sessionId();

        FetchResponse wrongEpoch = fetch(api, new FetchMetadata(session, 5), Map.of(), List.of());
        FetchResponse unknown = fetch(api, new FetchMetadata(session + 1, 1), Map.of(), List.of());

        assertThat(wrongEpoch.error()).isEqualTo(Errors.INVALID_FETCH_SESSION_EPOCH);
        assertThat(unknown.error()).isEqualTo(Errors.FETCH_SESSION_ID_NOT_FOUND);
        assertThat(fetch(api, new FetchMetadata(session, 1), Map.of(), List.of()).error())
                .as("the session survives a wrong epoch").isEqualTo(Errors.NONE);
    }

    @Test
    void shouldCloseTheSessionWhenEveryPartitionIsForgottenOrAFullFetchNamesIt() throws Exception {
        FetchApi api = api(10);
        int first = fetch(api, FetchMetadata.INITIAL, Map.of(0, 0L, 1, 0L), List.of()).sessionId();

        FetchResponse emptied = fetch(api, new FetchMetadata(first, 1), Map.of(), List.of(0, 1));
        assertThat(emptied.sessionId()).isZero();
        assertThat(fetch(api, new FetchMetadata(first, 2), Map.of(), List.of()).error())
                .isEqualTo(Errors.FETCH_SESSION_ID_NOT_FOUND);

        int second = fetch(api, FetchMetadata.INITIAL, Map.of(0, 0L), List.of()).sessionId();
        FetchResponse closing = fetch(api, new FetchMetadata(second, FetchMetadata.FINAL_EPOCH), Map.of(0, 0L, 1, 0L),
                List.of());
        assertThat(closing.sessionId()).isZero();
        assertThat(sent(closing)).containsOnlyKeys(0, 1);
        assertThat(fetch(api, new FetchMetadata(second, 1), Map.of(), List.of()).error())
                .isEqualTo(Errors.FETCH_SESSION_ID_NOT_FOUND);
    }

    @Test
    void shouldAnswerEveryPartitionWithoutASessionWhenNoneIsAskedForOrNoSlotIsFree() throws Exception {
        FetchResponse legacy = fetch(api(10), FetchMetadata.LEGACY, Map.of(0, 1L, 1, 1L, 2, 1L), List.of());
        FetchResponse noSlots = fetch(api(0), FetchMetadata.INITIAL, Map.of(0, 1L, 1, 1L, 2, 1L), List.of());

        assertThat(legacy.sessionId()).isZero();
        assertThat(sent(legacy)).as("every partition, even without records").containsOnlyKeys(0, 1, 2);
        assertThat(noSlots.sessionId()).isZero();
        assertThat(sent(noSlots)).containsOnlyKeys(0, 1, 2);
    }
}
