package io.tributary.metadata.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.metadata.controller.rpc.ControllerRequest;
import io.tributary.metadata.controller.rpc.ControllerResponse;
import io.tributary.metadata.image.PartitionRegistration;
import io.tributary.metadata.image.TopicImage;
import io.tributary.metadata.record.LeaderRecoveryState;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Topic creation and deletion, partitions, ISR changes and leader elections. */
class ReplicationControlTest {

    private final ControllerTestContext ctx = new ControllerTestContext(ControllerConfig.of(
            ControllerConfig.OFFSETS_TOPIC_NUM_PARTITIONS, 3, ControllerConfig.AUTO_LEADER_REBALANCE_ENABLE, false));

    @AfterEach
    void close() throws InterruptedException {
        ctx.close();
    }

    private PartitionRegistration partition(String topic, int p) {
        return ctx.image().partition(ctx.topicId(topic), p);
    }

    @Test
    void shouldPlaceReplicasOnBrokersHeardFromWhenControllerJustFailedOver() {
        ctx.startBrokers(1, 2, 3);
        ctx.failover();
        // Broker 3 died with the old controller: still unfenced, but silent since the failover.
        ctx.heartbeat(1);
        ctx.heartbeat(2);

        assertThat(ctx.createTopic("after-failover", 4, 2).error()).isEqualTo(Errors.NONE);

        assertThat(ctx.image().broker(3).fenced()).isFalse();
        assertThat(ctx.image().topic("after-failover").orElseThrow().partitions().values())
                .allSatisfy(p -> assertThat(p.replicas()).containsExactlyInAnyOrder(1, 2));
    }

    @Test
    void shouldPlaceReplicasOnAllUnfencedBrokersWhenTooFewWereHeardFromSinceFailover() {
        ctx.startBrokers(1, 2, 3);
        ctx.failover();
        ctx.heartbeat(1);

        assertThat(ctx.createTopic("early", 3, 2).error()).isEqualTo(Errors.NONE);

        Set<Integer> used = new HashSet<>();
        ctx.image().topic("early").orElseThrow().partitions().values().forEach(p -> used.addAll(p.replicas()));
        assertThat(used).containsExactlyInAnyOrder(1, 2, 3);
    }

    @Test
    void shouldSpreadReplicasAndLeadersRoundRobinWhenTopicIsCreated() {
        ctx.startBrokers(1, 2, 3);

        ControllerResponse.CreatableTopicResult r = ctx.createTopic("t", 6, 2);

        assertThat(r.error()).isEqualTo(Errors.NONE);
        assertThat(r.topicId()).isEqualTo(ctx.topicId("t"));
        TopicImage t = ctx.image().topic("t").orElseThrow();
        assertThat(t.partitions()).hasSize(6);
        Map<Integer, Integer> leaders = new HashMap<>();
        for (PartitionRegistration p : t.partitions().values()) {
            assertThat(p.replicas()).hasSize(2).doesNotHaveDuplicates();
            assertThat(p.isr()).isEqualTo(p.replicas());
            assertThat(p.leader()).isEqualTo(p.replicas().get(0));
            assertThat(p.leaderEpoch()).isZero();
            leaders.merge(p.leader(), 1, Integer::sum);
        }
        assertThat(leaders).containsOnly(Map.entry(1, 2), Map.entry(2, 2), Map.entry(3, 2));
    }

    @Test
    void shouldPlaceReplicasOnDifferentRacksWhenBrokersHaveRacks() {
        ctx.register(1, "a");
        ctx.register(2, "a");
        ctx.register(3, "b");
        ctx.register(4, "b");
        for (int b = 1; b <= 4; b++) {
            ctx.heartbeat(b);
        }

        ctx.createTopic("t", 8, 2);

        for (PartitionRegistration p : ctx.image().topic("t").orElseThrow().partitions().values()) {
            Set<String> racks = new HashSet<>();
            p.replicas().forEach(r -> racks.add(ctx.image().broker(r).rack()));
            assertThat(racks).as("racks of %s", p.replicas()).hasSize(2);
        }
    }

