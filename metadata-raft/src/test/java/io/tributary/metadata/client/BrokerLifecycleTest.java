package io.tributary.metadata.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.metadata.controller.ControllerConfig;
import io.tributary.metadata.controller.ControllerTestContext;
import io.tributary.metadata.controller.rpc.ControllerResponse;
import io.tributary.metadata.controller.rpc.ControllerRpcCodec;
import io.tributary.metadata.quorum.NotControllerException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** BrokerLifecycle against the real controller logic, through an in-process channel. */
class BrokerLifecycleTest {

    private final ControllerTestContext ctx = new ControllerTestContext(ControllerConfig.of(
            ControllerConfig.OFFSETS_TOPIC_NUM_PARTITIONS, 2, ControllerConfig.AUTO_LEADER_REBALANCE_ENABLE, false,
            ControllerConfig.BROKER_HEARTBEAT_INTERVAL_MS, 2_000L));
    private final ManualScheduler scheduler = new ManualScheduler(ctx.nowMs());
    private final AtomicBoolean controllerUp = new AtomicBoolean(true);
    private final ControllerChannel channel = request -> {
        if (!controllerUp.get()) {
            return CompletableFuture.failedFuture(new NotControllerException("down"));
        }
        ControllerResponse response = ctx.send(ControllerRpcCodec.decodeRequest(request));
        return CompletableFuture.completedFuture(ControllerRpcCodec.encode(response));
    };
    private final MetadataClient client = new MetadataClient(channel, scheduler, new MetadataClientConfig(5_000L, 100L, 1_000L));

    @AfterEach
    void close() throws InterruptedException {
        ctx.close();
    }

    private BrokerLifecycle broker(int id) {
        return new BrokerLifecycle(id, Uuid.randomUuid(), List.of(), null, client, scheduler, () -> ctx.image().offset(),
                ctx.config.heartbeatIntervalMs(), ctx.config.sessionTimeoutMs());
    }

    private void advance(long ms) {
        for (long t = 0; t < ms; t += 100) {
            ctx.advance(100);
            scheduler.advance(100);
            ctx.tick();
        }
    }

    @Test
    void shouldRunUnfencedWhenRegisteredAndCaughtUp() {
        BrokerLifecycle b = broker(1);

        CompletableFuture<Void> running = b.start();

        assertThat(running).isCompleted();
        assertThat(b.state()).isEqualTo(BrokerLifecycle.State.RUNNING);
        assertThat(ctx.image().broker(1).fenced()).isFalse();
        assertThat(ctx.image().broker(1).epoch()).isEqualTo(b.brokerEpoch());
    }

    @Test
    void shouldBeUnfencedWithinARecoveryHeartbeatWhenItCatchesUpAfterRegistering() {
        java.util.concurrent.atomic.AtomicLong applied = new java.util.concurrent.atomic.AtomicLong(-1);
        BrokerLifecycle b = new BrokerLifecycle(1, Uuid.randomUuid(), List.of(), null, client, scheduler, applied::get,
                ctx.config.heartbeatIntervalMs(), ctx.config.sessionTimeoutMs());

        CompletableFuture<Void> running = b.start();
        assertThat(running).as("not caught up with its own registration yet").isNotCompleted();

        applied.set(ctx.image().offset());
        advance(BrokerLifecycle.QUICK_HEARTBEAT_MS);

        assertThat(running).isCompleted();
        assertThat(BrokerLifecycle.QUICK_HEARTBEAT_MS).isLessThan(ctx.config.heartbeatIntervalMs());
    }

    @Test
    void shouldStayUnfencedWhileHeartbeatingPastSessionTimeout() {
        BrokerLifecycle b = broker(1);
        b.start();

        advance(3 * ctx.config.sessionTimeoutMs());

        assertThat(ctx.image().broker(1).fenced()).isFalse();
    }

    @Test
    void shouldBeFencedWhenHeartbeatsStop() {
        BrokerLifecycle b = broker(1);
        b.start();

        b.close();
        advance(ctx.config.sessionTimeoutMs() + 200);

        assertThat(ctx.image().broker(1).fenced()).isTrue();
    }

    @Test
    void shouldKeepRetryingRegistrationWhenControllerIsUnavailable() {
        controllerUp.set(false);
        BrokerLifecycle b = broker(1);
        CompletableFuture<Void> running = b.start();
        advance(8_000);
        assertThat(running).isNotDone();

        controllerUp.set(true);
        advance(3_000);

        assertThat(running).isCompleted();
    }

