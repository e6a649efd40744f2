package io.tributary.metadata.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.metadata.controller.rpc.ControllerRequest;
import io.tributary.metadata.controller.rpc.ControllerResponse;
import io.tributary.metadata.image.PartitionRegistration;
import io.tributary.metadata.record.Endpoint;
import java.util.List;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Broker registration, heartbeats, fencing and controlled shutdown. */
class ClusterControlTest {

    private final ControllerTestContext ctx = new ControllerTestContext(ControllerConfig.of(
            ControllerConfig.OFFSETS_TOPIC_NUM_PARTITIONS, 4, ControllerConfig.AUTO_LEADER_REBALANCE_ENABLE, false));

    @AfterEach
    void close() throws InterruptedException {
        ctx.close();
    }

    @Test
    void shouldRegisterBrokerFencedWithEpochWhenNew() {
        long epoch = ctx.register(1, "r1");

        assertThat(epoch).isPositive();
        assertThat(ctx.image().broker(1).fenced()).isTrue();
        assertThat(ctx.image().broker(1).epoch()).isEqualTo(epoch);
        assertThat(ctx.image().broker(1).rack()).isEqualTo("r1");
    }

    @Test
    void shouldReturnSameEpochWhenRegistrationIsRetriedWithSameIncarnation() {
        Uuid incarnation = Uuid.randomUuid();
        ControllerRequest.RegisterBroker req = new ControllerRequest.RegisterBroker(1, incarnation, List.of(), null);
        ControllerResponse.RegisterBroker first = ctx.send(req);
        long offset = ctx.image().offset();

        ControllerResponse.RegisterBroker retry = ctx.send(req);

        assertThat(retry.brokerEpoch()).isEqualTo(first.brokerEpoch());
        assertThat(ctx.image().offset()).isEqualTo(offset);
    }

    @Test
    void shouldRejectNewIncarnationWhenOldSessionIsStillAlive() {
        ctx.startBrokers(1);

        ControllerResponse.RegisterBroker r = ctx.send(new ControllerRequest.RegisterBroker(1, Uuid.randomUuid(), List.of(), null));

        assertThat(r.error()).isEqualTo(Errors.DUPLICATE_BROKER_REGISTRATION);
    }

    private static List<Endpoint> endpointsOf(int brokerId) {
        return List.of(new Endpoint("PLAINTEXT", "localhost", 9000 + brokerId, "PLAINTEXT"));
    }

    @Test
    void shouldAcceptARestartedBrokerAtTheSameAddressOnceTheOldIncarnationMissedTwoHeartbeats() {
        ctx.startBrokers(1, 2);
        ctx.createTopic("t", 1, 2);
        long oldEpoch = ctx.image().broker(1).epoch();
        ctx.advance(2 * ctx.config.heartbeatIntervalMs());
        ctx.heartbeat(2);

        ControllerResponse.RegisterBroker r = ctx.send(new ControllerRequest.RegisterBroker(1, Uuid.randomUuid(), endpointsOf(1), null));

        assertThat(r.error()).isEqualTo(Errors.NONE);
        assertThat(r.brokerEpoch()).isGreaterThan(oldEpoch);
        PartitionRegistration p = ctx.image().partition(ctx.topicId("t"), 0);
        assertThat(p.leader()).isEqualTo(2);
        assertThat(p.isr()).containsExactly(2);
    }

    @Test
    void shouldRefuseANewIncarnationAtTheSameAddressWhileTheOldOneStillHeartbeats() {
        ctx.startBrokers(1);
        ctx.advance(ctx.config.heartbeatIntervalMs());
        ctx.heartbeat(1);
        ctx.advance(ctx.config.heartbeatIntervalMs());

        ControllerResponse.RegisterBroker r = ctx.send(new ControllerRequest.RegisterBroker(1, Uuid.randomUuid(), endpointsOf(1), null));

        assertThat(r.error()).isEqualTo(Errors.DUPLICATE_BROKER_REGISTRATION);
    }

    @Test
    void shouldRefuseASilentBrokersIdFromAnotherAddressUntilItsSessionExpires() {
        ctx.startBrokers(1);
        ctx.advance(2 * ctx.config.heartbeatIntervalMs());

        ControllerResponse.RegisterBroker r = ctx.send(new ControllerRequest.RegisterBroker(1, Uuid.randomUuid(), endpointsOf(7), null));

        assertThat(r.error()).isEqualTo(Errors.DUPLICATE_BROKER_REGISTRATION);
    }

