package io.tributary.broker.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.broker.protocol.KafkaRequest;
import io.tributary.metadata.image.MetadataDelta;
import io.tributary.metadata.image.MetadataImage;
import io.tributary.metadata.record.CoordinatorShardRecord;
import io.tributary.metadata.record.LeaderRecoveryState;
import io.tributary.metadata.record.MetadataRecord;
import io.tributary.metadata.record.PartitionRecord;
import io.tributary.metadata.record.TopicRecord;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.OffsetCommitRequest;
import org.apache.kafka.common.requests.OffsetCommitResponse;
import org.apache.kafka.common.requests.OffsetFetchRequest;
import org.apache.kafka.common.requests.OffsetFetchResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** OffsetCommit and OffsetFetch across their versions: topic names or ids, one group or several. */
class OffsetApisTest {
    private static final Uuid TOPIC_ID = Uuid.fromString("AAAAAAAAAAAAAAAAAAAAAQ");

    private volatile MetadataImage image = MetadataImage.EMPTY;
    private GroupCoordinator coordinator;
    private OffsetCommitApi commitApi;
    private OffsetFetchApi fetchApi;

    private synchronized void apply(List<? extends MetadataRecord> records) {
        MetadataDelta delta = new MetadataDelta(image, image.offset() + 1);
        records.forEach(delta::replay);
        image = delta.apply();
    }

    @BeforeEach
    void start() {
        apply(List.of(new TopicRecord("orders", TOPIC_ID),
                new PartitionRecord(TOPIC_ID, 0, List.of(1), List.of(1), List.of(), List.of(), 1, LeaderRecoveryState.RECOVERED, 0, 0),
                new PartitionRecord(TOPIC_ID, 1, List.of(1), List.of(1), List.of(), List.of(), 1, LeaderRecoveryState.RECOVERED, 0, 0),
                new CoordinatorShardRecord(0, 1, 1), new CoordinatorShardRecord(1, 2, 1)));
        coordinator = new GroupCoordinator(1, new GroupCoordinatorConfig(0, 6_000, 300_000, 2, 0), () -> image,
                (shard, epoch, records) -> {
                    apply(records);
                    return CompletableFuture.completedFuture(Errors.NONE);
                }, () -> 7L);
        commitApi = new OffsetCommitApi(coordinator, () -> image, () -> 7L);
        fetchApi = new OffsetFetchApi(coordinator, () -> image);
    }

    @AfterEach
    void stop() {
        coordinator.close();
    }

    /** A group id in the shard this broker leads (shard 0) or the other one. */
    private static String group(boolean local) {
        for (int i = 0; ; i++) {
            if ((coordinatorShard("g" + i) == 0) == local) {
                return "g" + i;
            }
        }
    }

    private static int coordinatorShard(String groupId) {
        return io.tributary.metadata.image.CoordinatorShards.shardFor(groupId, 2);
    }

    private static KafkaRequest request(ApiKeys key, short version, AbstractRequest body) {
        return new KafkaRequest(new RequestHeader(key, version, "c", 1), body, null, 0);
    }

    private OffsetCommitResponseData commit(short version, String groupId, String topicName, Uuid topicId, int partition, long offset)
            throws Exception {
        OffsetCommitRequestData data = new OffsetCommitRequestData().setGroupId(groupId).setGenerationIdOrMemberEpoch(-1).setMemberId("");
        data.topics().add(new OffsetCommitRequestData.OffsetCommitRequestTopic().setName(topicName).setTopicId(topicId)
                .setPartitions(List.of(new OffsetCommitRequestData.OffsetCommitRequestPartition().setPartitionIndex(partition)
                        .setCommittedOffset(offset).setCommittedMetadata("m"))));
        OffsetCommitRequest body = new OffsetCommitRequest(data, version);
        return ((OffsetCommitResponse) commitApi.handle(request(ApiKeys.OFFSET_COMMIT, version, body)).get(5, TimeUnit.SECONDS)).data();
    }

    private OffsetFetchResponse fetch(short version, List<String> groupIds, boolean byId) throws Exception {
        OffsetFetchRequestData data = new OffsetFetchRequestData();
        for (String g : groupIds) {
            data.groups().add(new OffsetFetchRequestData.OffsetFetchRequestGroup().setGroupId(g).setMemberEpoch(-1)
                    .setTopics(List.of(new OffsetFetchRequestData.OffsetFetchRequestTopics().setName(byId ? "" : "orders")
                            .setTopicId(byId ? TOPIC_ID : Uuid.ZERO_UUID).setPartitionIndexes(List.of(0, 1)))));
        }
        OffsetFetchRequest body = OffsetFetchRequest.Builder.forTopicIdsOrNames(data, false).build(version);
        return (OffsetFetchResponse) fetchApi.handle(request(ApiKeys.OFFSET_FETCH, version, body)).get(5, TimeUnit.SECONDS);
    }

    @Test
    void shouldCommitByNameAndFetchWithSingleGroupWhenClientUsesOldVersions() throws Exception {
        String g = group(true);
        OffsetCommitResponseData r = commit((short) 8, g, "orders", null, 0, 11);
        assertThat(r.topics().get(0).partitions().get(0).errorCode()).isEqualTo(Errors.NONE.code());
        OffsetFetchResponse f = fetch((short) 7, List.of(g), false);
        assertThat(f.data().topics()).singleElement().satisfies(t -> {
            assertThat(t.partitions()).extracting(OffsetFetchResponseData.OffsetFetchResponsePartition::committedOffset)
                    .containsExactly(11L, -1L);
            assertThat(t.partitions().get(0).metadata()).isEqualTo("m");
        });
    }

    @Test
    void shouldCommitAndFetchByTopicIdWhenClientUsesV10() throws Exception {
        String g = group(true);
        OffsetCommitResponseData r = commit((short) 10, g, "", TOPIC_ID, 1, 22);
        assertThat(r.topics().get(0).topicId()).isEqualTo(TOPIC_ID);
        assertThat(r.topics().get(0).partitions().get(0).errorCode()).isEqualTo(Errors.NONE.code());
        OffsetFetchResponseData.OffsetFetchResponseGroup group = fetch((short) 10, List.of(g), true).data().groups().get(0);
        assertThat(group.topics().get(0).topicId()).isEqualTo(TOPIC_ID);
        assertThat(group.topics().get(0).partitions().get(1).committedOffset()).isEqualTo(22L);
    }

    @Test
    void shouldAnswerEachGroupWhenFetchIsBatched() throws Exception {
        String local = group(true);
        String remote = group(false);
        commit((short) 9, local, "orders", null, 0, 5);
        OffsetFetchResponseData data = fetch((short) 8, List.of(local, remote), false).data();
        assertThat(data.groups()).extracting(OffsetFetchResponseData.OffsetFetchResponseGroup::errorCode)
                .containsExactly(Errors.NONE.code(), Errors.NOT_COORDINATOR.code());
        assertThat(data.groups().get(0).topics().get(0).partitions().get(0).committedOffset()).isEqualTo(5L);
    }

    @Test
    void shouldRefusePartitionWhenTopicIsUnknown() throws Exception {
        OffsetCommitResponseData r = commit((short) 9, group(true), "nope", null, 0, 1);
        assertThat(r.topics().get(0).partitions().get(0).errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        assertThat(commit((short) 9, group(true), "orders", null, 7, 1).topics().get(0).partitions().get(0).errorCode())
                .isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
    }
}
