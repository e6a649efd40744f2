package io.tributary.metadata.controller;

import io.tributary.metadata.controller.rpc.ControllerRequest;
import io.tributary.metadata.controller.rpc.ControllerResponse;
import io.tributary.metadata.image.MetadataImage;
import io.tributary.metadata.record.ApplyResult;
import io.tributary.metadata.record.ConfigResourceType;
import io.tributary.metadata.record.ControllerActivationRecord;
import io.tributary.metadata.record.Precondition;
import io.tributary.metadata.record.Endpoint;
import io.tributary.metadata.record.MetadataBatch;
import io.tributary.metadata.record.MetadataBatchCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.Errors;

/**
 * Wires a {@link ControllerLogic} to an {@link InMemoryQuorum} with a hand-driven clock and seeded
 * ids: every command's records are written and applied before the call returns, like the
 * ActiveController does, so tests read the resulting image directly. Single-threaded.
 */
public final class ControllerTestContext implements AutoCloseable {

    public final ControllerConfig config;
    public final InMemoryQuorum quorum = new InMemoryQuorum();
    private final Random random;
    private ControllerLogic logic;
    private long nowMs = 1_000L;
    private long term;
    /** Entries written by controllers of earlier terms, to replay as stale proposals. */
    private final List<byte[]> earlierTermEntries = new ArrayList<>();
    private final List<byte[]> currentTermEntries = new ArrayList<>();

    public ControllerTestContext(ControllerConfig config, long seed) {
        this.config = config;
        this.random = new Random(seed);
        activate();
    }

    private void activate() {
        term++;
        earlierTermEntries.addAll(currentTermEntries);
        currentTermEntries.clear();
        logic = new ControllerLogic(config, this::nextUuid, image(), nowMs);
        quorum.propose(MetadataBatchCodec.encode(MetadataBatch.of(List.of(),
                List.of(new ControllerActivationRecord(term))))).join();
    }

    public ControllerTestContext(ControllerConfig config) {
        this(config, 42L);
    }

    private Uuid nextUuid() {
        return new Uuid(random.nextLong(), random.nextLong());
    }

    public MetadataImage image() {
        return quorum.image();
    }

    public long nowMs() {
        return nowMs;
    }

    public void advance(long ms) {
        nowMs += ms;
    }

    /** A new controller takes over (e.g. after a failover): soft state starts afresh. */
    public void failover() {
        activate();
    }

    /**
     * Proposes again an entry that a controller of an earlier term wrote (as a deposed controller's
     * retried proposal would arrive); returns what applying it replied, or null if there is none.
     */
    public ApplyResult replayStaleProposal(Random random) {
        if (earlierTermEntries.isEmpty()) {
            return null;
        }
        byte[] entry = earlierTermEntries.get(random.nextInt(earlierTermEntries.size()));
        return ApplyResult.decode(quorum.propose(entry).join());
    }

    /** Decides, writes and applies; the response reflects a rejection at apply. */
    @SuppressWarnings("unchecked")
    public <R extends ControllerResponse> R send(ControllerRequest request) {
        ControllerResult<ControllerResponse> result = logic.handle(request, image(), nowMs);
        if (!result.hasRecords()) {
            return (R) result.response();
        }
        ApplyResult applied = write(result);
        return (R) (applied.isSuccess() ? result.response() : request.errorResponse(applied.error(), applied.errorMessage()));
    }

    /** Runs the periodic work once; returns whether it wrote anything. */
    public boolean tick() {
        ControllerResult<Void> result = logic.tick(image(), nowMs);
        if (!result.hasRecords()) {
            return false;
        }
        write(result);
        return true;
    }

    /** The liveness probes the controller would start now (they stay in flight until answered). */
    List<LivenessProbe> livenessProbes() {
        return logic.livenessProbes(image(), nowMs);
    }

    /** Answers a probe; returns whether the answer ended the broker's session. */
    boolean answerProbe(LivenessProbe probe, LivenessProbe.Outcome outcome) {
        return logic.onLivenessProbe(probe, outcome, image());
    }

    /** Ticks until nothing more is written (bounded). */
    public void tickUntilQuiet() {
        for (int i = 0; i < 20 && tick(); i++) {
            // keep going
        }
    }

    private ApplyResult write(ControllerResult<?> result) {
        List<Precondition> preconditions = new ArrayList<>(result.preconditions());
        preconditions.add(0, new Precondition.ControllerTermIs(term));
        byte[] entry = MetadataBatchCodec.encode(MetadataBatch.of(preconditions, result.records()));
        currentTermEntries.add(entry);
        return ApplyResult.decode(quorum.propose(entry).join());
    }

    public long register(int brokerId, String rack) {
        ControllerResponse.RegisterBroker r = send(new ControllerRequest.RegisterBroker(brokerId, nextUuid(),
                List.of(new Endpoint("PLAINTEXT", "localhost", 9000 + brokerId, "PLAINTEXT")), rack));
        if (r.error() != Errors.NONE) {
            throw new AssertionError("registration of " + brokerId + " failed: " + r);
        }
        return r.brokerEpoch();
    }

    public ControllerResponse.BrokerHeartbeat heartbeat(int brokerId) {
        return heartbeat(brokerId, false, false);
    }

    public ControllerResponse.BrokerHeartbeat heartbeat(int brokerId, boolean wantFence, boolean wantShutDown) {
        long epoch = image().broker(brokerId).epoch();
        return send(new ControllerRequest.BrokerHeartbeat(brokerId, epoch, image().offset(), wantFence, wantShutDown));
    }

    /** Registers the brokers (no rack) and unfences them with one caught-up heartbeat each. */
    public void startBrokers(int... ids) {
        for (int id : ids) {
            register(id, null);
            heartbeat(id);
        }
    }

    public ControllerResponse.CreatableTopicResult createTopic(String name, int partitions, int rf) {
        return createTopic(new ControllerRequest.CreatableTopic(name, partitions, (short) rf, Map.of(), Map.of()));
    }

    public ControllerResponse.CreatableTopicResult createTopic(ControllerRequest.CreatableTopic topic) {
        ControllerResponse.CreateTopics r = send(new ControllerRequest.CreateTopics(List.of(topic), false));
        return r.topics().get(0);
    }

    public Uuid topicId(String name) {
        return image().topic(name).orElseThrow().id();
    }

    public ControllerResponse.AlterConfigs setTopicConfig(String topic, String key, String value) {
        return send(new ControllerRequest.AlterConfigs(List.of(new ControllerRequest.AlterableConfig(
                ConfigResourceType.TOPIC, topic, Map.of(key, value), List.of())), false));
    }

    @Override
    public void close() {
        quorum.close();
    }
}