    @Test
    void shouldUseDefaultsWhenPartitionsAndReplicationFactorAreMinusOne() {
        ctx.startBrokers(1);

        ControllerResponse.CreatableTopicResult r = ctx.createTopic("t", -1, -1);

        assertThat(r.numPartitions()).isEqualTo(ctx.config.numPartitions());
        assertThat((int) r.replicationFactor()).isEqualTo(ctx.config.defaultReplicationFactor());
    }

    @Test
    void shouldRejectTopicWhenItAlreadyExists() {
        ctx.startBrokers(1);
        ctx.createTopic("t", 1, 1);

        assertThat(ctx.createTopic("t", 1, 1).error()).isEqualTo(Errors.TOPIC_ALREADY_EXISTS);
    }

    @Test
    void shouldRejectTopicWhenNameIsInvalidOrCollides() {
        ctx.startBrokers(1);
        ctx.createTopic("a.b", 1, 1);

        assertThat(ctx.createTopic("bad name!", 1, 1).error()).isEqualTo(Errors.INVALID_TOPIC_EXCEPTION);
        assertThat(ctx.createTopic("..", 1, 1).error()).isEqualTo(Errors.INVALID_TOPIC_EXCEPTION);
        assertThat(ctx.createTopic("a_b", 1, 1).error()).isEqualTo(Errors.INVALID_TOPIC_EXCEPTION);
    }

    @Test
    void shouldRejectTopicWhenReplicationFactorExceedsLiveBrokers() {
        ctx.startBrokers(1, 2);
        ctx.register(3, null); // registered but still fenced

        ControllerResponse.CreatableTopicResult r = ctx.createTopic("t", 1, 3);

        assertThat(r.error()).isEqualTo(Errors.INVALID_REPLICATION_FACTOR);
        assertThat(ctx.image().topic("t")).isEmpty();
    }

    @Test
    void shouldRejectTopicWhenPartitionsOrReplicationFactorAreInvalid() {
        ctx.startBrokers(1);

        assertThat(ctx.createTopic("t", 0, 1).error()).isEqualTo(Errors.INVALID_PARTITIONS);
        assertThat(ctx.createTopic("t", 1, 0).error()).isEqualTo(Errors.INVALID_REPLICATION_FACTOR);
    }

    @Test
    void shouldRejectTopicWhenConfigIsUnknownOrInvalid() {
        ctx.startBrokers(1);

        ControllerResponse.CreatableTopicResult unknown = ctx.createTopic(new ControllerRequest.CreatableTopic(
                "t", 1, (short) 1, Map.of(), Map.of("no.such.config", "1")));
        ControllerResponse.CreatableTopicResult bad = ctx.createTopic(new ControllerRequest.CreatableTopic(
                "t", 1, (short) 1, Map.of(), Map.of("retention.ms", "soon")));
        ControllerResponse.CreatableTopicResult good = ctx.createTopic(new ControllerRequest.CreatableTopic(
                "t", 1, (short) 1, Map.of(), Map.of("retention.ms", "1000", "cleanup.policy", "compact")));

        assertThat(unknown.error()).isEqualTo(Errors.INVALID_CONFIG);
        assertThat(bad.error()).isEqualTo(Errors.INVALID_CONFIG);
        assertThat(good.error()).isEqualTo(Errors.NONE);
        assertThat(ctx.image().configs(new io.tributary.metadata.image.ConfigResourceKey(
                io.tributary.metadata.record.ConfigResourceType.TOPIC, "t"))).containsEntry("retention.ms", "1000");
    }

    @Test
    void shouldUseExplicitAssignmentWhenGiven() {
        ctx.startBrokers(1, 2, 3);

        ControllerResponse.CreatableTopicResult r = ctx.createTopic(new ControllerRequest.CreatableTopic("t", -1, (short) -1,
                Map.of(0, List.of(3, 1), 1, List.of(2, 3)), Map.of()));

        assertThat(r.error()).isEqualTo(Errors.NONE);
        assertThat(partition("t", 0).replicas()).containsExactly(3, 1);
        assertThat(partition("t", 0).leader()).isEqualTo(3);
        assertThat(partition("t", 1).replicas()).containsExactly(2, 3);
    }

