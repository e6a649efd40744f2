package io.tributary.broker.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.metadata.image.MetadataDelta;
import io.tributary.metadata.image.MetadataImage;
import io.tributary.metadata.image.MetadataSnapshot;
import io.tributary.metadata.record.ConsumerGroupRecord;
import io.tributary.metadata.record.CoordinatorShardRecord;
import io.tributary.metadata.record.LeaderRecoveryState;
import io.tributary.metadata.record.MetadataRecord;
import io.tributary.metadata.record.PartitionRecord;
import io.tributary.metadata.record.TopicRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The coordinator driver with KIP-848 groups against an in-memory quorum: heartbeats answered once
 * the group's state is written, the state taken over by a new coordinator epoch, and classic and
 * consumer groups kept apart.
 */
class ConsumerGroupCoordinatorTest {
    private static final int BROKER = 1;
    private static final int SHARDS = 2;
    private static final Uuid TOPIC = Uuid.fromString("AAAAAAAAAAAAAAAAAAAAAQ");

    private volatile MetadataImage image = MetadataImage.EMPTY;
    private final AtomicLong nowMs = new AtomicLong(1_000);
    private final List<List<MetadataRecord>> writes = new ArrayList<>();
    private GroupCoordinator coordinator;

    private synchronized CompletableFuture<Errors> write(int shardId, int epoch, List<MetadataRecord> records) {
        if (image.coordinatorShards().get(shardId).epoch() != epoch) {
            return CompletableFuture.completedFuture(Errors.NOT_COORDINATOR);
        }
        writes.add(List.copyOf(records));
        apply(records.toArray(MetadataRecord[]::new));
        return CompletableFuture.completedFuture(Errors.NONE);
    }

    private synchronized void apply(MetadataRecord... records) {
        MetadataDelta delta = new MetadataDelta(image, image.offset() + 1);
        for (MetadataRecord r : records) {
            delta.replay(r);
        }
        image = delta.apply();
    }

    private void start() {
        apply(new TopicRecord("orders", TOPIC));
        for (int p = 0; p < 4; p++) {
            apply(new PartitionRecord(TOPIC, p, List.of(1), List.of(1), List.of(), List.of(), 1, LeaderRecoveryState.RECOVERED, 0, 0));
        }
        for (int s = 0; s < SHARDS; s++) {
            apply(new CoordinatorShardRecord(s, BROKER, 1));
        }
        coordinator = new GroupCoordinator(BROKER, new GroupCoordinatorConfig(0, 6_000, 300_000, SHARDS, 0), () -> image,
                this::write, nowMs::get);
    }

    @AfterEach
    void stop() {
        if (coordinator != null) {
            coordinator.close();
        }
    }

