package io.tributary.metadata.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.metadata.controller.rpc.ControllerRequest;
import io.tributary.metadata.controller.rpc.ControllerResponse;
import io.tributary.metadata.image.ConfigResourceKey;
import io.tributary.metadata.image.CoordinatorShard;
import io.tributary.metadata.image.CoordinatorShards;
import io.tributary.metadata.image.PartitionKey;
import io.tributary.metadata.record.ConfigResourceType;
import io.tributary.metadata.record.GroupRecord;
import io.tributary.metadata.record.OffsetCommitRecord;
import io.tributary.metadata.record.TopicRecord;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Coordinator shards, group-state writes, producer ids and configs. */
class CoordinationControlTest {

    private static final int SHARDS = 6;
    private final ControllerTestContext ctx = new ControllerTestContext(ControllerConfig.of(
            ControllerConfig.OFFSETS_TOPIC_NUM_PARTITIONS, SHARDS, ControllerConfig.AUTO_LEADER_REBALANCE_ENABLE, false));

    @AfterEach
    void close() throws InterruptedException {
        ctx.close();
    }

    @Test
    void shouldAssignEveryShardEvenlyWhenBrokersAreLiveAtFirstAssignment() {
        ctx.register(1, null);
        ctx.register(2, null);
        ctx.register(3, null);
        ctx.tickUntilQuiet();
        assertThat(ctx.image().coordinatorShards()).isEmpty();
        for (int b = 1; b <= 3; b++) {
            ControllerResponse.BrokerHeartbeat r = ctx.send(new ControllerRequest.BrokerHeartbeat(b,
                    ctx.image().broker(b).epoch(), ctx.image().offset(), false, false));
            assertThat(r.isFenced()).isFalse();
        }

        assertThat(ctx.image().coordinatorShards()).hasSize(SHARDS);
        assertThat(ctx.image().coordinatorShards().values()).allSatisfy(s -> assertThat(s.leader()).isEqualTo(1));
    }

    @Test
    void shouldSpreadShardsOverBrokersThatJoinedLaterWhenRebalanceRuns() throws InterruptedException {
        try (ControllerTestContext auto = new ControllerTestContext(ControllerConfig.of(
                ControllerConfig.OFFSETS_TOPIC_NUM_PARTITIONS, SHARDS,
                ControllerConfig.LEADER_IMBALANCE_CHECK_INTERVAL_SECONDS, 1))) {
            auto.startBrokers(1, 2, 3);
            auto.tickUntilQuiet();

            auto.advance(1000);
            auto.tickUntilQuiet();

            Map<Integer, Integer> load = new HashMap<>();
            auto.image().coordinatorShards().values().forEach(s -> load.merge(s.leader(), 1, Integer::sum));
            assertThat(load).containsOnlyKeys(1, 2, 3);
            assertThat(load.values()).allSatisfy(n -> assertThat(n).isEqualTo(2));
        }
    }

    @Test
    void shouldNotMoveShardsOffABrokerThatHasGoneSilentWhenRebalanceRuns() throws InterruptedException {
        // A silent broker may still hold its lease and serve its groups from its image: its shards stay
        // until it is fenced, or until it is heard from again.
        try (ControllerTestContext auto = new ControllerTestContext(ControllerConfig.of(
                ControllerConfig.OFFSETS_TOPIC_NUM_PARTITIONS, SHARDS,
                ControllerConfig.LEADER_IMBALANCE_CHECK_INTERVAL_SECONDS, 1))) {
            auto.startBrokers(1, 2, 3);
            auto.tickUntilQuiet();
            assertThat(auto.image().coordinatorShards().values()).allSatisfy(s -> assertThat(s.leader()).isEqualTo(1));

            for (int i = 0; i < 4; i++) { // rebalance checks at 1.2 s and 2.4 s
                auto.advance(600);
                auto.heartbeat(2);
                auto.heartbeat(3);
                auto.tickUntilQuiet();
            }
            assertThat(auto.image().broker(1).fenced()).isFalse();
            assertThat(auto.image().coordinatorShards().values()).as("broker 1 silent for 2.4 s")
                    .allSatisfy(s -> assertThat(s.leader()).isEqualTo(1));

            auto.advance(1000); // the next check, with broker 1 heard from again
            auto.heartbeat(1);
            auto.heartbeat(2);
            auto.heartbeat(3);
            auto.tickUntilQuiet();

            Map<Integer, Integer> load = new HashMap<>();
            auto.image().coordinatorShards().values().forEach(s -> load.merge(s.leader(), 1, Integer::sum));
            assertThat(load).containsOnlyKeys(1, 2, 3);
        }
    }