    @Test
    void shouldRejectExplicitAssignmentWhenBrokerIsUnknownOrDuplicated() {
        ctx.startBrokers(1, 2);

        assertThat(ctx.createTopic(new ControllerRequest.CreatableTopic("t", -1, (short) -1,
                Map.of(0, List.of(1, 9)), Map.of())).error()).isEqualTo(Errors.INVALID_REPLICA_ASSIGNMENT);
        assertThat(ctx.createTopic(new ControllerRequest.CreatableTopic("t", -1, (short) -1,
                Map.of(0, List.of(1, 1)), Map.of())).error()).isEqualTo(Errors.INVALID_REPLICA_ASSIGNMENT);
        assertThat(ctx.createTopic(new ControllerRequest.CreatableTopic("t", -1, (short) -1,
                Map.of(1, List.of(1)), Map.of())).error()).isEqualTo(Errors.INVALID_REPLICA_ASSIGNMENT);
    }

    @Test
    void shouldWriteNothingWhenValidateOnly() {
        ctx.startBrokers(1);
        long offset = ctx.image().offset();

        ControllerResponse.CreateTopics r = ctx.send(new ControllerRequest.CreateTopics(List.of(
                new ControllerRequest.CreatableTopic("t", 2, (short) 1, Map.of(), Map.of())), true));

        assertThat(r.topics().get(0).error()).isEqualTo(Errors.NONE);
        assertThat(ctx.image().offset()).isEqualTo(offset);
    }

    @Test
    void shouldRefuseRequestWhenItWouldWriteTooManyRecordsAtOnce() {
        ctx.startBrokers(1);
        long offset = ctx.image().offset();

        ControllerResponse.CreatableTopicResult r = ctx.createTopic("huge", ControllerLogic.MAX_RECORDS_PER_USER_OP, 1);

        assertThat(r.error()).isEqualTo(Errors.POLICY_VIOLATION);
        assertThat(ctx.image().offset()).isEqualTo(offset);
    }