    private static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(10, TimeUnit.SECONDS);
    }

    private ConsumerGroupHeartbeatResponseData heartbeat(String group, String member, int epoch) throws Exception {
        ConsumerGroupHeartbeatRequestData r = new ConsumerGroupHeartbeatRequestData().setGroupId(group).setMemberId(member)
                .setMemberEpoch(epoch);
        if (epoch == 0) {
            r.setRebalanceTimeoutMs(30_000).setSubscribedTopicNames(List.of("orders")).setTopicPartitions(List.of());
        }
        return await(coordinator.consumerGroupHeartbeat(r, 1, "client", "/127.0.0.1"));
    }

    @Test
    void shouldPersistJoinBeforeAnsweringAndContinueUnderNewCoordinatorEpoch() throws Exception {
        start();
        ConsumerGroupHeartbeatResponseData joined = heartbeat("g", "m1", 0);
        assertThat(joined.errorCode()).isZero();
        assertThat(joined.memberEpoch()).isEqualTo(1);
        assertThat(joined.assignment().topicPartitions()).singleElement()
                .satisfies(tp -> assertThat(tp.partitions()).containsExactly(0, 1, 2, 3));
        assertThat(image.groups().get("g").consumerGroup()).isNotNull();
        int written = writes.size();
        assertThat(heartbeat("g", "m1", 1).errorCode()).isZero();
        assertThat(writes).as("a heartbeat that changes nothing writes nothing").hasSize(written);

        // The snapshot format keeps the group.
        java.io.ByteArrayOutputStream snapshot = new java.io.ByteArrayOutputStream();
        MetadataSnapshot.write(image, snapshot);
        assertThat(MetadataSnapshot.read(new java.io.ByteArrayInputStream(snapshot.toByteArray())).groups().get("g"))
                .isEqualTo(image.groups().get("g"));

        // A new coordinator epoch (as after failover) reloads the group from the image: same member, same epoch.
        int shard = coordinator.shardFor("g");
        apply(new CoordinatorShardRecord(shard, BROKER, 2));
        ConsumerGroupHeartbeatResponseData after = heartbeat("g", "m1", 1);
        assertThat(after.errorCode()).isZero();
        assertThat(after.memberEpoch()).isEqualTo(1);
        ConsumerGroupDescribeResponseData.DescribedGroup d = await(coordinator.describeConsumerGroups(List.of("g"))).get(0);
        assertThat(d.groupState()).isEqualTo("Stable");
        assertThat(d.members()).singleElement().satisfies(m -> {
            assertThat(m.memberId()).isEqualTo("m1");
            assertThat(m.assignment().topicPartitions()).singleElement()
                    .satisfies(tp -> assertThat(tp.topicName()).isEqualTo("orders"));
        });
        assertThat(await(coordinator.commitOffsets("g", "m1", null, 1, java.util.Map.of()))).isEqualTo(Errors.NONE);
        assertThat(await(coordinator.commitOffsets("g", "m1", null, 9, java.util.Map.of()))).isEqualTo(Errors.STALE_MEMBER_EPOCH);
    }

    @Test
    void shouldKeepClassicAndConsumerGroupsApart() throws Exception {
        start();
        assertThat(heartbeat("c", "m1", 0).errorCode()).isZero();
        JoinGroupRequestData join = new JoinGroupRequestData().setGroupId("c").setMemberId("").setProtocolType("consumer")
                .setSessionTimeoutMs(10_000).setRebalanceTimeoutMs(10_000);
        join.protocols().add(new JoinGroupRequestData.JoinGroupRequestProtocol().setName("range").setMetadata(new byte[0]));
        assertThat(await(coordinator.join(join, 9, "c", "/h")).errorCode()).isEqualTo(Errors.INCONSISTENT_GROUP_PROTOCOL.code());

        // A classic group with members: a consumer-protocol heartbeat is refused.
        JoinGroupRequestData classic = join.duplicate().setGroupId("k");
        String memberId = await(coordinator.join(classic, 9, "c", "/h")).memberId();
        coordinator.join(classic.setMemberId(memberId), 9, "c", "/h");
        Thread.sleep(100);
        assertThat(heartbeat("k", "m1", 0).errorCode()).isEqualTo(Errors.GROUP_ID_NOT_FOUND.code());
        assertThat(await(coordinator.describeConsumerGroups(List.of("k", "nope"))))
                .allSatisfy(g -> assertThat(g.errorCode()).isEqualTo(Errors.GROUP_ID_NOT_FOUND.code()));

        // Unknown group, member epoch > 0: unknown member (the client rejoins).
        assertThat(heartbeat("fresh", "m1", 3).errorCode()).isEqualTo(Errors.UNKNOWN_MEMBER_ID.code());
        assertThat(await(coordinator.listGroups())).anySatisfy(l -> {
            assertThat(l.groupId()).isEqualTo("c");
            assertThat(l.groupType()).isEqualTo("consumer");
        });

        // Once empty, a consumer group can be deleted.
        assertThat(heartbeat("c", "m1", -1).memberEpoch()).isEqualTo(-1);
        assertThat(await(coordinator.deleteGroups(List.of("c")))).containsEntry("c", Errors.NONE);
        assertThat(image.groups()).doesNotContainKey("c");
        assertThat(writes.stream().flatMap(List::stream).anyMatch(r -> r instanceof ConsumerGroupRecord)).isTrue();
    }
}