    @Test
    void shouldMoveShardsWithEpochBumpWhenTheirLeaderIsFenced() {
        ctx.startBrokers(1, 2);
        ctx.tickUntilQuiet();
        Map<Integer, CoordinatorShard> before = ctx.image().coordinatorShards();

        ctx.heartbeat(1, true, false);

        for (CoordinatorShard s : ctx.image().coordinatorShards().values()) {
            assertThat(s.leader()).isEqualTo(2);
            CoordinatorShard old = before.get(s.shardId());
            assertThat(s.epoch()).isEqualTo(old.leader() == 1 ? old.epoch() + 1 : old.epoch());
        }
    }

    @Test
    void shouldLeaveShardsWithoutLeaderWhenNoBrokerIsLive() {
        ctx.startBrokers(1);
        ctx.tickUntilQuiet();

        ctx.heartbeat(1, true, false);

        assertThat(ctx.image().coordinatorShards().values()).allSatisfy(s -> assertThat(s.leader()).isEqualTo(-1));
    }

    @Test
    void shouldPersistGroupStateWhenWrittenInCurrentCoordinatorEpoch() {
        ctx.startBrokers(1);
        ctx.tickUntilQuiet();
        String group = "payments";
        int shard = CoordinatorShards.shardFor(group, SHARDS);
        CoordinatorShard s = ctx.image().coordinatorShards().get(shard);
        Uuid topic = Uuid.randomUuid();

        ControllerResponse.WriteGroupState r = ctx.send(new ControllerRequest.WriteGroupState(shard, s.epoch(), List.of(
                new GroupRecord(group, "consumer", "range", 1, "m1", List.of()),
                new OffsetCommitRecord(group, topic, 0, 42L, 0, "", 7L))));

        assertThat(r.error()).isEqualTo(Errors.NONE);
        assertThat(ctx.image().groups().get(group).generation()).isEqualTo(1);
        assertThat(ctx.image().offsets(group).get(new PartitionKey(topic, 0)).offset()).isEqualTo(42L);
    }

    @Test
    void shouldRejectGroupWriteWhenCoordinatorEpochIsStale() {
        ctx.startBrokers(1, 2);
        ctx.tickUntilQuiet();
        String group = "payments";
        int shard = CoordinatorShards.shardFor(group, SHARDS);
        CoordinatorShard s = ctx.image().coordinatorShards().get(shard);
        ctx.heartbeat(s.leader(), true, false);

        ControllerResponse.WriteGroupState r = ctx.send(new ControllerRequest.WriteGroupState(shard, s.epoch(), List.of(
                new GroupRecord(group, "consumer", "range", 1, "m1", List.of()))));

        assertThat(r.error()).isEqualTo(Errors.NOT_COORDINATOR);
        assertThat(ctx.image().groups()).isEmpty();
    }

    @Test
    void shouldRejectGroupWriteWhenGroupBelongsToAnotherShardOrRecordIsNotGroupState() {
        ctx.startBrokers(1);
        ctx.tickUntilQuiet();
        int shard = CoordinatorShards.shardFor("g", SHARDS);
        int other = (shard + 1) % SHARDS;
        int epoch = ctx.image().coordinatorShards().get(other).epoch();

        ControllerResponse.WriteGroupState wrongShard = ctx.send(new ControllerRequest.WriteGroupState(other, epoch,
                List.of(new GroupRecord("g", "consumer", "range", 1, "m1", List.of()))));
        ControllerResponse.WriteGroupState notGroup = ctx.send(new ControllerRequest.WriteGroupState(other, epoch,
                List.of(new TopicRecord("sneaky", Uuid.randomUuid()))));

        assertThat(wrongShard.error()).isEqualTo(Errors.NOT_COORDINATOR);
        assertThat(notGroup.error()).isEqualTo(Errors.INVALID_REQUEST);
    }

    @Test
    void shouldHandOutConsecutiveDisjointBlocksWhenProducerIdsAreAllocated() {
        ctx.startBrokers(1, 2);

        ControllerResponse.AllocateProducerIds a = ctx.send(new ControllerRequest.AllocateProducerIds(1, ctx.image().broker(1).epoch()));
        ControllerResponse.AllocateProducerIds b = ctx.send(new ControllerRequest.AllocateProducerIds(2, ctx.image().broker(2).epoch()));
        ctx.failover();
        ControllerResponse.AllocateProducerIds c = ctx.send(new ControllerRequest.AllocateProducerIds(1, ctx.image().broker(1).epoch()));

        assertThat(List.of(a.producerIdStart(), b.producerIdStart(), c.producerIdStart())).containsExactly(0L, 1000L, 2000L);
        assertThat(a.producerIdLen()).isEqualTo(1000);
    }