    /** Brokers 1 and 2 running, and topic "t" with some leaderships on broker 1; returns broker 1. */
    private BrokerLifecycle twoBrokersWithLeadershipsOnTheFirst() {
        BrokerLifecycle b1 = broker(1);
        b1.start();
        broker(2).start();
        ctx.createTopic("t", 4, 2);
        assertThat(ctx.image().topic("t").orElseThrow().partitions().values()).anyMatch(p -> p.leader() == 1);
        return b1;
    }

    @Test
    void shouldShutDownOnlyAfterLeadershipsMovedWhenControlledShutdownIsRequested() {
        BrokerLifecycle b1 = twoBrokersWithLeadershipsOnTheFirst();

        CompletableFuture<Void> stopped = b1.controlledShutdown();
        assertThat(b1.state()).isEqualTo(BrokerLifecycle.State.PENDING_CONTROLLED_SHUTDOWN);
        advance(3 * ctx.config.heartbeatIntervalMs());

        assertThat(stopped).isCompleted();
        assertThat(b1.state()).isEqualTo(BrokerLifecycle.State.SHUTTING_DOWN);
        assertThat(ctx.image().topic("t").orElseThrow().partitions().values()).allMatch(p -> p.leader() == 2);
        assertThat(ctx.image().broker(1).fenced()).isTrue();
    }

    @Test
    void shouldShutDownSoonAfterTheOtherBrokersSawTheMovesWhenControlledShutdownIsRequested() {
        BrokerLifecycle b1 = twoBrokersWithLeadershipsOnTheFirst();

        // Asked 300 ms before broker 2's next heartbeat, which reports that it applied the moves;
        // broker 1 then hears "shut down" at its next quick heartbeat, not a whole interval later.
        advance(ctx.config.heartbeatIntervalMs() - 300);
        CompletableFuture<Void> stopped = b1.controlledShutdown();
        advance(300 + 3 * BrokerLifecycle.QUICK_HEARTBEAT_MS);

        assertThat(stopped).isCompleted();
        assertThat(ctx.image().topic("t").orElseThrow().partitions().values()).allMatch(p -> p.leader() == 2);
    }

    @Test
    void shouldHoldTheLeaseOnlyWhileHeartbeatsAreAnsweredUnfenced() {
        BrokerLifecycle b = broker(1);
        assertThat(b.holdsLease(ctx.image().offset())).as("before registering").isFalse();
        b.start();
        assertThat(b.holdsLease(ctx.image().offset())).isTrue();
        advance(3 * ctx.config.sessionTimeoutMs());
        assertThat(b.holdsLease(ctx.image().offset())).as("renewed by every heartbeat").isTrue();

        // Cut off from the controller: the lease ends half a session after the last answered heartbeat,
        // well before the controller can fence the broker and move what it leads.
        controllerUp.set(false);
        advance(ctx.config.sessionTimeoutMs() / 2 - ctx.config.heartbeatIntervalMs());
        assertThat(b.holdsLease(ctx.image().offset())).isTrue();
        advance(ctx.config.heartbeatIntervalMs() + 100);
        assertThat(b.holdsLease(ctx.image().offset())).isFalse();
        assertThat(ctx.image().broker(1).fenced()).isFalse();

        controllerUp.set(true);
        // The heartbeat in flight gives up after the client's 5 s request timeout; the next one is answered.
        advance(5_000 + ctx.config.heartbeatIntervalMs() + 100);
        assertThat(b.holdsLease(ctx.image().offset())).isTrue();
    }

    @Test
    void shouldLoseTheLeaseWhenTheControllerSaysFenced() {
        BrokerLifecycle b1 = broker(1);
        BrokerLifecycle b2 = broker(2);
        b1.start();
        b2.start();
        assertThat(b1.holdsLease(ctx.image().offset())).isTrue();

        CompletableFuture<Void> stopped = b1.controlledShutdown();
        advance(3 * ctx.config.heartbeatIntervalMs());

        assertThat(stopped).isCompleted();
        assertThat(b1.holdsLease(ctx.image().offset())).isFalse();
        assertThat(b2.holdsLease(ctx.image().offset())).isTrue();
    }
}