    @Test
    void shouldDeleteTopicWhenItExistsAndReportUnknownOtherwise() {
        ctx.startBrokers(1);
        ctx.createTopic("t", 2, 1);

        ControllerResponse.DeleteTopics r = ctx.send(new ControllerRequest.DeleteTopics(List.of("t", "missing")));

        assertThat(r.topics()).extracting(ControllerResponse.TopicError::error)
                .containsExactly(Errors.NONE, Errors.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(ctx.image().topic("t")).isEmpty();
    }

    @Test
    void shouldAddPartitionsWhenCountGrows() {
        ctx.startBrokers(1, 2);
        ctx.createTopic("t", 2, 2);

        ControllerResponse.CreatePartitions r = ctx.send(new ControllerRequest.CreatePartitions(List.of(
                new ControllerRequest.PartitionsTopic("t", 5, null)), false));

        assertThat(r.topics().get(0).error()).isEqualTo(Errors.NONE);
        assertThat(ctx.image().topic("t").orElseThrow().partitions()).hasSize(5);
        assertThat(partition("t", 4).replicas()).hasSize(2);
    }

    @Test
    void shouldRejectCreatePartitionsWhenCountDoesNotGrow() {
        ctx.startBrokers(1);
        ctx.createTopic("t", 2, 1);

        ControllerResponse.CreatePartitions r = ctx.send(new ControllerRequest.CreatePartitions(List.of(
                new ControllerRequest.PartitionsTopic("t", 2, null)), false));

        assertThat(r.topics().get(0).error()).isEqualTo(Errors.INVALID_PARTITIONS);
    }

    private ControllerResponse.AlterPartition alterIsr(String topic, int p, List<Integer> isr) {
        PartitionRegistration reg = partition(topic, p);
        return ctx.send(new ControllerRequest.AlterPartition(reg.leader(), ctx.image().broker(reg.leader()).epoch(),
                ctx.topicId(topic), p, reg.leaderEpoch(), reg.partitionEpoch(), isr));
    }

    @Test
    void shouldShrinkIsrWithoutBumpingLeaderEpochWhenLeaderAsks() {
        ctx.startBrokers(1, 2, 3);
        ctx.createTopic(new ControllerRequest.CreatableTopic("t", -1, (short) -1, Map.of(0, List.of(1, 2, 3)), Map.of()));

        ControllerResponse.AlterPartition r = alterIsr("t", 0, List.of(1, 2));

        assertThat(r.error()).isEqualTo(Errors.NONE);
        assertThat(r.isr()).containsExactly(1, 2);
        assertThat(r.partitionEpoch()).isEqualTo(1);
        assertThat(r.leaderEpoch()).isZero();
        assertThat(partition("t", 0).isr()).containsExactly(1, 2);
    }

    @Test
    void shouldRejectIsrChangeWhenPartitionEpochIsStale() {
        ctx.startBrokers(1, 2, 3);
        ctx.createTopic(new ControllerRequest.CreatableTopic("t", -1, (short) -1, Map.of(0, List.of(1, 2, 3)), Map.of()));
        PartitionRegistration before = partition("t", 0);
        alterIsr("t", 0, List.of(1, 2));

        ControllerResponse.AlterPartition r = ctx.send(new ControllerRequest.AlterPartition(1, ctx.image().broker(1).epoch(),
                ctx.topicId("t"), 0, before.leaderEpoch(), before.partitionEpoch(), List.of(1)));

        assertThat(r.error()).isEqualTo(Errors.INVALID_UPDATE_VERSION);
        assertThat(partition("t", 0).isr()).containsExactly(1, 2);
    }

    @Test
    void shouldRejectIsrChangeWhenSenderIsNotLeaderOrEpochIsOld() {
        ctx.startBrokers(1, 2);
        ctx.createTopic(new ControllerRequest.CreatableTopic("t", -1, (short) -1, Map.of(0, List.of(1, 2)), Map.of()));
        PartitionRegistration p = partition("t", 0);

        ControllerResponse.AlterPartition notLeader = ctx.send(new ControllerRequest.AlterPartition(2,
                ctx.image().broker(2).epoch(), ctx.topicId("t"), 0, p.leaderEpoch(), p.partitionEpoch(), List.of(2)));
        ControllerResponse.AlterPartition staleBroker = ctx.send(new ControllerRequest.AlterPartition(1,
                ctx.image().broker(1).epoch() - 1, ctx.topicId("t"), 0, p.leaderEpoch(), p.partitionEpoch(), List.of(1)));
        ControllerResponse.AlterPartition oldLeaderEpoch = ctx.send(new ControllerRequest.AlterPartition(1,
                ctx.image().broker(1).epoch(), ctx.topicId("t"), 0, p.leaderEpoch() - 1, p.partitionEpoch(), List.of(1)));

        assertThat(notLeader.error()).isEqualTo(Errors.NOT_LEADER_OR_FOLLOWER);
        assertThat(staleBroker.error()).isEqualTo(Errors.STALE_BROKER_EPOCH);
        assertThat(oldLeaderEpoch.error()).isEqualTo(Errors.FENCED_LEADER_EPOCH);
    }

    @Test
    void shouldRejectIsrExpansionWhenReplicaIsFenced() {
        ctx.startBrokers(1, 2);
        ctx.createTopic(new ControllerRequest.CreatableTopic("t", -1, (short) -1, Map.of(0, List.of(1, 2)), Map.of()));
        alterIsr("t", 0, List.of(1));
        ctx.heartbeat(2, true, false);

        ControllerResponse.AlterPartition r = alterIsr("t", 0, List.of(1, 2));

        assertThat(r.error()).isEqualTo(Errors.INELIGIBLE_REPLICA);
    }

    @Test
    void shouldElectNextIsrMemberInReplicaOrderAndBumpLeaderEpochWhenLeaderIsFenced() {
        ctx.startBrokers(1, 2, 3);
        ctx.createTopic(new ControllerRequest.CreatableTopic("t", -1, (short) -1, Map.of(0, List.of(1, 3, 2)), Map.of()));

        ctx.heartbeat(1, true, false);

        PartitionRegistration p = partition("t", 0);
        assertThat(p.leader()).isEqualTo(3);
        assertThat(p.isr()).containsExactly(3, 2);
        assertThat(p.leaderEpoch()).isEqualTo(1);
        assertThat(p.partitionEpoch()).isEqualTo(1);
    }

    @Test
    void shouldElectLastIsrMemberAgainWhenItReturns() {
        ctx.startBrokers(1, 2);
        ctx.createTopic(new ControllerRequest.CreatableTopic("t", -1, (short) -1, Map.of(0, List.of(1, 2)), Map.of()));
        alterIsr("t", 0, List.of(1));
        ctx.heartbeat(1, true, false);
        assertThat(partition("t", 0).leader()).isEqualTo(-1);
        assertThat(partition("t", 0).isr()).containsExactly(1);

        ctx.heartbeat(1);

        assertThat(partition("t", 0).leader()).isEqualTo(1);
        assertThat(partition("t", 0).isr()).containsExactly(1);
    }

    @Test
    void shouldElectOutOfSyncReplicaWhenUncleanElectionIsEnabledForTopic() {
        ctx.startBrokers(1, 2);
        ctx.createTopic(new ControllerRequest.CreatableTopic("t", -1, (short) -1, Map.of(0, List.of(1, 2)), Map.of()));
        alterIsr("t", 0, List.of(1));
        ctx.setTopicConfig("t", "unclean.leader.election.enable", "true");

        ctx.heartbeat(1, true, false);

        PartitionRegistration p = partition("t", 0);
        assertThat(p.leader()).isEqualTo(2);
        assertThat(p.isr()).containsExactly(2);
        assertThat(p.leaderRecoveryState()).isEqualTo(LeaderRecoveryState.RECOVERING);
    }

    @Test
    void shouldMoveLeaderToPreferredReplicaWhenPreferredElectionIsRequested() {
        ctx.startBrokers(1, 2);
        ctx.createTopic(new ControllerRequest.CreatableTopic("t", -1, (short) -1, Map.of(0, List.of(1, 2)), Map.of()));
        ctx.heartbeat(1, true, false);
        ctx.heartbeat(1);
        alterIsr("t", 0, List.of(2, 1));
        assertThat(partition("t", 0).leader()).isEqualTo(2);

        ControllerResponse.ElectLeaders r = ctx.send(new ControllerRequest.ElectLeaders(
                ControllerRequest.ElectionType.PREFERRED, List.of(new ControllerRequest.PartitionRef("t", 0))));
        ControllerResponse.ElectLeaders again = ctx.send(new ControllerRequest.ElectLeaders(
                ControllerRequest.ElectionType.PREFERRED, null));

        assertThat(r.partitions().get(0).error()).isEqualTo(Errors.NONE);
        assertThat(partition("t", 0).leader()).isEqualTo(1);
        assertThat(again.partitions().get(0).error()).isEqualTo(Errors.ELECTION_NOT_NEEDED);
    }

    @Test
    void shouldRebalanceToPreferredLeadersAutomaticallyWhenEnabled() throws InterruptedException {
        try (ControllerTestContext auto = new ControllerTestContext(ControllerConfig.of(
                ControllerConfig.OFFSETS_TOPIC_NUM_PARTITIONS, 1,
                ControllerConfig.LEADER_IMBALANCE_CHECK_INTERVAL_SECONDS, 1))) {
            auto.startBrokers(1, 2);
            auto.createTopic(new ControllerRequest.CreatableTopic("t", -1, (short) -1, Map.of(0, List.of(1, 2)), Map.of()));
            auto.heartbeat(1, true, false);
            auto.heartbeat(1);
            Uuid t = auto.topicId("t");
            PartitionRegistration p = auto.image().partition(t, 0);
            auto.send(new ControllerRequest.AlterPartition(2, auto.image().broker(2).epoch(), t, 0, p.leaderEpoch(),
                    p.partitionEpoch(), List.of(2, 1)));
            auto.tickUntilQuiet();
            assertThat(auto.image().partition(t, 0).leader()).isEqualTo(2);

            auto.advance(1000);
            auto.tickUntilQuiet();

            assertThat(auto.image().partition(t, 0).leader()).isEqualTo(1);
        }
    }

    @Test
    void shouldReportNoEligibleLeaderWhenUncleanElectionFindsNoLiveReplica() {
        ctx.startBrokers(1);
        ctx.createTopic("t", 1, 1);
        ctx.heartbeat(1, true, false);

        ControllerResponse.ElectLeaders r = ctx.send(new ControllerRequest.ElectLeaders(
                ControllerRequest.ElectionType.UNCLEAN, List.of(new ControllerRequest.PartitionRef("t", 0))));

        assertThat(r.partitions().get(0).error()).isEqualTo(Errors.ELIGIBLE_LEADERS_NOT_AVAILABLE);
    }
}
