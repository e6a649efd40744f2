package io.tributary.broker.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.metadata.image.CommittedOffset;
import io.tributary.metadata.image.MetadataDelta;
import io.tributary.metadata.image.MetadataImage;
import io.tributary.metadata.image.PartitionKey;
import io.tributary.metadata.record.CoordinatorShardRecord;
import io.tributary.metadata.record.LeaderRecoveryState;
import io.tributary.metadata.record.MetadataRecord;
import io.tributary.metadata.record.PartitionRecord;
import io.tributary.metadata.record.TopicRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The coordinator driver against an in-memory quorum: shard ownership, epochs on writes, batching
 * and reading one's own commits. The driver's own thread is real; each call is awaited.
 */
class GroupCoordinatorTest {
    private static final int BROKER = 1;
    private static final int SHARDS = 4;
    private static final Uuid TOPIC = Uuid.fromString("AAAAAAAAAAAAAAAAAAAAAQ");

    /** A quorum that applies writes when told to, so the local image can lag behind acknowledged writes. */
    private final class InMemoryQuorum implements GroupStateWriter {
        final List<List<MetadataRecord>> writes = new ArrayList<>();
        final List<MetadataRecord> unapplied = new ArrayList<>();
        /** Answers not yet given, while {@link #holdAnswers}: a quorum that is slow to commit. */
        final List<CompletableFuture<Errors>> heldAnswers = new ArrayList<>();
        boolean applyAtOnce = true;
        boolean holdAnswers;

        @Override
        public synchronized CompletableFuture<Errors> write(int shardId, int coordinatorEpoch, List<MetadataRecord> records) {
            if (image.coordinatorShards().get(shardId).epoch() != coordinatorEpoch) {
                return CompletableFuture.completedFuture(Errors.NOT_COORDINATOR);
            }
            writes.add(List.copyOf(records));
            unapplied.addAll(records);
            if (applyAtOnce) {
                applyPending();
            }
            if (holdAnswers) {
                CompletableFuture<Errors> answer = new CompletableFuture<>();
                heldAnswers.add(answer);
                return answer;
            }
            return CompletableFuture.completedFuture(Errors.NONE);
        }

        synchronized void answerHeld() {
            heldAnswers.forEach(a -> a.complete(Errors.NONE));
            heldAnswers.clear();
        }

        synchronized void applyPending() {
            apply(unapplied.toArray(MetadataRecord[]::new));
            unapplied.clear();
        }
    }

    private volatile MetadataImage image = MetadataImage.EMPTY;
    private final AtomicLong nowMs = new AtomicLong(1_000);
    private final InMemoryQuorum quorum = new InMemoryQuorum();
    private GroupCoordinator coordinator;

    private void apply(MetadataRecord... records) {
        MetadataDelta delta = new MetadataDelta(image, image.offset() + 1);
        for (MetadataRecord r : records) {
            delta.replay(r);
        }
        image = delta.apply();
    }

    private void start(int leader, int commitLingerMs) {
        start(leader, commitLingerMs, 7L * 24 * 3600 * 1000);
    }