    @Test
    void shouldGiveHigherEpochAndMoveLeadershipWhenBrokerReRegistersAfterSessionExpiry() {
        ctx.startBrokers(1, 2);
        long oldEpoch = ctx.image().broker(1).epoch();
        ctx.createTopic("t", 1, 2);
        ctx.advance(ctx.config.sessionTimeoutMs() + 1);
        ctx.heartbeat(2);

        long newEpoch = ctx.register(1, null);

        assertThat(newEpoch).isGreaterThan(oldEpoch);
        PartitionRegistration p = ctx.image().partition(ctx.topicId("t"), 0);
        assertThat(p.leader()).isEqualTo(2);
        assertThat(p.isr()).containsExactly(2);
    }

    @Test
    void shouldKeepBrokerFencedWhenHeartbeatIsNotCaughtUp() {
        long epoch = ctx.register(1, null);

        ControllerResponse.BrokerHeartbeat r = ctx.send(new ControllerRequest.BrokerHeartbeat(1, epoch,
                ctx.image().broker(1).registeredOffset() - 1, false, false));

        assertThat(r.isFenced()).isTrue();
        assertThat(r.isCaughtUp()).isFalse();
        assertThat(ctx.image().broker(1).fenced()).isTrue();
    }

    @Test
    void shouldUnfenceBrokerWhenHeartbeatReachesRegistrationOffset() {
        ctx.register(1, null);

        ControllerResponse.BrokerHeartbeat r = ctx.heartbeat(1);

        assertThat(r.isFenced()).isFalse();
        assertThat(r.isCaughtUp()).isTrue();
        assertThat(ctx.image().broker(1).fenced()).isFalse();
    }

    @Test
    void shouldRejectHeartbeatWhenEpochIsStale() {
        long epoch = ctx.register(1, null);

        ControllerResponse.BrokerHeartbeat r = ctx.send(new ControllerRequest.BrokerHeartbeat(1, epoch - 1, 100, false, false));

        assertThat(r.error()).isEqualTo(Errors.STALE_BROKER_EPOCH);
    }

    @Test
    void shouldRejectHeartbeatWhenBrokerIsNotRegistered() {
        ControllerResponse.BrokerHeartbeat r = ctx.send(new ControllerRequest.BrokerHeartbeat(9, 1, 100, false, false));

        assertThat(r.error()).isEqualTo(Errors.BROKER_ID_NOT_REGISTERED);
    }

    @Test
    void shouldNotFenceBrokerWhenItHeartbeatsWithinSessionTimeout() {
        ctx.startBrokers(1);
        for (int i = 0; i < 10; i++) {
            ctx.advance(ctx.config.heartbeatIntervalMs());
            ctx.heartbeat(1);
            ctx.tick();
        }

        assertThat(ctx.image().broker(1).fenced()).isFalse();
    }

    @Test
    void shouldFenceBrokerAndMoveLeadershipWhenSessionExpires() {
        ctx.startBrokers(1, 2, 3);
        ctx.createTopic("t", 3, 3);
        Uuid t = ctx.topicId("t");
        ctx.advance(ctx.config.sessionTimeoutMs());
        ctx.heartbeat(2);
        ctx.heartbeat(3);
        ctx.advance(1);

        ctx.tick();

        assertThat(ctx.image().broker(1).fenced()).isTrue();
        for (PartitionRegistration p : ctx.image().topic(t).orElseThrow().partitions().values()) {
            assertThat(p.leader()).isNotEqualTo(1);
            assertThat(p.isr()).doesNotContain(1);
        }
        assertThat(ctx.image().coordinatorShards().values()).allSatisfy(s -> assertThat(s.leader()).isIn(2, 3));
    }

    @Test
    void shouldGiveEveryBrokerFreshSessionWhenControllerFailsOver() {
        ctx.startBrokers(1, 2);
        ctx.advance(ctx.config.sessionTimeoutMs() - 1);

        ctx.failover();
        ctx.advance(ctx.config.sessionTimeoutMs() - 1);
        ctx.tick();

        assertThat(ctx.image().broker(1).fenced()).isFalse();
        assertThat(ctx.image().broker(2).fenced()).isFalse();
        ctx.advance(2);
        ctx.tick();
        assertThat(ctx.image().broker(1).fenced()).isTrue();
    }

