package io.tributary.broker.replica;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.log.LogConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which expansions a leader proposes, given follower eligibility and the controller's refusals; time by hand. */
class PartitionIsrProposalTest {
    private static final TopicPartition TP = new TopicPartition("orders", 0);
    private static final long LAG_MS = 30_000;
    private static final int FENCED = 2;
    private static final ReplicaEligibility TWO_IS_FENCED = (id, brokerEpoch) -> id != FENCED;

    @TempDir Path dir;
    private TempDirPartitionLogs logs;
    private long nowMs = 1_000;
    private Partition partition;

    @BeforeEach
    void setUp() {
        logs = new TempDirPartitionLogs(dir);
        partition = new Partition(TP, Uuid.randomUuid(), 1, logs.getOrCreate(TP.topic(), 0, LogConfig.defaults()), () -> nowMs);
        partition.makeLeader(new LeaderAndIsr(1, 0, 0, List.of(1, 2, 3), List.of(1)));
    }

    @AfterEach
    void tearDown() {
        logs.close();
    }

    private void append(int count) {
        SimpleRecord[] rs = new SimpleRecord[count];
        for (int i = 0; i < count; i++) {
            rs[i] = new SimpleRecord(nowMs, null, ("v" + i).getBytes(StandardCharsets.UTF_8));
        }
        partition.appendAsLeader(MemoryRecords.withRecords(Compression.NONE, rs), (short) 1, 1);
    }

    private void caughtUp(int replicaId) {
        partition.onFollowerFetch(replicaId, partition.logEndOffset(), 5, 0);
    }

    @Test
    void shouldProposeOnlyEligibleFollowersWhenSeveralCaughtUp() {
        append(3);
        caughtUp(2);
        caughtUp(3);

        Partition.IsrProposal proposal = partition.proposeIsrChange(nowMs, LAG_MS, false, TWO_IS_FENCED).orElseThrow();

        assertThat(proposal.newIsr()).containsExactly(1, 3);
    }

    @Test
    void shouldProposeNothingWhenOnlyCaughtUpFollowerIsIneligible() {
        append(3);
        caughtUp(FENCED);

        for (int tick = 0; tick < 10; tick++, nowMs += 500) {
            assertThat(partition.proposeIsrChange(nowMs, LAG_MS, false, TWO_IS_FENCED)).isEmpty();
        }
    }

    @Test
    void shouldAdvanceHighWatermarkPastIneligibleFollowerWhenLeaderIsAloneInIsr() {
        append(3);
        caughtUp(FENCED);
        partition.proposeIsrChange(nowMs, LAG_MS, false, TWO_IS_FENCED);

        append(2);

        assertThat(partition.highWatermark()).as("a fenced broker never becomes a pending ISR member").isEqualTo(5);
    }

    @Test
    void shouldLeaveRefusedFollowerOutForBackoffWhenControllerAnswersIneligibleReplica() {
        append(3);
        caughtUp(2);
        Partition.IsrProposal proposal = partition.proposeIsrChange(nowMs, LAG_MS, false, ReplicaEligibility.ANY).orElseThrow();
        assertThat(proposal.newIsr()).containsExactly(1, 2);

        partition.onIsrChangeAnswered(proposal, Errors.INELIGIBLE_REPLICA);

        long refusedAt = nowMs;
        for (nowMs = refusedAt; nowMs < refusedAt + Partition.INELIGIBLE_REPLICA_BACKOFF_MS; nowMs += 500) {
            caughtUp(2);
            assertThat(partition.proposeIsrChange(nowMs, LAG_MS, false, ReplicaEligibility.ANY)).as("at +%d ms", nowMs - refusedAt)
                    .isEmpty();
        }
        nowMs = refusedAt + Partition.INELIGIBLE_REPLICA_BACKOFF_MS;
        assertThat(partition.proposeIsrChange(nowMs, LAG_MS, false, ReplicaEligibility.ANY)).isPresent();
    }

