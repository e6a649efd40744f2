package io.tributary.broker.replica;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.HashedWheelTimer;
import io.tributary.log.LogConfig;
import io.tributary.log.PartitionLog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class ReplicaManagerTest {
    private static final TopicPartition TP = new TopicPartition("orders", 0);
    private static final Uuid TOPIC_ID = Uuid.randomUuid();

    @TempDir Path dir;
    private final HashedWheelTimer timer = new HashedWheelTimer(5, TimeUnit.MILLISECONDS);
    private TempDirPartitionLogs logs;
    private ReplicaManager manager;
    /** The leader replication throttle the manager sees for every partition; none unless a test sets one. */
    private volatile long throttleBytesPerSec = LeaderReplicationThrottle.UNTHROTTLED;

    @BeforeEach
    void setUp() {
        logs = new TempDirPartitionLogs(dir);
        manager = new ReplicaManager(1, logs, timer, System::currentTimeMillis, ReplicaFetchers.NONE, tp -> throttleBytesPerSec);
    }

    @AfterEach
    void tearDown() {
        manager.close();
        logs.close();
        timer.stop();
    }

    private static MemoryRecords records(String... values) {
        SimpleRecord[] rs = new SimpleRecord[values.length];
        for (int i = 0; i < values.length; i++) {
            rs[i] = new SimpleRecord(System.currentTimeMillis(), null, values[i].getBytes(StandardCharsets.UTF_8));
        }
        return MemoryRecords.withRecords(Compression.NONE, rs);
    }

    private void lead(int epoch, List<Integer> isr) {
        manager.becomeLeader(TP, TOPIC_ID, new LeaderAndIsr(1, epoch, epoch, List.of(1, 2, 3), isr), LogConfig.defaults());
    }

    private ProduceOutcome produce(short acks, MemoryRecords records, int minIsr) throws Exception {
        return manager.appendRecords(acks, 1000, Map.of(TP, records), t -> minIsr).get(5, TimeUnit.SECONDS).get(TP);
    }

    private static List<String> values(Partition.ReadResult r) {
        List<String> out = new ArrayList<>();
        MemoryRecords.readableRecords(r.slice().readInto()).records().forEach((Record rec) ->
                out.add(StandardCharsets.UTF_8.decode(rec.value()).toString()));
        return out;
    }

    private CompletableFuture<LinkedHashMap<TopicPartition, Partition.ReadResult>> fetch(long offset, long maxWaitMs, int minBytes, Optional<Integer> epoch) {
        LinkedHashMap<TopicPartition, FetchRequestInfo> req = new LinkedHashMap<>();
        req.put(TP, new FetchRequestInfo(offset, 1 << 20, epoch));
        return manager.fetch(new FetchParams(maxWaitMs, minBytes, 50 << 20), req);
    }

    @Test
    void shouldAssignOffsetsAndServeThemWhenLeaderAloneInIsr() throws Exception {
        lead(0, List.of(1));
        assertThat(produce((short) 1, records("a", "b"), 1).baseOffset()).isZero();
        assertThat(produce((short) -1, records("c"), 1).baseOffset()).isEqualTo(2);

        Partition.ReadResult r = fetch(0, 0, 1, Optional.empty()).get(5, TimeUnit.SECONDS).get(TP);
        assertThat(r.error()).isEqualTo(Errors.NONE);
        assertThat(r.highWatermark()).isEqualTo(3);
        assertThat(values(r)).containsExactly("a", "b", "c");
    }

    @Test
    void shouldRejectAcksAllBeforeAppendingWhenIsrBelowMinInsync() throws Exception {
        lead(0, List.of(1));
        ProduceOutcome outcome = produce((short) -1, records("x"), 2);
        assertThat(outcome.error()).isEqualTo(Errors.NOT_ENOUGH_REPLICAS);
        assertThat(manager.partition(TP).orElseThrow().logEndOffset()).isZero();
    }

    @Test
    void shouldTimeOutAcksAllWhenFollowersNeverCatchUp() throws Exception {
        lead(0, List.of(1, 2));
        ProduceOutcome outcome = produce((short) -1, records("x"), 1);
        assertThat(outcome.error()).isEqualTo(Errors.REQUEST_TIMED_OUT);
    }

    @Test
    void shouldRefuseProduceWhenNotLeader() throws Exception {
        manager.becomeFollower(TP, TOPIC_ID, new LeaderAndIsr(2, 1, 1, List.of(1, 2), List.of(1, 2)), LogConfig.defaults());
        assertThat(produce((short) 1, records("x"), 1).error()).isEqualTo(Errors.NOT_LEADER_OR_FOLLOWER);
    }

    @Test
    void shouldCompleteLongPollWhenDataArrives() throws Exception {
        lead(0, List.of(1));
        var pending = fetch(0, 10_000, 1, Optional.empty());
        assertThat(pending).isNotDone();
        produce((short) 1, records("late"), 1);
        Partition.ReadResult r = pending.get(5, TimeUnit.SECONDS).get(TP);
        assertThat(values(r)).containsExactly("late");
    }

    @Test
    void shouldAnswerEmptyWhenLongPollExpires() throws Exception {
        lead(0, List.of(1));
        Partition.ReadResult r = fetch(0, 50, 1, Optional.empty()).get(5, TimeUnit.SECONDS).get(TP);
        assertThat(r.error()).isEqualTo(Errors.NONE);
        assertThat(r.slice().isEmpty()).isTrue();
    }

    @Test
    void shouldFenceFetchWhenClientEpochIsOlderAndRefuseWhenNewer() throws Exception {
        lead(5, List.of(1));
        assertThat(fetch(0, 0, 1, Optional.of(4)).get(5, TimeUnit.SECONDS).get(TP).error()).isEqualTo(Errors.FENCED_LEADER_EPOCH);
        assertThat(fetch(0, 0, 1, Optional.of(6)).get(5, TimeUnit.SECONDS).get(TP).error()).isEqualTo(Errors.UNKNOWN_LEADER_EPOCH);
        assertThat(fetch(0, 0, 1, Optional.of(5)).get(5, TimeUnit.SECONDS).get(TP).error()).isEqualTo(Errors.NONE);
    }

    @Test
    void shouldReportOffsetOutOfRangeWhenFetchingPastLogEnd() throws Exception {
        lead(0, List.of(1));
        produce((short) 1, records("a"), 1);
        assertThat(fetch(5, 0, 1, Optional.empty()).get(5, TimeUnit.SECONDS).get(TP).error()).isEqualTo(Errors.OFFSET_OUT_OF_RANGE);
    }

    @Test
    void shouldListEarliestLatestAndByTimestampOffsets() throws Exception {
        lead(3, List.of(1));
        produce((short) 1, records("a", "b", "c"), 1);
        Partition p = manager.partition(TP).orElseThrow();
        assertThat(p.offsetForTimestamp(-2L, Optional.empty()).offset()).isZero();
        assertThat(p.offsetForTimestamp(-1L, Optional.empty()).offset()).isEqualTo(3);
        assertThat(p.offsetForTimestamp(-1L, Optional.empty()).leaderEpoch()).isEqualTo(3);
        assertThat(p.offsetForTimestamp(0L, Optional.empty()).offset()).isZero();
        assertThat(p.offsetForTimestamp(Long.MAX_VALUE - 1, Optional.empty()).offset()).isEqualTo(-1);
    }

    @Test
    void shouldAnswerEndOffsetForEpochFromEpochCache() throws Exception {
        lead(1, List.of(1));
        produce((short) 1, records("a", "b"), 1);
        lead(2, List.of(1));
        produce((short) 1, records("c"), 1);
        Partition p = manager.partition(TP).orElseThrow();
        assertThat(p.endOffsetForEpoch(1, Optional.empty()).endOffset().endOffset()).isEqualTo(2);
        assertThat(p.endOffsetForEpoch(2, Optional.empty()).endOffset().endOffset()).isEqualTo(3);
    }

    @Test
    void shouldFailWaitingProduceWhenLeadershipMovesAway() throws Exception {
        lead(0, List.of(1, 2));
        CompletableFuture<Map<TopicPartition, ProduceOutcome>> pending =
                manager.appendRecords((short) -1, 10_000, Map.of(TP, records("x")), t -> 1);
        manager.becomeFollower(TP, TOPIC_ID, new LeaderAndIsr(2, 1, 1, List.of(1, 2, 3), List.of(2)), LogConfig.defaults());
        assertThat(pending.get(5, TimeUnit.SECONDS).get(TP).error()).isEqualTo(Errors.NOT_LEADER_OR_FOLLOWER);
    }

    private CompletableFuture<LinkedHashMap<TopicPartition, Partition.ReadResult>> followerFetch(
            int replicaId, long offset, long maxWaitMs, Optional<Integer> lastFetchedEpoch) {
        LinkedHashMap<TopicPartition, FetchRequestInfo> req = new LinkedHashMap<>();
        req.put(TP, new FetchRequestInfo(offset, 1 << 20, Optional.empty(), lastFetchedEpoch));
        return manager.fetch(new FetchParams(maxWaitMs, 1, 50 << 20, replicaId, ReplicaEligibility.NO_BROKER_EPOCH), req);
    }

    @Test
    void shouldServeFollowerPastHighWatermarkWhenReplicaFetches() throws Exception {
        lead(0, List.of(1, 2, 3));
        manager.appendRecords((short) 1, 1000, Map.of(TP, records("a", "b")), t -> 1).get(5, TimeUnit.SECONDS);

        Partition.ReadResult r = followerFetch(2, 0, 0, Optional.empty()).get(5, TimeUnit.SECONDS).get(TP);
        assertThat(r.error()).isEqualTo(Errors.NONE);
        assertThat(values(r)).containsExactly("a", "b");
        assertThat(r.highWatermark()).isZero();
        // A consumer still sees nothing: the HW has not moved.
        assertThat(fetch(0, 0, 1, Optional.empty()).get(5, TimeUnit.SECONDS).get(TP).slice().isEmpty()).isTrue();
    }

    @Test
    void shouldCompleteAcksAllProduceWhenEveryIsrFollowerFetchedPastIt() throws Exception {
        lead(0, List.of(1, 2, 3));
        CompletableFuture<Map<TopicPartition, ProduceOutcome>> pending =
                manager.appendRecords((short) -1, 10_000, Map.of(TP, records("x", "y")), t -> 2);
        followerFetch(2, 2, 0, Optional.of(0)).get(5, TimeUnit.SECONDS);
        assertThat(pending).isNotDone();

        followerFetch(3, 2, 0, Optional.of(0)).get(5, TimeUnit.SECONDS);

        assertThat(pending.get(5, TimeUnit.SECONDS).get(TP).error()).isEqualTo(Errors.NONE);
        assertThat(manager.partition(TP).orElseThrow().highWatermark()).isEqualTo(2);
    }

    @Test
    void shouldWakeParkedFollowerFetchWhenLeaderAppends() throws Exception {
        lead(0, List.of(1, 2));
        var parked = followerFetch(2, 0, 10_000, Optional.empty());
        assertThat(parked).isNotDone();
        manager.appendRecords((short) 1, 1000, Map.of(TP, records("new")), t -> 1).get(5, TimeUnit.SECONDS);
        assertThat(values(parked.get(5, TimeUnit.SECONDS).get(TP))).containsExactly("new");
    }

    @Test
    void shouldAnswerDivergingEpochWhenFollowerWroteAnEpochTheLeaderEndedEarlier() throws Exception {
        lead(1, List.of(1, 2));
        manager.appendRecords((short) 1, 1000, Map.of(TP, records("a", "b")), t -> 1).get(5, TimeUnit.SECONDS);
        lead(3, List.of(1, 2));
        manager.appendRecords((short) 1, 1000, Map.of(TP, records("c")), t -> 1).get(5, TimeUnit.SECONDS);

        // The follower holds offsets 0..3 of epoch 1 (two more than the leader kept) or of epoch 2 (unknown here).
        Partition.ReadResult sameEpoch = followerFetch(2, 4, 0, Optional.of(1)).get(5, TimeUnit.SECONDS).get(TP);
        Partition.ReadResult unknownEpoch = followerFetch(2, 4, 0, Optional.of(2)).get(5, TimeUnit.SECONDS).get(TP);

        assertThat(sameEpoch.divergingEpoch()).contains(new io.tributary.log.EpochEndOffset(1, 2));
        assertThat(sameEpoch.slice().isEmpty()).isTrue();
        assertThat(unknownEpoch.divergingEpoch()).contains(new io.tributary.log.EpochEndOffset(1, 2));
        // A diverged fetch says nothing about the follower's progress.
        assertThat(manager.partition(TP).orElseThrow().highWatermark()).isZero();
    }

    @Test
    void shouldServeDataWhenFollowerLastEpochMatchesLeader() throws Exception {
        lead(1, List.of(1, 2));
        manager.appendRecords((short) 1, 1000, Map.of(TP, records("a", "b")), t -> 1).get(5, TimeUnit.SECONDS);
        lead(3, List.of(1, 2));
        manager.appendRecords((short) 1, 1000, Map.of(TP, records("c")), t -> 1).get(5, TimeUnit.SECONDS);

        Partition.ReadResult r = followerFetch(2, 2, 0, Optional.of(1)).get(5, TimeUnit.SECONDS).get(TP);

        assertThat(r.divergingEpoch()).isEmpty();
        assertThat(values(r)).containsExactly("c");
        assertThat(r.highWatermark()).isEqualTo(2);
    }

    @Test
    void shouldRefuseFollowerFetchWhenReplicaIsNotAssigned() throws Exception {
        lead(0, List.of(1, 2, 3));
        assertThat(followerFetch(9, 0, 0, Optional.empty()).get(5, TimeUnit.SECONDS).get(TP).error())
                .isEqualTo(Errors.NOT_LEADER_OR_FOLLOWER);
    }

    @Test
    void shouldProposeShrinkToLeaderWhenFollowersNeverFetchWithinLagTime() {
        lead(0, List.of(1, 2, 3));
        Partition p = manager.partition(TP).orElseThrow();
        long later = System.currentTimeMillis() + 60_000;

        assertThat(p.proposeIsrChange(later, 30_000, false, ReplicaEligibility.ANY)).isEmpty();
        Partition.IsrProposal proposal = p.proposeIsrChange(later, 30_000, true, ReplicaEligibility.ANY).orElseThrow();

        assertThat(proposal.newIsr()).containsExactly(1);
        assertThat(proposal.partitionEpoch()).isZero();
    }

    @Test
    void shouldProposeExpansionOnceWhenFollowerCatchesUp() throws Exception {
        lead(0, List.of(1));
        manager.appendRecords((short) 1, 1000, Map.of(TP, records("a", "b")), t -> 1).get(5, TimeUnit.SECONDS);
        Partition p = manager.partition(TP).orElseThrow();
        followerFetch(2, 2, 0, Optional.of(0)).get(5, TimeUnit.SECONDS);
        long now = System.currentTimeMillis();

        Partition.IsrProposal proposal = p.proposeIsrChange(now, 30_000, true, ReplicaEligibility.ANY).orElseThrow();
        assertThat(proposal.newIsr()).containsExactly(1, 2);
        assertThat(p.proposeIsrChange(now, 30_000, true, ReplicaEligibility.ANY)).as("one proposal in flight").isEmpty();

        p.onIsrChangeAnswered(proposal, Errors.INVALID_UPDATE_VERSION);
        assertThat(p.proposeIsrChange(now, 30_000, true, ReplicaEligibility.ANY)).isPresent();
    }

    @Test
    void shouldStopCountingDroppedReplicaWhenControllerCommitsShrink() throws Exception {
        lead(0, List.of(1, 2));
        CompletableFuture<Map<TopicPartition, ProduceOutcome>> pending =
                manager.appendRecords((short) -1, 10_000, Map.of(TP, records("x")), t -> 1);
        assertThat(pending).isNotDone();

        // The committed ISR without broker 2 arrives through the image (same leader epoch, next partition epoch).
        manager.becomeLeader(TP, TOPIC_ID, new LeaderAndIsr(1, 0, 1, List.of(1, 2, 3), List.of(1)), LogConfig.defaults());

        assertThat(pending.get(5, TimeUnit.SECONDS).get(TP).error()).isEqualTo(Errors.NONE);
    }

    @Test
    void shouldIgnoreFollowerAppendWhenLeadershipMovedOn() {
        manager.becomeFollower(TP, TOPIC_ID, new LeaderAndIsr(2, 4, 4, List.of(1, 2), List.of(1, 2)), LogConfig.defaults());
        Partition p = manager.partition(TP).orElseThrow();
        MemoryRecords batch = MemoryRecords.withRecords(0L, Compression.NONE, 4, new SimpleRecord("r".getBytes(StandardCharsets.UTF_8)));

        assertThat(p.appendAsFollower(3, batch, 1)).isFalse();
        assertThat(p.logEndOffset()).isZero();
        assertThat(p.appendAsFollower(4, batch, 1)).isTrue();
        assertThat(p.logEndOffset()).isEqualTo(1);
        assertThat(p.highWatermark()).isEqualTo(1);
        assertThat(p.followerPosition().lastFetchedEpoch()).contains(4);
    }

    @Test
    void shouldFlushFollowerAppendsBeforeAnsweringOnceTopicTurnsOnFlushOnAppend() {
        manager.becomeFollower(TP, TOPIC_ID, new LeaderAndIsr(2, 4, 4, List.of(1, 2), List.of(1, 2)), LogConfig.defaults());
        Partition p = manager.partition(TP).orElseThrow();
        p.appendAsFollower(4, MemoryRecords.withRecords(0L, Compression.NONE, 4, new SimpleRecord("a".getBytes(StandardCharsets.UTF_8))), 0);
        assertThat(p.log().recoveryPoint()).as("by default nothing is fsynced per append").isZero();

        manager.updateLogConfig(TP.topic(), LogConfig.defaults().with(LogConfig.FLUSH_ON_APPEND, true));
        p.appendAsFollower(4, MemoryRecords.withRecords(1L, Compression.NONE, 4, new SimpleRecord("b".getBytes(StandardCharsets.UTF_8))), 0);

        // Flushed before the follower's next fetch reports its log end offset, which is what moves the HW.
        assertThat(p.log().recoveryPoint()).isEqualTo(p.logEndOffset()).isEqualTo(2);
    }

    @Test
    void shouldFlushLeaderAppendsBeforeTheyCountForTheHighWatermarkWhenFlushOnAppend() throws Exception {
        manager.becomeLeader(TP, TOPIC_ID, new LeaderAndIsr(1, 0, 0, List.of(1, 2), List.of(1, 2)),
                LogConfig.defaults().with(LogConfig.FLUSH_ON_APPEND, true));
        CompletableFuture<Map<TopicPartition, ProduceOutcome>> pending =
                manager.appendRecords((short) -1, 10_000, Map.of(TP, records("x")), t -> 2);

        assertThat(manager.partition(TP).orElseThrow().log().recoveryPoint()).isEqualTo(1);
        followerFetch(2, 1, 0, Optional.of(0)).get(5, TimeUnit.SECONDS);
        assertThat(pending.get(5, TimeUnit.SECONDS).get(TP).error()).isEqualTo(Errors.NONE);
    }

    @Test
    void shouldApplyChangedTopicConfigOnlyToThatTopicsPartitions() {
        lead(0, List.of(1));
        TopicPartition other = new TopicPartition("other", 0);
        manager.becomeLeader(other, Uuid.randomUuid(), new LeaderAndIsr(1, 0, 0, List.of(1), List.of(1)), LogConfig.defaults());

        manager.updateLogConfig(TP.topic(), LogConfig.defaults().with(LogConfig.FLUSH_ON_APPEND, true));

        assertThat(manager.partition(TP).orElseThrow().log().config().flushOnAppend()).isTrue();
        assertThat(manager.partition(other).orElseThrow().log().config().flushOnAppend()).isFalse();
    }

    @Test
    void shouldCheckShrinkOnlyEveryHalfLagTimeWhenMaintainerTicks() {
        lead(0, List.of(1, 2, 3));
        List<Partition.IsrProposal> sent = new ArrayList<>();
        IsrMaintainer maintainer = new IsrMaintainer(() -> manager.partitions().values(), proposal -> {
            sent.add(proposal);
            return CompletableFuture.completedFuture(Errors.INVALID_UPDATE_VERSION); // rejected: the next shrink check may propose again
        }, () -> ReplicaEligibility.ANY, 30_000);
        long t0 = System.currentTimeMillis() + 60_000; // both followers silent for longer than the lag time

        maintainer.tick(t0);
        maintainer.tick(t0 + 14_999);
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).newIsr()).containsExactly(1);

        maintainer.tick(t0 + 15_000);
        assertThat(sent).hasSize(2);
    }

    @Test
    void shouldLeaveThrottledPartitionOutOfFollowerFetchWhenLeaderQuotaIsUsedUp() throws Exception {
        lead(0, List.of(1, 2, 3));
        String big = "x".repeat(3_000);
        manager.appendRecords((short) 1, 1000, Map.of(TP, records(big)), t -> 1).get(5, TimeUnit.SECONDS);
        manager.appendRecords((short) 1, 1000, Map.of(TP, records(big)), t -> 1).get(5, TimeUnit.SECONDS);
        throttleBytesPerSec = 1_000;

        Partition.ReadResult first = followerFetch(2, 0, 0, Optional.empty()).get(5, TimeUnit.SECONDS).get(TP);
        Partition.ReadResult second = followerFetch(3, 0, 0, Optional.empty()).get(5, TimeUnit.SECONDS).get(TP);

        assertThat(values(first)).as("a full bucket lets the first fetch through").hasSize(2);
        assertThat(second.error()).isEqualTo(Errors.NONE);
        assertThat(second.slice().isEmpty()).as("6 KB sent at 1 KB/s: over the quota for seconds").isTrue();
        assertThat(second.logEndOffset()).isEqualTo(2);
        throttleBytesPerSec = LeaderReplicationThrottle.UNTHROTTLED;
        assertThat(values(followerFetch(3, 0, 0, Optional.empty()).get(5, TimeUnit.SECONDS).get(TP))).hasSize(2);
    }
}