    @Test
    void shouldFenceBrokerWhenItAsksToBeFenced() {
        ctx.startBrokers(1);

        ControllerResponse.BrokerHeartbeat r = ctx.heartbeat(1, true, false);

        assertThat(r.isFenced()).isTrue();
        assertThat(ctx.image().broker(1).fenced()).isTrue();
    }

    @Test
    void shouldShutDownAtOnceWhenBrokerLeadsNothing() throws InterruptedException {
        try (ControllerTestContext one = new ControllerTestContext(ControllerConfig.of(
                ControllerConfig.OFFSETS_TOPIC_NUM_PARTITIONS, 1))) {
            one.startBrokers(1, 2);
            one.tickUntilQuiet();
            int idle = one.image().coordinatorShards().get(0).leader() == 1 ? 2 : 1;

            ControllerResponse.BrokerHeartbeat r = one.heartbeat(idle, false, true);

            assertThat(r.shouldShutDown()).isTrue();
            assertThat(one.image().broker(idle).fenced()).isTrue();
        }
    }

    @Test
    void shouldShutDownAtOnceWhenFencedBrokerWantsShutdown() {
        ctx.register(1, null);

        ControllerResponse.BrokerHeartbeat r = ctx.heartbeat(1, false, true);

        assertThat(r.shouldShutDown()).isTrue();
    }

    @Test
    void shouldMoveLeadersBeforeShutdownWhenControlledShutdownIsRequested() {
        ctx.startBrokers(1, 2, 3);
        ctx.tickUntilQuiet();
        ctx.createTopic("t", 6, 3);
        Uuid t = ctx.topicId("t");
        assertThat(LeadershipPlanner.leaderships(ctx.image(), 1)).isPositive();

        ControllerResponse.BrokerHeartbeat first = ctx.heartbeat(1, false, true);

        assertThat(first.shouldShutDown()).isFalse();
        assertThat(ctx.image().broker(1).inControlledShutdown()).isTrue();
        assertThat(LeadershipPlanner.leaderships(ctx.image(), 1)).isZero();
        for (PartitionRegistration p : ctx.image().topic(t).orElseThrow().partitions().values()) {
            assertThat(p.isr()).doesNotContain(1);
        }
        // Not yet: the other brokers have not reported seeing the moves.
        ControllerResponse.BrokerHeartbeat second = ctx.heartbeat(1, false, true);
        assertThat(second.shouldShutDown()).isFalse();

        ctx.heartbeat(2);
        ctx.heartbeat(3);
        ControllerResponse.BrokerHeartbeat third = ctx.heartbeat(1, false, true);

        assertThat(third.shouldShutDown()).isTrue();
        assertThat(ctx.image().broker(1).fenced()).isTrue();
        assertThat(ctx.image().broker(1).inControlledShutdown()).isFalse();
    }

    @Test
    void shouldKeepLastIsrMemberWithoutLeaderWhenItShutsDown() {
        ctx.startBrokers(1);
        ctx.createTopic("t", 1, 1);

        ctx.heartbeat(1, false, true);

        PartitionRegistration p = ctx.image().partition(ctx.topicId("t"), 0);
        assertThat(p.leader()).isEqualTo(-1);
        assertThat(p.isr()).containsExactly(1);
    }

    @Test
    void shouldRemoveBrokerAndMoveItsLeadershipsWhenUnregistered() {
        ctx.startBrokers(1, 2);
        ctx.createTopic(new ControllerRequest.CreatableTopic("t", -1, (short) -1,
                java.util.Map.of(0, List.of(1, 2)), java.util.Map.of()));

        ControllerResponse.UnregisterBroker r = ctx.send(new ControllerRequest.UnregisterBroker(1));
        ControllerResponse.UnregisterBroker again = ctx.send(new ControllerRequest.UnregisterBroker(1));

        assertThat(r.error()).isEqualTo(Errors.NONE);
        assertThat(ctx.image().broker(1)).isNull();
        PartitionRegistration p = ctx.image().partition(ctx.topicId("t"), 0);
        assertThat(p.leader()).isEqualTo(2);
        assertThat(p.isr()).containsExactly(2);
        assertThat(again.error()).isEqualTo(Errors.BROKER_ID_NOT_REGISTERED);
    }
}