    @Test
    void shouldRejectProducerIdRequestWhenBrokerEpochIsStale() {
        ctx.startBrokers(1);

        ControllerResponse.AllocateProducerIds r = ctx.send(new ControllerRequest.AllocateProducerIds(1, 12345L));

        assertThat(r.error()).isEqualTo(Errors.STALE_BROKER_EPOCH);
    }

    @Test
    void shouldSetAndDeleteTopicConfigsWhenValid() {
        ctx.startBrokers(1);
        ctx.createTopic("t", 1, 1);
        ctx.setTopicConfig("t", "retention.ms", "5000");

        ControllerResponse.AlterConfigs r = ctx.send(new ControllerRequest.AlterConfigs(List.of(new ControllerRequest.AlterableConfig(
                ConfigResourceType.TOPIC, "t", Map.of("segment.bytes", "1048576"), List.of("retention.ms"))), false));

        assertThat(r.resources().get(0).error()).isEqualTo(Errors.NONE);
        assertThat(ctx.image().configs(new ConfigResourceKey(ConfigResourceType.TOPIC, "t")))
                .containsExactly(Map.entry("segment.bytes", "1048576"));
    }

    @Test
    void shouldRejectConfigChangeWhenKeyIsUnknownOrTopicMissing() {
        ctx.startBrokers(1);
        ctx.createTopic("t", 1, 1);

        ControllerResponse.AlterConfigs badKey = ctx.setTopicConfig("t", "retention.forever", "1");
        ControllerResponse.AlterConfigs missing = ctx.setTopicConfig("nope", "retention.ms", "1");
        ControllerResponse.AlterConfigs badBroker = ctx.send(new ControllerRequest.AlterConfigs(List.of(
                new ControllerRequest.AlterableConfig(ConfigResourceType.BROKER, "x", Map.of("a", "b"), List.of())), false));

        assertThat(badKey.resources().get(0).error()).isEqualTo(Errors.INVALID_CONFIG);
        assertThat(missing.resources().get(0).error()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(badBroker.resources().get(0).error()).isEqualTo(Errors.INVALID_REQUEST);
    }

    @Test
    void shouldRejectConfigWhenValueIsInvalid() {
        assertThat(TopicConfigValidator.validate("cleanup.policy", "shred")).isNotNull();
        assertThat(TopicConfigValidator.validate("min.insync.replicas", "0")).isNotNull();
        assertThat(TopicConfigValidator.validate("preallocate", "maybe")).isNotNull();
        assertThat(TopicConfigValidator.validate("retention.ms", "-1")).isNull();
        assertThat(TopicConfigValidator.validate("cleanup.policy", "compact,delete")).isNull();
    }

    @Test
    void shouldAcceptReplicationThrottleListsAsKafkaDoes() {
        assertThat(TopicConfigValidator.validate("leader.replication.throttled.replicas", "0:1,0:2,1:3")).isNull();
        assertThat(TopicConfigValidator.validate("follower.replication.throttled.replicas", "*")).isNull();
        assertThat(TopicConfigValidator.validate("follower.replication.throttled.replicas", "")).isNull();
        assertThat(TopicConfigValidator.validate("leader.replication.throttled.replicas", "0-1")).contains("[partitionId]:[brokerId]");
    }

    @Test
    void shouldFailWithMessageNamingKeyWhenConfigValueIsBad() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ControllerConfig.of(
                ControllerConfig.BROKER_SESSION_TIMEOUT_MS, "soon"))
                .hasMessageContaining(ControllerConfig.BROKER_SESSION_TIMEOUT_MS).hasMessageContaining("soon");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ControllerConfig.of(
                ControllerConfig.BROKER_SESSION_TIMEOUT_MS, 1000, ControllerConfig.BROKER_HEARTBEAT_INTERVAL_MS, 2000))
                .hasMessageContaining(ControllerConfig.BROKER_HEARTBEAT_INTERVAL_MS);
        assertThat(ControllerConfig.defaults().sessionTimeoutMs()).isEqualTo(9000L);
        assertThat(ControllerConfig.defaults().offsetsTopicNumPartitions()).isEqualTo(50);
    }
}
