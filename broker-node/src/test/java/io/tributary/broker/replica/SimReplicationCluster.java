package io.tributary.broker.replica;

import io.tributary.log.AppendResult;
import io.tributary.log.LogConfig;
import io.tributary.log.LogSlice;
import io.tributary.log.PartitionLog;
import io.tributary.metadata.controller.ControllerConfig;
import io.tributary.metadata.controller.ControllerLogic;
import io.tributary.metadata.controller.ControllerResult;
import io.tributary.metadata.controller.rpc.ControllerRequest;
import io.tributary.metadata.controller.rpc.ControllerResponse;
import io.tributary.metadata.image.MetadataImage;
import io.tributary.metadata.image.MetadataReplayer;
import io.tributary.metadata.image.PartitionRegistration;
import io.tributary.metadata.record.ApplyResult;
import io.tributary.metadata.record.Endpoint;
import io.tributary.metadata.record.MetadataBatch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;

/**
 * A seeded, single-threaded simulation of one partition replicated on three brokers, built from the
 * real pieces without network or threads: each broker's {@link Partition} over a real
 * {@link PartitionLog} in a temp dir, followers driven by {@link FollowerFetchLogic} as the
 * {@code ReplicaFetcher} does, ISR changes and elections decided by the real {@link ControllerLogic}
 * and applied by the real {@link MetadataReplayer}. Faults: process crashes, crashes that lose the
 * unflushed tail of the log (one replica at a time, only while all replicas are in sync, and with no
 * other broker fenced until it is back in sync: see {@link #injectFaults}), links cut between a
 * follower and the leader or between a broker and the controller, and brokers that apply metadata
 * late.
 *
 * <p>Checked: an acknowledged write (acks=all: covered by the HW while the ISR met min.insync.replicas)
 * is never lost; a leader's HW never moves backwards within its leadership; after faults heal the
 * replicas converge to identical logs (no offset holds different batches on two replicas).
 * A failure names the seed; the same seed replays the same run.
 */
final class SimReplicationCluster implements AutoCloseable {
    private static final int[] BROKERS = {1, 2, 3};
    private static final int MIN_ISR = 2;
    private static final long STEP_MS = 50;
    private static final long LAG_TIME_MAX_MS = 1_000;
    private static final long HEARTBEAT_INTERVAL_MS = 100;
    private static final long PRODUCE_TIMEOUT_MS = 3_000;
    private static final TopicPartition TP = new TopicPartition("sim", 0);

