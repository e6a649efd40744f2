package io.tributary.metadata.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;

class MetadataBatchCodecTest {

    private static final Uuid TOPIC = Uuid.fromString("AAAAAAAAAAAAAAAAAAAAAQ");

    @Test
    void shouldRoundTripEveryRecordTypeWhenEncodedAndDecoded() {
        List<MetadataRecord> records = List.of(
                new RegisterBrokerRecord(1, Uuid.fromString("AAAAAAAAAAAAAAAAAAAAAg"), 7L,
                        List.of(new Endpoint("PLAINTEXT", "localhost", 9092, "PLAINTEXT")), "r1", true, false),
                new BrokerRegistrationChangeRecord(1, 7L, false, null),
                new UnregisterBrokerRecord(3, 4L),
                new TopicRecord("orders", TOPIC),
                new PartitionRecord(TOPIC, 0, List.of(1, 2, 3), List.of(1, 2), List.of(), List.of(), 1,
                        LeaderRecoveryState.RECOVERED, 0, 0),
                PartitionChangeRecord.of(TOPIC, 0, List.of(1), PartitionChangeRecord.NO_CHANGE),
                new RemoveTopicRecord(TOPIC),
                new ConfigRecord(ConfigResourceType.TOPIC, "orders", "retention.ms", "1000"),
                new ConfigRecord(ConfigResourceType.TOPIC, "orders", "cleanup.policy", null),
                new ProducerIdsRecord(1, 7L, 2000L),
                new CoordinatorShardRecord(3, 1, 5),
                new GroupRecord("g", "consumer", "range", 3, "m1",
                        List.of(new GroupMember("m1", null, "c", "/127.0.0.1", 300000, 45000,
                                new byte[] {1, 2}, new byte[] {3}))),
                new GroupTombstoneRecord("g"),
                new OffsetCommitRecord("g", TOPIC, 0, 42L, 3, "meta", 1000L),
                new OffsetDeleteRecord("g", TOPIC, 0),
                new ControllerActivationRecord(4L));
        List<Precondition> preconditions = List.of(
                new Precondition.PartitionEpochIs(TOPIC, 0, 3), new Precondition.BrokerEpochIs(1, 7L),
                new Precondition.TopicAbsent("x"), new Precondition.TopicPresent(TOPIC),
                new Precondition.PartitionCountIs(TOPIC, 3), new Precondition.CoordinatorEpochIs(1, 2),
                new Precondition.NextProducerIdIs(1000L), new Precondition.ControllerTermIs(4L));
        MetadataBatch batch = MetadataBatch.of(preconditions, records);

        MetadataBatch decoded = MetadataBatchCodec.decode(MetadataBatchCodec.encode(batch));

        assertThat(decoded).isEqualTo(batch);
    }

    @Test
    void shouldIgnoreUnknownFieldsWhenReadingEntryWrittenByOtherVersion() {
        String json = "{\"v\":1,\"futureField\":true,\"preconditions\":[],\"records\":["
                + "{\"type\":\"Topic\",\"name\":\"t\",\"topicId\":\"" + TOPIC + "\",\"addedLater\":{\"x\":1}},"
                + "{\"type\":\"CoordinatorShard\",\"shardId\":1,\"leader\":2}]}";

        MetadataBatch decoded = MetadataBatchCodec.decode(json.getBytes(StandardCharsets.UTF_8));

        assertThat(decoded.records()).containsExactly(new TopicRecord("t", TOPIC), new CoordinatorShardRecord(1, 2, 0));
    }

    @Test
    void shouldRejectEntryWhenVersionIsNewerThanSupported() {
        byte[] entry = "{\"v\":2,\"records\":[]}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> MetadataBatchCodec.decode(entry))
                .isInstanceOf(MetadataBatchCodec.MalformedEntryException.class)
                .hasMessageContaining("unsupported entry version 2");
    }

    @Test
    void shouldBlameTheVersionWhenANewerEntryHoldsARecordTypeThisNodeDoesNotKnow() {
        byte[] entry = "{\"v\":2,\"records\":[{\"type\":\"Teleport\"}]}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> MetadataBatchCodec.decode(entry))
                .isInstanceOf(MetadataBatchCodec.MalformedEntryException.class)
                .hasMessageContaining("unsupported entry version 2");
    }

    @Test
    void shouldRejectEntryWhenItIsNotAJsonObject() {
        for (String entry : new String[] {"[1,2]", "7", "null", "{\"v\":1,"}) {
            assertThatThrownBy(() -> MetadataBatchCodec.decode(entry.getBytes(StandardCharsets.UTF_8)))
                    .as(entry).isInstanceOf(MetadataBatchCodec.MalformedEntryException.class);
        }
        assertThatThrownBy(() -> MetadataBatchCodec.decode("[1,2]".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("not a JSON object");
    }

    @Test
    void shouldRejectEntryWhenRecordTypeIsUnknown() {
        byte[] entry = "{\"v\":1,\"records\":[{\"type\":\"Teleport\"}]}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> MetadataBatchCodec.decode(entry))
                .isInstanceOf(MetadataBatchCodec.MalformedEntryException.class);
    }

    @Test
    void shouldRoundTripApplyResultWhenErrorIsSet() {
        ApplyResult result = ApplyResult.failure(org.apache.kafka.common.protocol.Errors.NOT_COORDINATOR, "stale", 9L);

        assertThat(ApplyResult.decode(result.encode())).isEqualTo(result);
        assertThat(ApplyResult.decode(result.encode()).error())
                .isEqualTo(org.apache.kafka.common.protocol.Errors.NOT_COORDINATOR);
    }
}