    private void start(int leader, int commitLingerMs, long retentionMs) {
        apply(new TopicRecord("orders", TOPIC), new PartitionRecord(TOPIC, 0, List.of(1), List.of(1), List.of(), List.of(), 1,
                LeaderRecoveryState.RECOVERED, 0, 0));
        for (int s = 0; s < SHARDS; s++) {
            apply(new CoordinatorShardRecord(s, leader, 1));
        }
        coordinator = new GroupCoordinator(BROKER, new GroupCoordinatorConfig(0, 6_000, 300_000, SHARDS, commitLingerMs, retentionMs, 1),
                () -> image, quorum, nowMs::get);
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

    private static JoinGroupRequestData joinRequest(String groupId, String memberId) {
        JoinGroupRequestData req = new JoinGroupRequestData().setGroupId(groupId).setMemberId(memberId).setProtocolType("consumer")
                .setSessionTimeoutMs(10_000).setRebalanceTimeoutMs(10_000);
        req.protocols().add(new JoinGroupRequestData.JoinGroupRequestProtocol().setName("range").setMetadata(new byte[0]));
        return req;
    }

    private static Map<PartitionKey, CommittedOffset> offset(long offset) {
        return Map.of(new PartitionKey(TOPIC, 0), new CommittedOffset(offset, -1, "", 5));
    }

    @Test
    void shouldAnswerNotCoordinatorWhenAnotherBrokerLeadsTheShard() throws Exception {
        start(2, 0);
        JoinGroupResponseData r = await(coordinator.join(joinRequest("g", ""), 9, "c", "/h"));
        assertThat(r.errorCode()).isEqualTo(Errors.NOT_COORDINATOR.code());
        assertThat(await(coordinator.commitOffsets("g", "", null, -1, offset(3)))).isEqualTo(Errors.NOT_COORDINATOR);
        assertThat(await(coordinator.fetchOffsets("g")).error()).isEqualTo(Errors.NOT_COORDINATOR);
        assertThat(quorum.writes).isEmpty();
    }

    /**
     * A coordinator whose image holds offset 3 of partition 0 of group "g", answering {@code notReady}
     * until the returned flag is set.
     */
    private java.util.concurrent.atomic.AtomicBoolean coordinatorOnOldOffsetsAnswering(Errors notReady) throws Exception {
        start(BROKER, 0);
        apply(new io.tributary.metadata.record.OffsetCommitRecord("g", TOPIC, 0, 3L, -1, "", 5L));
        coordinator.close();
        java.util.concurrent.atomic.AtomicBoolean ready = new java.util.concurrent.atomic.AtomicBoolean(false);
        coordinator = new GroupCoordinator(BROKER, new GroupCoordinatorConfig(0, 6_000, 300_000, SHARDS, 0),
                () -> image, quorum, nowMs::get, () -> ready.get() ? Errors.NONE : notReady);
        return ready;
    }

    @Test
    void shouldServeNothingFromAnImageThatHasNotCaughtUpYet() throws Exception {
        // A restarted broker replaying an old image that still names it coordinator, with old offsets.
        java.util.concurrent.atomic.AtomicBoolean caughtUp = coordinatorOnOldOffsetsAnswering(Errors.COORDINATOR_LOAD_IN_PROGRESS);

        assertThat(await(coordinator.fetchOffsets("g")).error()).isEqualTo(Errors.COORDINATOR_LOAD_IN_PROGRESS);
        assertThat(await(coordinator.join(joinRequest("g", ""), 9, "c", "/h")).errorCode())
                .isEqualTo(Errors.COORDINATOR_LOAD_IN_PROGRESS.code());
        assertThat(await(coordinator.commitOffsets("g", "", null, -1, offset(1)))).isEqualTo(Errors.COORDINATOR_LOAD_IN_PROGRESS);
        assertThat(quorum.writes).isEmpty();

        apply(new io.tributary.metadata.record.OffsetCommitRecord("g", TOPIC, 0, 42L, -1, "", 6L));
        caughtUp.set(true);
        assertThat(await(coordinator.fetchOffsets("g")).offsets().get(new PartitionKey(TOPIC, 0)).offset()).isEqualTo(42);
    }

    @Test
    void shouldSendClientsElsewhereWhileTheBrokerHasNoLease() throws Exception {
        // A broker cut off from the quorum keeps an image naming it coordinator, with the offsets of
        // before the cut, while the controller may have moved the shard and the group committed on.
        java.util.concurrent.atomic.AtomicBoolean leased = coordinatorOnOldOffsetsAnswering(Errors.NOT_COORDINATOR);

        assertThat(await(coordinator.fetchOffsets("g")).error()).isEqualTo(Errors.NOT_COORDINATOR);
        assertThat(await(coordinator.join(joinRequest("g", ""), 9, "c", "/h")).errorCode()).isEqualTo(Errors.NOT_COORDINATOR.code());
        assertThat(await(coordinator.commitOffsets("g", "", null, -1, offset(1)))).isEqualTo(Errors.NOT_COORDINATOR);
        assertThat(quorum.writes).isEmpty();

        leased.set(true);
        assertThat(await(coordinator.fetchOffsets("g")).offsets().get(new PartitionKey(TOPIC, 0)).offset()).isEqualTo(3);
    }

    @Test
    void shouldPersistCompletedRebalanceWithTheShardEpochWhenLeaderSyncs() throws Exception {
        start(BROKER, 0);
        String memberId = await(coordinator.join(joinRequest("g", ""), 9, "c", "/h")).memberId();
        JoinGroupResponseData joined = await(coordinator.join(joinRequest("g", memberId), 9, "c", "/h"));
        assertThat(joined.generationId()).isEqualTo(1);
        await(coordinator.sync(new SyncGroupRequestData().setGroupId("g").setMemberId(memberId).setGenerationId(1)
                .setAssignments(List.of(new SyncGroupRequestData.SyncGroupRequestAssignment().setMemberId(memberId)
                        .setAssignment(new byte[] {7})))));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> image.groups().containsKey("g"));
        assertThat(image.groups().get("g").generation()).isEqualTo(1);
        assertThat(image.groups().get("g").members()).singleElement().satisfies(m -> assertThat(m.assignment()).containsExactly(7));
    }