    @Test
    void shouldDropPendingAdditionFromHighWatermarkWhenControllerAnswersIneligibleReplica() {
        append(3);
        caughtUp(2);
        Partition.IsrProposal proposal = partition.proposeIsrChange(nowMs, LAG_MS, false, ReplicaEligibility.ANY).orElseThrow();
        append(2);
        assertThat(partition.highWatermark()).as("held by the pending addition").isEqualTo(3);

        partition.onIsrChangeAnswered(proposal, Errors.INELIGIBLE_REPLICA);
        append(1);

        assertThat(partition.highWatermark()).isEqualTo(6);
    }

    @Test
    void shouldStillProposeOtherFollowersWhenOneIsBackingOff() {
        append(3);
        caughtUp(2);
        Partition.IsrProposal refused = partition.proposeIsrChange(nowMs, LAG_MS, false, ReplicaEligibility.ANY).orElseThrow();
        partition.onIsrChangeAnswered(refused, Errors.INELIGIBLE_REPLICA);
        caughtUp(3);

        Partition.IsrProposal next = partition.proposeIsrChange(nowMs + 500, LAG_MS, false, ReplicaEligibility.ANY).orElseThrow();

        assertThat(next.newIsr()).containsExactly(1, 3);
    }

    @Test
    void shouldRetryAtNextTickWhenControllerRejectsForAnotherReason() {
        append(3);
        caughtUp(2);
        Partition.IsrProposal proposal = partition.proposeIsrChange(nowMs, LAG_MS, false, ReplicaEligibility.ANY).orElseThrow();

        partition.onIsrChangeAnswered(proposal, Errors.INVALID_UPDATE_VERSION);

        assertThat(partition.proposeIsrChange(nowMs + 500, LAG_MS, false, ReplicaEligibility.ANY)).isPresent();
    }

    @Test
    void shouldForgetRefusalsWhenANewLeaderEpochStarts() {
        append(3);
        caughtUp(2);
        Partition.IsrProposal proposal = partition.proposeIsrChange(nowMs, LAG_MS, false, ReplicaEligibility.ANY).orElseThrow();
        partition.onIsrChangeAnswered(proposal, Errors.INELIGIBLE_REPLICA);

        partition.makeLeader(new LeaderAndIsr(1, 1, 1, List.of(1, 2, 3), List.of(1)));
        partition.onFollowerFetch(2, partition.logEndOffset(), 5, 1);

        assertThat(partition.proposeIsrChange(nowMs, LAG_MS, false, ReplicaEligibility.ANY).map(Partition.IsrProposal::newIsr))
                .contains(List.of(1, 2));
        assertThat(Set.copyOf(partition.state().orElseThrow().isr())).containsExactly(1);
    }

    @Test
    void shouldProposeOncePerBackoffWhenControllerKeepsAnsweringIneligibleReplica() {
        List<Partition.IsrProposal> sent = new ArrayList<>();
        IsrMaintainer maintainer = new IsrMaintainer(() -> List.of(partition), proposal -> {
            sent.add(proposal);
            return CompletableFuture.completedFuture(Errors.INELIGIBLE_REPLICA); // the controller knows better than our image
        }, () -> ReplicaEligibility.ANY, LAG_MS);
        append(3);
        long start = nowMs;

        for (; nowMs < start + 20_000; nowMs += 500) { // the node's ISR tick
            caughtUp(2);
            maintainer.tick(nowMs);
        }

        assertThat(sent).as("40 ticks, one proposal per %d ms", Partition.INELIGIBLE_REPLICA_BACKOFF_MS).hasSize(4);
    }

    @Test
    void shouldNeverProposeWhenMaintainerSeesFollowerFencedInImage() {
        List<Partition.IsrProposal> sent = new ArrayList<>();
        IsrMaintainer maintainer = new IsrMaintainer(() -> List.of(partition), proposal -> {
            sent.add(proposal);
            return CompletableFuture.completedFuture(Errors.NONE);
        }, () -> TWO_IS_FENCED, LAG_MS);
        append(3);

        for (int tick = 0; tick < 40; tick++, nowMs += 500) {
            caughtUp(FENCED);
            maintainer.tick(nowMs);
        }

        assertThat(sent).isEmpty();
    }
}
