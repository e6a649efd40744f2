package io.tributary.metadata.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tributary.metadata.controller.rpc.ControllerRequest;
import io.tributary.metadata.controller.rpc.ControllerResponse;
import io.tributary.metadata.controller.rpc.ControllerRpcCodec;
import io.tributary.metadata.quorum.NotControllerException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ActiveControllerTest {

    private final AtomicLong nowMs = new AtomicLong(10_000L);
    private final InstantSource clock = () -> Instant.ofEpochMilli(nowMs.get());
    private final InMemoryQuorum quorum = new InMemoryQuorum();
    private final ControllerConfig config = ControllerConfig.of(ControllerConfig.BROKER_SESSION_TIMEOUT_MS, 1000,
            ControllerConfig.BROKER_HEARTBEAT_INTERVAL_MS, 100, ControllerConfig.OFFSETS_TOPIC_NUM_PARTITIONS, 2);
    private final ActiveController controller = new ActiveController(config, quorum::image, quorum, clock, Uuid::randomUuid);

    @AfterEach
    void close() throws InterruptedException {
        controller.close();
        quorum.close();
    }

    private ControllerResponse call(ControllerRequest request) throws Exception {
        return ControllerRpcCodec.decodeResponse(controller.handle(ControllerRpcCodec.encode(request)).get(5, TimeUnit.SECONDS));
    }

    private long registerAndUnfence(int brokerId) throws Exception {
        ControllerResponse.RegisterBroker r = (ControllerResponse.RegisterBroker) call(
                new ControllerRequest.RegisterBroker(brokerId, Uuid.randomUuid(), List.of(), null));
        call(new ControllerRequest.BrokerHeartbeat(brokerId, r.brokerEpoch(), quorum.image().offset(), false, false));
        return r.brokerEpoch();
    }

    @Test
    void shouldFailWithNotControllerWhenNotLeader() {
        assertThatThrownBy(() -> controller.handle(ControllerRpcCodec.encode(
                new ControllerRequest.DeleteTopics(List.of("t")))).get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(NotControllerException.class);
    }

    @Test
    void shouldAnswerOnlyAfterRecordsAreAppliedWhenLeader() throws Exception {
        controller.onLeaderReady(1);
        registerAndUnfence(1);

        ControllerResponse.CreateTopics r = (ControllerResponse.CreateTopics) call(new ControllerRequest.CreateTopics(
                List.of(new ControllerRequest.CreatableTopic("t", 3, (short) 1, Map.of(), Map.of())), false));

        assertThat(r.topics().get(0).error()).isEqualTo(Errors.NONE);
        assertThat(quorum.image().topic("t")).isPresent();
        assertThat(quorum.image().broker(1).fenced()).isFalse();
    }

    @Test
    void shouldFenceSilentBrokerFromTimerWhenSessionExpires() throws Exception {
        controller.onLeaderReady(1);
        registerAndUnfence(1);

        nowMs.addAndGet(config.sessionTimeoutMs() + 1);

        await().atMost(Duration.ofSeconds(5)).until(() -> quorum.image().broker(1).fenced());
    }

    @Test
    void shouldFenceSilentBrokerLongBeforeSessionTimeoutWhenNothingListensOnItsAddress() throws Exception {
        int deadPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            deadPort = s.getLocalPort();
        }
        ControllerConfig slowSessions = ControllerConfig.of(ControllerConfig.BROKER_SESSION_TIMEOUT_MS, 60_000,
                ControllerConfig.BROKER_HEARTBEAT_INTERVAL_MS, 100, ControllerConfig.OFFSETS_TOPIC_NUM_PARTITIONS, 2);
        try (InMemoryQuorum q = new InMemoryQuorum();
             ActiveController probing = new ActiveController(slowSessions, q::image, q, clock, Uuid::randomUuid,
                     new TcpLivenessProber())) {
            probing.onLeaderReady(1);
            ControllerResponse.RegisterBroker r = (ControllerResponse.RegisterBroker) ControllerRpcCodec.decodeResponse(
                    probing.handle(ControllerRpcCodec.encode(new ControllerRequest.RegisterBroker(1, Uuid.randomUuid(),
                            List.of(new io.tributary.metadata.record.Endpoint("PLAINTEXT", "127.0.0.1", deadPort, "PLAINTEXT")),
                            null))).get(5, TimeUnit.SECONDS));
            probing.handle(ControllerRpcCodec.encode(new ControllerRequest.BrokerHeartbeat(1, r.brokerEpoch(),
                    q.image().offset(), false, false))).get(5, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(5)).until(() -> !q.image().broker(1).fenced());

            nowMs.addAndGet(3 * slowSessions.heartbeatIntervalMs()); // silent, far within the 60 s session

            await().atMost(Duration.ofSeconds(5)).until(() -> q.image().broker(1).fenced());
        }
    }

    @Test
    void shouldAssignCoordinatorShardsFromTimerWhenBrokersAreLive() throws Exception {
        controller.onLeaderReady(1);
        registerAndUnfence(1);

        await().atMost(Duration.ofSeconds(5)).until(() -> quorum.image().coordinatorShards().size() == 2);
    }

    @Test
    void shouldRefuseRequestsWhenLeadershipIsLost() throws Exception {
        controller.onLeaderReady(1);
        registerAndUnfence(1);

        controller.onNotLeader();

        assertThat(controller.isActive().get(5, TimeUnit.SECONDS)).isFalse();
        assertThatThrownBy(() -> call(new ControllerRequest.AllocateProducerIds(1, 1)))
                .hasCauseInstanceOf(NotControllerException.class);
    }

    @Test
    void shouldFailRequestWithNotControllerWhenWriteCannotCommit() throws Exception {
        controller.onLeaderReady(1);
        long epoch = registerAndUnfence(1);
        quorum.setAvailable(false);

        assertThatThrownBy(() -> call(new ControllerRequest.AllocateProducerIds(1, epoch)))
                .hasCauseInstanceOf(NotControllerException.class);

        quorum.setAvailable(true);
        ControllerResponse.AllocateProducerIds ok = (ControllerResponse.AllocateProducerIds) call(
                new ControllerRequest.AllocateProducerIds(1, epoch));
        assertThat(ok.error()).isEqualTo(Errors.NONE);
    }

    @Test
    void shouldRecordItsTermWhenActivated() throws Exception {
        controller.onLeaderReady(7);

        await().atMost(Duration.ofSeconds(5)).until(() -> quorum.image().controllerTerm() == 7L);
    }

    @Test
    void shouldFailWritesWithNotControllerWhenANewerControllerHasActivated() throws Exception {
        controller.onLeaderReady(1);
        long epoch = registerAndUnfence(1);
        // A controller of term 2 activated elsewhere while this one still believes it leads.
        quorum.propose(io.tributary.metadata.record.MetadataBatchCodec.encode(io.tributary.metadata.record.MetadataBatch.of(
                List.of(), List.of(new io.tributary.metadata.record.ControllerActivationRecord(2))))).join();
        long nextProducerId = quorum.image().nextProducerId();

        assertThatThrownBy(() -> call(new ControllerRequest.AllocateProducerIds(1, epoch)))
                .hasCauseInstanceOf(NotControllerException.class);
        assertThat(quorum.image().nextProducerId()).isEqualTo(nextProducerId);
    }

    @Test
    void shouldNotFenceBrokerWhoseHeartbeatWaitedBehindAStalledWrite() throws Exception {
        StallableProposer stallable = new StallableProposer();
        List<Runnable> held = stallable.held;
        try (ActiveController stalled = new ActiveController(config, quorum::image, stallable, clock, Uuid::randomUuid)) {
            stalled.onLeaderReady(1);
            ControllerResponse.RegisterBroker r = registerAndHeartbeat(stalled);
            assertThat(quorum.image().broker(1).fenced()).isFalse();

            stallable.stall.set(true);
            java.util.concurrent.CompletableFuture<byte[]> write = stalled.handle(ControllerRpcCodec.encode(
                    new ControllerRequest.AllocateProducerIds(1, r.brokerEpoch())));
            await().atMost(Duration.ofSeconds(5)).until(() -> held.size() == 1);
            nowMs.addAndGet(config.sessionTimeoutMs() + 1);
            // The periodic tick queues up behind the stalled write; then the broker's heartbeat arrives.
            await().atMost(Duration.ofSeconds(5)).until(() -> stalled.queuedOperations().get() == 1);
            // Reports an old offset: were the broker fenced now, this heartbeat could not unfence it.
            java.util.concurrent.CompletableFuture<byte[]> hb = stalled.handle(ControllerRpcCodec.encode(
                    new ControllerRequest.BrokerHeartbeat(1, r.brokerEpoch(), 0L, false, false)));
            stallable.release();

            assertThat(write.get(5, TimeUnit.SECONDS)).isNotNull();
            assertThat(((ControllerResponse.BrokerHeartbeat) ControllerRpcCodec.decodeResponse(hb.get(5, TimeUnit.SECONDS)))
                    .isFenced()).isFalse();
            await().atMost(Duration.ofSeconds(5)).until(() -> stalled.queuedOperations().get() == 0);
            assertThat(quorum.image().broker(1).fenced()).isFalse();
        }
    }

    @Test
    void shouldPipelineGroupWritesWhileASerializedWriteIsInFlight() throws Exception {
        StallableProposer stallable = new StallableProposer();
        List<Runnable> held = stallable.held;
        try (ActiveController stalled = new ActiveController(config, quorum::image, stallable, clock, Uuid::randomUuid)) {
            stalled.onLeaderReady(1);
            ControllerResponse.RegisterBroker r = registerAndHeartbeat(stalled);
            await().atMost(Duration.ofSeconds(5)).until(() -> quorum.image().coordinatorShards().size() == 2);

            stallable.stall.set(true);
            java.util.concurrent.CompletableFuture<byte[]> serialized = stalled.handle(ControllerRpcCodec.encode(
                    new ControllerRequest.AllocateProducerIds(1, r.brokerEpoch())));
            await().atMost(Duration.ofSeconds(5)).until(() -> held.size() == 1);
            Uuid topicId = Uuid.randomUuid();
            List<java.util.concurrent.CompletableFuture<byte[]>> commits = new java.util.ArrayList<>();
            for (String group : List.of("g-a", "g-b", "g-c")) {
                int shard = io.tributary.metadata.image.CoordinatorShards.shardFor(group, 2);
                int epoch = quorum.image().coordinatorShards().get(shard).epoch();
                commits.add(stalled.handle(ControllerRpcCodec.encode(new ControllerRequest.WriteGroupState(shard, epoch,
                        List.of(new io.tributary.metadata.record.OffsetCommitRecord(group, topicId, 0, 42L, 0, "", 1L))))));
            }
            // The offset commits are proposed behind the held write, not queued until it is applied.
            await().atMost(Duration.ofSeconds(5)).until(() -> held.size() == 4);
            assertThat(serialized).isNotDone();

            stallable.release();
            assertThat(serialized.get(5, TimeUnit.SECONDS)).isNotNull();
            for (var commit : commits) {
                assertThat(((ControllerResponse.WriteGroupState) ControllerRpcCodec.decodeResponse(commit.get(5, TimeUnit.SECONDS)))
                        .error()).isEqualTo(Errors.NONE);
            }
            assertThat(List.of("g-a", "g-b", "g-c")).allSatisfy(g -> assertThat(quorum.image().offsets(g)).hasSize(1));
        }
    }

    @Test
    void shouldProposeGroupWriteOnTheCallingThreadOnceTheTermIsActive() throws Exception {
        StallableProposer stallable = new StallableProposer();
        try (ActiveController c = new ActiveController(config, quorum::image, stallable, clock, Uuid::randomUuid)) {
            c.onLeaderReady(1);
            registerAndHeartbeat(c);
            await().atMost(Duration.ofSeconds(5)).until(() -> quorum.image().coordinatorShards().size() == 2);
            int shard = io.tributary.metadata.image.CoordinatorShards.shardFor("g", 2);
            int epoch = quorum.image().coordinatorShards().get(shard).epoch();

            stallable.stall.set(true);
            java.util.concurrent.CompletableFuture<byte[]> commit = c.handle(ControllerRpcCodec.encode(offsetCommit(shard, epoch, "g")));
            // Proposed before handle() returned: the write never waited for the controller's loop.
            assertThat(stallable.held).hasSize(1);
            assertThat(commit).isNotDone();
            java.util.concurrent.CompletableFuture<byte[]> stale = c.handle(ControllerRpcCodec.encode(offsetCommit(shard, epoch - 1, "g")));
            assertThat(((ControllerResponse.WriteGroupState) ControllerRpcCodec.decodeResponse(stale.get(5, TimeUnit.SECONDS)))
                    .error()).isEqualTo(Errors.NOT_COORDINATOR);
            assertThat(stallable.held).hasSize(1);

            stallable.release();
            assertThat(((ControllerResponse.WriteGroupState) ControllerRpcCodec.decodeResponse(commit.get(5, TimeUnit.SECONDS)))
                    .error()).isEqualTo(Errors.NONE);
            assertThat(quorum.image().offsets("g")).hasSize(1);
        }
    }

    @Test
    void shouldFailGroupWriteWithNotControllerWhenANewerControllerHasActivated() throws Exception {
        controller.onLeaderReady(1);
        registerAndUnfence(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> quorum.image().coordinatorShards().size() == 2);
        int shard = io.tributary.metadata.image.CoordinatorShards.shardFor("g", 2);
        int epoch = quorum.image().coordinatorShards().get(shard).epoch();
        quorum.propose(io.tributary.metadata.record.MetadataBatchCodec.encode(io.tributary.metadata.record.MetadataBatch.of(
                List.of(), List.of(new io.tributary.metadata.record.ControllerActivationRecord(2))))).join();

        assertThatThrownBy(() -> call(offsetCommit(shard, epoch, "g"))).hasCauseInstanceOf(NotControllerException.class);
        assertThat(quorum.image().offsets("g")).isEmpty();
    }

    private static ControllerRequest.WriteGroupState offsetCommit(int shard, int epoch, String group) {
        return new ControllerRequest.WriteGroupState(shard, epoch, List.of(
                new io.tributary.metadata.record.OffsetCommitRecord(group, new Uuid(1, 2), 0, 42L, 0, "", 1L)));
    }

    /** Registers broker 1 with {@code c} and heartbeats once at the image's offset (it is unfenced then). */
    private ControllerResponse.RegisterBroker registerAndHeartbeat(ActiveController c) throws Exception {
        ControllerResponse.RegisterBroker r = (ControllerResponse.RegisterBroker) ControllerRpcCodec.decodeResponse(
                c.handle(ControllerRpcCodec.encode(new ControllerRequest.RegisterBroker(1, Uuid.randomUuid(),
                        List.of(), null))).get(5, TimeUnit.SECONDS));
        c.handle(ControllerRpcCodec.encode(new ControllerRequest.BrokerHeartbeat(1, r.brokerEpoch(),
                quorum.image().offset(), false, false))).get(5, TimeUnit.SECONDS);
        return r;
    }

    /** Proposes through the quorum; while {@code stall} is set, holds each proposal until {@link #release()}. */
    private final class StallableProposer implements io.tributary.metadata.quorum.LogProposer {
        final List<Runnable> held = new java.util.concurrent.CopyOnWriteArrayList<>();
        final java.util.concurrent.atomic.AtomicBoolean stall = new java.util.concurrent.atomic.AtomicBoolean();

        @Override
        public java.util.concurrent.CompletableFuture<byte[]> propose(byte[] entry) {
            if (!stall.get()) {
                return quorum.propose(entry);
            }
            java.util.concurrent.CompletableFuture<byte[]> f = new java.util.concurrent.CompletableFuture<>();
            held.add(() -> f.complete(quorum.propose(entry).join()));
            return f;
        }

        void release() {
            stall.set(false);
            held.forEach(Runnable::run);
        }
    }

    @Test
    void shouldRejectMalformedRequestWhenBytesAreNotARequest() {
        assertThatThrownBy(() -> controller.handle("nonsense".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalArgumentException.class);
    }
}