    private final long seed;
    private final Random random;
    private final Path dir;
    private final Clock logClock = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);
    private final ExecutorService noPublisher = Executors.newSingleThreadExecutor();
    private final MetadataReplayer replayer;
    private final ControllerLogic controller;
    private final Map<Integer, SimBroker> brokers = new TreeMap<>();
    private final List<String> trace = new ArrayList<>();
    private final List<PendingProduce> pending = new ArrayList<>();
    /** Acknowledged writes: base offset -> value. */
    private final Map<Long, String> acknowledged = new TreeMap<>();
    private int proposals;
    private int ineligibleRefusals;
    /** Highest HW seen per leadership (broker, incarnation, leader epoch). */
    private final Map<String, Long> leaderHighWatermarks = new HashMap<>();
    private final Set<Set<Integer>> cutLinks = new HashSet<>();
    private long nowMs = 1_000;
    private long metadataIndex;
    private Uuid topicId;
    private int produced;
    private int incarnations;
    private int healingSteps;
    /** The broker that lost unflushed writes and has not yet rejoined the ISR, or null. */
    private Integer lossyBroker;

    private final class SimBroker {
        final int id;
        boolean alive = true;
        boolean cutFromController;
        long brokerEpoch = -1;
        long restartAtMs;
        /** The log end offset at the last simulated fsync: what survives a power loss (no real fsync, for speed). */
        long flushedOffset;
        int incarnation;
        PartitionLog log;
        Partition partition;
        MetadataImage applied = MetadataImage.EMPTY;

        SimBroker(int id) {
            this.id = id;
        }

        void open() {
            log = PartitionLog.open(dir.resolve("broker-" + id), LogConfig.defaults(), logClock);
            partition = new Partition(TP, topicId, id, log, () -> nowMs);
            applied = MetadataImage.EMPTY;
            brokerEpoch = -1;
            flushedOffset = log.logEndOffset();
            incarnation = ++incarnations;
        }
    }

    /** An acks=all produce waiting for the HW, as a delayed produce in the purgatory. */
    private record PendingProduce(SimBroker broker, int incarnation, long baseOffset, long requiredOffset, int leaderEpoch,
                                  String value, long deadlineMs) {
    }

    SimReplicationCluster(long seed, Path dir) {
        this.seed = seed;
        this.random = new Random(seed);
        this.dir = dir;
        noPublisher.shutdown(); // images are read directly; nothing is published to listeners
        this.replayer = new MetadataReplayer(noPublisher);
        this.controller = new ControllerLogic(ControllerConfig.of(
                ControllerConfig.BROKER_SESSION_TIMEOUT_MS, 1_500, ControllerConfig.BROKER_HEARTBEAT_INTERVAL_MS, HEARTBEAT_INTERVAL_MS,
                ControllerConfig.OFFSETS_TOPIC_NUM_PARTITIONS, 1, ControllerConfig.MIN_INSYNC_REPLICAS, MIN_ISR,
                ControllerConfig.AUTO_LEADER_REBALANCE_ENABLE, random.nextBoolean()),
                () -> new Uuid(random.nextLong(), random.nextLong()), replayer.image(), nowMs);
    }

    private MetadataImage image() {
        return replayer.image();
    }

    private void log(String event) {
        trace.add(nowMs + " " + event);
    }

    @SuppressWarnings("unchecked")
    private <R extends ControllerResponse> R call(ControllerRequest request) {
        ControllerResult<ControllerResponse> result = controller.handle(request, image(), nowMs);
        if (result.hasRecords()) {
            ApplyResult applied = replayer.applyBatch(++metadataIndex, image(),
                    MetadataBatch.of(result.preconditions(), result.records()));
            if (!applied.isSuccess()) {
                return (R) request.errorResponse(applied.error(), applied.errorMessage());
            }
        }
        return (R) result.response();
    }

    private PartitionRegistration registration() {
        return image().partition(topicId, 0);
    }

    /** Runs {@code faultySteps} steps with faults and load, then heals everything and checks convergence. */
    void run(int faultySteps) {
        for (int id : BROKERS) {
            brokers.put(id, new SimBroker(id));
        }
        for (SimBroker b : brokers.values()) {
            register(b);
        }
        for (SimBroker b : brokers.values()) {
            b.applied = image();
            heartbeat(b);
        }
        ControllerResponse.CreateTopics created = call(new ControllerRequest.CreateTopics(List.of(
                new ControllerRequest.CreatableTopic(TP.topic(), -1, (short) -1, Map.of(0, List.of(1, 2, 3)), Map.of())), false));
        check(created.topics().get(0).error() == Errors.NONE, "topic creation failed: " + created);
        topicId = created.topics().get(0).topicId();
        for (SimBroker b : brokers.values()) {
            long epoch = b.brokerEpoch;
            b.open();
            b.brokerEpoch = epoch; // the first incarnation registered above
        }
        for (int i = 0; i < faultySteps; i++) {
            injectFaults();
            step(true);
        }
        heal();
        for (healingSteps = 0; healingSteps < 2_000 && !converged(); healingSteps++) {
            step(false);
        }
        check(converged(), "replicas did not converge after healing: " + describe());
        checkFinalLogs();
    }

    private void register(SimBroker b) {
        ControllerResponse.RegisterBroker r = call(new ControllerRequest.RegisterBroker(b.id, new Uuid(seed, nowMs * 10 + b.id),
                List.of(new Endpoint("PLAINTEXT", "127.0.0." + b.id, 9092, "PLAINTEXT")), null));
        if (r.error() == Errors.NONE) {
            b.brokerEpoch = r.brokerEpoch();
        }
    }

    private void heartbeat(SimBroker b) {
        call(new ControllerRequest.BrokerHeartbeat(b.id, b.brokerEpoch, b.applied.offset(), false, false));
    }

    // ---- faults -----------------------------------------------------------------------------------

    private void injectFaults() {
        if (lossyBroker != null && !brokers.get(lossyBroker).alive) {
            // Still down after losing writes; see below.
        } else if (lossyBroker != null && registration().isr().contains(lossyBroker)) {
            log("broker " + lossyBroker + " is back in the ISR after losing unflushed writes");
            lossyBroker = null;
        }
        int roll = random.nextInt(1_000);
        List<SimBroker> alive = brokers.values().stream().filter(b -> b.alive).toList();
        boolean healthy = alive.size() == BROKERS.length && alive.stream().noneMatch(b -> b.cutFromController)
                && registration().isr().size() == BROKERS.length;
        // While a broker that lost writes is out of the ISR, no other broker may be fenced (crash or
        // cut from the controller): if the others left the ISR first, the never-empty ISR would keep
        // the one that lost writes as its last member and elect it when it returns, losing
        // acknowledged writes. That is the "last replica standing" case of KIP-966, which v1, having
        // no eligible leader replicas (ELR), does not cover — like Kafka without ELR.
        boolean fencingAllowed = lossyBroker == null;
        if (roll < 6 && alive.size() > 1 && fencingAllowed) {
            crash(alive.get(random.nextInt(alive.size())), false);
        } else if (roll < 10 && healthy && fencingAllowed) {
            SimBroker victim = alive.get(random.nextInt(alive.size()));
            lossyBroker = victim.id;
            crash(victim, true);
        } else if (roll < 16) {
            int a = BROKERS[random.nextInt(BROKERS.length)];
            int b = BROKERS[random.nextInt(BROKERS.length)];
            if (a != b && cutLinks.add(Set.of(a, b))) {
                log("cut link " + a + "-" + b);
            }
        } else if (roll < 19 && fencingAllowed) {
            SimBroker b = brokers.get(BROKERS[random.nextInt(BROKERS.length)]);
            b.cutFromController = true;
            log("cut broker " + b.id + " from the controller");
        } else if (roll < 40 && !cutLinks.isEmpty()) {
            Set<Integer> healed = cutLinks.iterator().next();
            cutLinks.remove(healed);
            log("heal link " + healed);
        } else if (roll < 55) {
            brokers.values().stream().filter(b -> b.cutFromController).findFirst().ifPresent(b -> {
                b.cutFromController = false;
                log("reconnect broker " + b.id + " to the controller");
            });
        }
    }

    /**
     * Stops a broker. With {@code loseUnflushed} the log also loses a random part of what was not
     * flushed, as after a power loss; the broker restarts later on what is left.
     */
    private void crash(SimBroker b, boolean loseUnflushed) {
        long leo = b.log.logEndOffset();
        if (loseUnflushed) {
            long flushed = Math.min(b.flushedOffset, leo);
            long keep = flushed + (long) (random.nextDouble() * (leo - flushed + 1));
            b.log.truncateTo(Math.min(leo, keep));
        }
        log("crash broker " + b.id + (loseUnflushed ? " losing unflushed writes: LEO " + leo + " -> " + b.log.logEndOffset() : ""));
        b.log.close();
        b.alive = false;
        b.partition = null;
        b.restartAtMs = nowMs + 500 + random.nextInt(3_000);
    }

    private void heal() {
        log("heal all");
        cutLinks.clear();
        for (SimBroker b : brokers.values()) {
            b.cutFromController = false;
            if (!b.alive) {
                b.restartAtMs = nowMs;
            }
        }
    }

    // ---- one step of every actor --------------------------------------------------------------------

    private void step(boolean produce) {
        nowMs += STEP_MS;
        for (SimBroker b : brokers.values()) {
            if (!b.alive && nowMs >= b.restartAtMs) {
                b.alive = true;
                b.open();
                log("restart broker " + b.id + " with LEO " + b.log.logEndOffset());
            }
            if (b.alive && !b.cutFromController) {
                if (b.brokerEpoch < 0) {
                    register(b);
                }
                if (b.brokerEpoch >= 0 && nowMs % HEARTBEAT_INTERVAL_MS == 0) {
                    heartbeat(b);
                }
            }
        }
        ControllerResult<Void> tick = controller.tick(image(), nowMs);
        if (tick.hasRecords()) {
            replayer.applyBatch(++metadataIndex, image(), MetadataBatch.of(tick.preconditions(), tick.records()));
        }
        for (SimBroker b : brokers.values()) {
            if (b.alive && b.brokerEpoch >= 0 && b.applied.offset() < image().offset()
                    && (!produce || random.nextInt(10) < 7)) {
                applyMetadata(b);
            }
        }
        if (produce && random.nextBoolean()) {
            produce();
        }
        for (SimBroker b : shuffledAlive()) {
            if (!b.partition.isLeader()) {
                fetch(b);
            }
        }
        for (SimBroker b : shuffledAlive()) {
            maintainIsr(b);
            if (random.nextInt(10) == 0) {
                b.flushedOffset = b.log.logEndOffset();
            }
        }
        completeProduces();
        checkHighWatermarks();
    }

    private List<SimBroker> shuffledAlive() {
        List<SimBroker> alive = new ArrayList<>(brokers.values().stream().filter(b -> b.alive).toList());
        java.util.Collections.shuffle(alive, random);
        return alive;
    }

    /** What BrokerMetadataPublisher does for this partition, with the image the broker has now caught up to. */
    private void applyMetadata(SimBroker b) {
        b.applied = image();
        PartitionRegistration p = registration();
        LeaderAndIsr state = new LeaderAndIsr(p.leader(), p.leaderEpoch(), p.partitionEpoch(), p.replicas(), p.isr());
        if (p.leader() == b.id) {
            if (b.partition.makeLeader(state)) {
                log("broker " + b.id + " leads in epoch " + p.leaderEpoch() + " with LEO " + b.log.logEndOffset()
                        + " HW " + b.partition.highWatermark() + " ISR " + p.isr());
            }
        } else {
            b.partition.makeFollower(state);
        }
    }

    private void produce() {
        List<SimBroker> leaders = brokers.values().stream().filter(b -> b.alive && b.partition.isLeader()).toList();
        if (leaders.isEmpty()) {
            return;
        }
        // A client with stale metadata may well pick a deposed leader.
        SimBroker b = leaders.get(random.nextInt(leaders.size()));
        String value = "v" + produced++;
        int records = 1 + random.nextInt(3);
        SimpleRecord[] batch = new SimpleRecord[records];
        for (int i = 0; i < records; i++) {
            batch[i] = new SimpleRecord(nowMs, (value + "." + i).getBytes(StandardCharsets.UTF_8));
        }
        try {
            int epoch = b.partition.leaderEpoch();
            AppendResult r = b.partition.appendAsLeader(MemoryRecords.withRecords(Compression.NONE, batch), (short) -1, MIN_ISR).result();
            pending.add(new PendingProduce(b, b.incarnation, r.firstOffset(), r.lastOffset() + 1, epoch, value,
                    nowMs + PRODUCE_TIMEOUT_MS));
        } catch (PartitionError e) {
            // NOT_LEADER_OR_FOLLOWER or NOT_ENOUGH_REPLICAS: the client would retry; nothing was written
        }
    }

    private void completeProduces() {
        for (Iterator<PendingProduce> it = pending.iterator(); it.hasNext(); ) {
            PendingProduce p = it.next();
            if (!p.broker().alive || p.broker().incarnation != p.incarnation() || nowMs > p.deadlineMs()) {
                it.remove();
                continue;
            }
            Optional<Errors> outcome = p.broker().partition.checkReplicated(p.requiredOffset(), p.leaderEpoch(), MIN_ISR);
            if (outcome.isEmpty()) {
                continue;
            }
            it.remove();
            if (outcome.get() == Errors.NONE) {
                String earlier = acknowledged.put(p.baseOffset(), p.value());
                check(earlier == null, "offset " + p.baseOffset() + " acknowledged twice: " + earlier + " and " + p.value());
                log("ack " + p.value() + " at " + p.baseOffset() + " by broker " + p.broker().id + " epoch " + p.leaderEpoch());
            }
        }
    }

    /** One fetch of follower {@code b} from the leader it knows, as ReplicaFetcher and ReplicaManager do it. */
    private void fetch(SimBroker b) {
        Optional<LeaderAndIsr> state = b.partition.state();
        if (state.isEmpty() || state.get().leader() < 0 || state.get().leader() == b.id) {
            return;
        }
        SimBroker leader = brokers.get(state.get().leader());
        if (!leader.alive || cutLinks.contains(Set.of(b.id, leader.id))) {
            return;
        }
        int epoch = b.partition.leaderEpoch();
        Partition.FollowerPosition pos = b.partition.followerPosition();
        Partition.ReadResult r = leader.partition.readForFollower(b.id, pos.fetchOffset(), 1 << 20, Optional.of(epoch),
                pos.lastFetchedEpoch());
        long hw = r.highWatermark();
        if (r.error() == Errors.NONE && r.divergingEpoch().isEmpty()
                && leader.partition.onFollowerFetch(b.id, pos.fetchOffset(), b.brokerEpoch, leader.partition.leaderEpoch())) {
            hw = leader.partition.highWatermark();
        }
        FetchResponseData.PartitionData data = new FetchResponseData.PartitionData().setPartitionIndex(0)
                .setErrorCode(r.error().code()).setHighWatermark(hw).setLogStartOffset(r.logStartOffset());
        r.divergingEpoch().ifPresent(d -> data.divergingEpoch().setEpoch(d.epoch()).setEndOffset(d.endOffset()));
        LogSlice slice = r.slice();
        data.setRecords(slice.toMemoryRecords());
        FollowerAction action = FollowerFetchLogic.decide(b.partition.logEndOffset(), b.partition.highWatermark(),
                b.partition::followerEndOffsetFor, data);
        if (action instanceof FollowerAction.Append a) {
            b.partition.appendAsFollower(epoch, ReplicaFetcher.completeBatches(a.records()), a.leaderHighWatermark());
        } else if (action instanceof FollowerAction.Truncate t) {
            log("broker " + b.id + " truncates to " + t.offset() + " (LEO " + b.log.logEndOffset() + ")");
            b.partition.truncateAsFollower(epoch, t.offset());
        } else if (action instanceof FollowerAction.RestartAt s) {
            b.partition.restartAsFollowerAt(epoch, s.offset());
        }
    }

    /** What IsrMaintainer does, with the controller's answer at once. */
    private void maintainIsr(SimBroker b) {
        if (b.cutFromController || b.brokerEpoch < 0) {
            return;
        }
        // Eligibility as the leader sees it: in the image it has applied, which may lag the controller's.
        b.partition.proposeIsrChange(nowMs, LAG_TIME_MAX_MS, true, ReplicaEligibility.of(b.applied::broker)).ifPresent(proposal -> {
            ControllerResponse.AlterPartition r = call(new ControllerRequest.AlterPartition(b.id, b.brokerEpoch,
                    proposal.topicId(), proposal.partitionId(), proposal.leaderEpoch(), proposal.partitionEpoch(),
                    proposal.newIsr()));
            log("broker " + b.id + " proposes ISR " + proposal.newIsr() + ": " + r.error());
            proposals++;
            if (r.error() == Errors.INELIGIBLE_REPLICA) {
                ineligibleRefusals++;
            }
            b.partition.onIsrChangeAnswered(proposal, r.error());
        });
    }

    // ---- checks -------------------------------------------------------------------------------------

    private void check(boolean condition, String message) {
        if (!condition) {
            int from = Math.max(0, trace.size() - 60);
            throw new AssertionError("seed " + seed + ": " + message + "\nlast events:\n  "
                    + String.join("\n  ", trace.subList(from, trace.size())));
        }
    }

    private void checkHighWatermarks() {
        for (SimBroker b : brokers.values()) {
            if (b.alive && b.partition.isLeader()) {
                String key = b.id + "/" + b.incarnation + "/" + b.partition.leaderEpoch();
                long hw = b.partition.highWatermark();
                Long before = leaderHighWatermarks.put(key, hw);
                check(before == null || hw >= before, "HW of leader " + key + " moved back from " + before + " to " + hw);
                check(hw <= b.log.logEndOffset(), "HW " + hw + " of leader " + key + " is past its LEO " + b.log.logEndOffset());
            }
        }
    }

    private boolean converged() {
        PartitionRegistration p = registration();
        if (p.leader() < 0 || p.isr().size() != BROKERS.length) {
            return false;
        }
        SimBroker leader = brokers.get(p.leader());
        for (SimBroker b : brokers.values()) {
            if (!b.alive || b.applied.offset() != image().offset() || b.log.logEndOffset() != leader.log.logEndOffset()
                    || b.partition.highWatermark() != leader.log.logEndOffset()) {
                return false;
            }
        }
        return true;
    }

    /** Every replica holds the same batches at the same offsets, and every acknowledged write is among them. */
    private void checkFinalLogs() {
        Map<Integer, Map<Long, String>> contents = new TreeMap<>();
        for (SimBroker b : brokers.values()) {
            contents.put(b.id, batches(b.log));
        }
        Map<Long, String> first = contents.get(BROKERS[0]);
        contents.forEach((id, batches) -> check(batches.equals(first),
                "replicas " + BROKERS[0] + " and " + id + " differ:\n" + first + "\n" + batches));
        acknowledged.forEach((offset, value) -> {
            String held = first.get(offset);
            check(held != null && held.startsWith(value + " "), "acknowledged " + value + " at offset " + offset
                    + " is lost; the log holds " + held);
        });
    }

    /** base offset -> "value epoch=E last=L" for every batch of {@code log}. */
    private static Map<Long, String> batches(PartitionLog log) {
        Map<Long, String> out = new TreeMap<>();
        MemoryRecords records = log.read(log.logStartOffset(), Integer.MAX_VALUE, log.logEndOffset()).toMemoryRecords();
        for (RecordBatch batch : records.batches()) {
            Record first = batch.iterator().next();
            String value = StandardCharsets.UTF_8.decode(first.value()).toString();
            out.put(batch.baseOffset(), value.substring(0, value.lastIndexOf('.')) + " epoch=" + batch.partitionLeaderEpoch()
                    + " last=" + batch.lastOffset());
        }
        return out;
    }

    private String describe() {
        StringBuilder s = new StringBuilder("registration " + registration());
        for (SimBroker b : brokers.values()) {
            s.append("\n  broker ").append(b.id).append(b.alive ? "" : " (down)").append(": ")
                    .append(b.partition == null ? "-" : b.partition + " leo=" + b.log.logEndOffset());
        }
        return s.toString();
    }

    /** Steps the replicas needed to converge once every fault was healed. */
    int healingSteps() {
        return healingSteps;
    }

    /** ISR proposals sent to the controller, and how many it refused as INELIGIBLE_REPLICA. */
    int proposals() {
        return proposals;
    }

    int ineligibleRefusals() {
        return ineligibleRefusals;
    }

    int acknowledgedCount() {
        return acknowledged.size();
    }

    @Override
    public void close() {
        for (SimBroker b : brokers.values()) {
            if (b.alive && b.log != null) {
                b.log.close();
            }
        }
    }
}