    @Test
    void shouldCoalesceCommitsWhenTheyArriveWithinTheLingerTime() throws Exception {
        start(BROKER, 50);
        List<CompletableFuture<Errors>> commits = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            commits.add(coordinator.commitOffsets("g", "", null, -1, offset(i)));
        }
        for (CompletableFuture<Errors> c : commits) {
            assertThat(await(c)).isEqualTo(Errors.NONE);
        }
        assertThat(quorum.writes).hasSize(1);
        assertThat(quorum.writes.get(0)).hasSize(5);
        assertThat(image.offsets("g").get(new PartitionKey(TOPIC, 0)).offset()).isEqualTo(4);
    }

    @Test
    void shouldReadOwnCommitWhenLocalImageHasNotAppliedItYet() throws Exception {
        start(BROKER, 0);
        quorum.applyAtOnce = false;
        assertThat(await(coordinator.commitOffsets("g", "", null, -1, offset(42)))).isEqualTo(Errors.NONE);
        assertThat(image.offsets("g")).isEmpty();
        assertThat(await(coordinator.fetchOffsets("g")).offsets().get(new PartitionKey(TOPIC, 0)).offset()).isEqualTo(42);
        quorum.applyPending();
        assertThat(await(coordinator.fetchOffsets("g")).offsets().get(new PartitionKey(TOPIC, 0)).offset()).isEqualTo(42);
    }

    @Test
    void shouldAnswerAnOffsetFetchOnlyAfterTheGroupsCommitInFlightIsAnswered() throws Exception {
        // A commit of generation N still in flight while generation N+1's member asks where to start:
        // answering from the image would send it back to the older offset, and its commit would
        // then move the group's committed offset backwards.
        start(BROKER, 0);
        assertThat(await(coordinator.commitOffsets("g", "", null, -1, offset(164)))).isEqualTo(Errors.NONE);
        quorum.applyAtOnce = false;
        quorum.holdAnswers = true;
        CompletableFuture<Errors> inFlight = coordinator.commitOffsets("g", "", null, -1, offset(166));

        CompletableFuture<GroupCoordinator.OffsetsResult> fetch = coordinator.fetchOffsets("g");

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> !quorum.heldAnswers.isEmpty());
        Thread.sleep(200);
        assertThat(fetch).as("no answer while the commit is in flight").isNotDone();
        quorum.applyPending();
        quorum.answerHeld();
        assertThat(await(inFlight)).isEqualTo(Errors.NONE);
        assertThat(await(fetch).offsets().get(new PartitionKey(TOPIC, 0)).offset()).isEqualTo(166);
        // Nothing in flight: answered at once.
        assertThat(await(coordinator.fetchOffsets("g")).offsets().get(new PartitionKey(TOPIC, 0)).offset()).isEqualTo(166);
    }

    @Test
    void shouldRejectCommitWithGenerationWhenGroupDoesNotExist() throws Exception {
        start(BROKER, 0);
        assertThat(await(coordinator.commitOffsets("g", "m", null, 3, offset(1)))).isEqualTo(Errors.ILLEGAL_GENERATION);
    }

    @Test
    void shouldDeleteEmptyGroupWithItsOffsetsAndRefuseUnknownOnes() throws Exception {
        start(BROKER, 0);
        await(coordinator.commitOffsets("g", "", null, -1, offset(9)));
        assertThat(await(coordinator.listGroups())).extracting(GroupCoordinator.GroupListing::groupId).contains("g");
        Map<String, Errors> deleted = await(coordinator.deleteGroups(List.of("g", "missing")));
        assertThat(deleted).containsEntry("g", Errors.NONE).containsEntry("missing", Errors.GROUP_ID_NOT_FOUND);
        assertThat(image.offsets("g")).isEmpty();
        assertThat(await(coordinator.fetchOffsets("g")).offsets()).isEmpty();
        assertThat(await(coordinator.listGroups())).extracting(GroupCoordinator.GroupListing::groupId).doesNotContain("g");
    }

    @Test
    void shouldReloadGroupFromImageWhenCoordinatorEpochChanges() throws Exception {
        start(BROKER, 0);
        String memberId = await(coordinator.join(joinRequest("g", ""), 9, "c", "/h")).memberId();
        await(coordinator.join(joinRequest("g", memberId), 9, "c", "/h"));
        await(coordinator.sync(new SyncGroupRequestData().setGroupId("g").setMemberId(memberId).setGenerationId(1)));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> image.groups().containsKey("g"));
        int shard = coordinator.shardFor("g");
        apply(new CoordinatorShardRecord(shard, BROKER, 2)); // moved away and back: a new epoch
        GroupCoordinator.GroupDescription d = await(coordinator.describeGroup("g"));
        assertThat(d.state()).isEqualTo("Stable");
        assertThat(d.members()).extracting(GroupCoordinator.MemberDescription::memberId).containsExactly(memberId);
        assertThat(await(coordinator.commitOffsets("g", memberId, null, 1, offset(5)))).isEqualTo(Errors.NONE);
    }

    @Test
    void shouldExpireOffsetsOfEmptyGroupWhenRetentionPasses() throws Exception {
        start(BROKER, 0, 60_000);
        await(coordinator.commitOffsets("g", "", null, -1, offset(3))); // committed at 5 (see offset())
        nowMs.set(59_000);
        assertThat(await(coordinator.fetchOffsets("g")).offsets()).hasSize(1);
        nowMs.set(60_005);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> image.offsets("g").isEmpty());
        assertThat(await(coordinator.fetchOffsets("g")).offsets()).isEmpty();
    }
}
