package io.tributary.metadata.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tributary.metadata.record.ApplyResult;
import io.tributary.metadata.record.ConfigRecord;
import io.tributary.metadata.record.ConfigResourceType;
import io.tributary.metadata.record.CoordinatorShardRecord;
import io.tributary.metadata.record.GroupRecord;
import io.tributary.metadata.record.GroupTombstoneRecord;
import io.tributary.metadata.record.LeaderRecoveryState;
import io.tributary.metadata.record.MetadataBatch;
import io.tributary.metadata.record.MetadataBatchCodec;
import io.tributary.metadata.record.MetadataRecord;
import io.tributary.metadata.record.OffsetCommitRecord;
import io.tributary.metadata.record.PartitionChangeRecord;
import io.tributary.metadata.record.PartitionRecord;
import io.tributary.metadata.record.Precondition;
import io.tributary.metadata.record.ProducerIdsRecord;
import io.tributary.metadata.record.RegisterBrokerRecord;
import io.tributary.metadata.record.RemoveTopicRecord;
import io.tributary.metadata.record.TopicRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MetadataReplayerTest {

    private static final Uuid T1 = Uuid.fromString("AAAAAAAAAAAAAAAAAAAAAQ");
    private static final Uuid OTHER_TOPIC = Uuid.fromString("AAAAAAAAAAAAAAAAAAAABQ");
    private final List<MetadataReplayer> replayers = new ArrayList<>();

    @AfterEach
    void closeReplayers() throws InterruptedException {
        for (MetadataReplayer r : replayers) {
            r.close();
        }
    }

    private MetadataReplayer newReplayer() {
        MetadataReplayer r = new MetadataReplayer();
        replayers.add(r);
        return r;
    }

    private static byte[] entry(List<Precondition> pre, MetadataRecord... records) {
        return MetadataBatchCodec.encode(MetadataBatch.of(pre, List.of(records)));
    }

    private static List<byte[]> sampleLog() {
        List<byte[]> log = new ArrayList<>();
        log.add(entry(List.of(), new RegisterBrokerRecord(1, Uuid.fromString("AAAAAAAAAAAAAAAAAAAAAg"), 1L, List.of(), "a", true, false)));
        log.add(entry(List.of(), new RegisterBrokerRecord(2, Uuid.fromString("AAAAAAAAAAAAAAAAAAAAAw"), 2L, List.of(), "b", false, false)));
        log.add(entry(List.of(new Precondition.TopicAbsent("orders")), new TopicRecord("orders", T1),
                new PartitionRecord(T1, 0, List.of(1, 2), List.of(1, 2), null, null, 1, LeaderRecoveryState.RECOVERED, 0, 0),
                new PartitionRecord(T1, 1, List.of(2, 1), List.of(2, 1), null, null, 2, LeaderRecoveryState.RECOVERED, 0, 0),
                new ConfigRecord(ConfigResourceType.TOPIC, "orders", "retention.ms", "1000")));
        log.add(entry(List.of(new Precondition.PartitionEpochIs(T1, 0, 0)),
                PartitionChangeRecord.of(T1, 0, List.of(2), 2)));
        log.add(entry(List.of(), new ProducerIdsRecord(1, 1L, 1000L), new CoordinatorShardRecord(0, 2, 1)));
        log.add(entry(List.of(new Precondition.CoordinatorEpochIs(0, 1)), new GroupRecord("g", "consumer", "range", 1, "m", List.of()),
                new OffsetCommitRecord("g", T1, 0, 10L, 1, "", 5L)));
        return log;
    }

    @Test
    void shouldReachEqualImagesWhenTwoNodesApplyTheSameEntries() {
        MetadataReplayer a = newReplayer();
        MetadataReplayer b = newReplayer();
        List<byte[]> log = sampleLog();
        for (int i = 0; i < log.size(); i++) {
            a.apply(i + 1, log.get(i));
            b.apply(i + 1, log.get(i).clone());
        }

        assertThat(a.image()).isEqualTo(b.image());
        MetadataImage img = a.image();
        assertThat(img.offset()).isEqualTo(6L);
        PartitionRegistration p0 = img.partition(T1, 0);
        assertThat(p0.leader()).isEqualTo(2);
        assertThat(p0.isr()).containsExactly(2);
        assertThat(p0.leaderEpoch()).isEqualTo(1);
        assertThat(p0.partitionEpoch()).isEqualTo(1);
        assertThat(img.broker(1).registeredOffset()).isEqualTo(1L);
        assertThat(img.nextProducerId()).isEqualTo(1000L);
        assertThat(img.offsets("g")).containsEntry(new PartitionKey(T1, 0), new CommittedOffset(10L, 1, "", 5L));
    }

    @Test
    void shouldNotBumpLeaderEpochWhenOnlyIsrShrinks() {
        MetadataReplayer r = newReplayer();
        List<byte[]> log = sampleLog();
        for (int i = 0; i < 3; i++) {
            r.apply(i + 1, log.get(i));
        }

        r.apply(4, entry(List.of(), PartitionChangeRecord.of(T1, 1, List.of(2), PartitionChangeRecord.NO_CHANGE)));

        PartitionRegistration p1 = r.image().partition(T1, 1);
        assertThat(p1.leaderEpoch()).isZero();
        assertThat(p1.partitionEpoch()).isEqualTo(1);
    }

    @Test
    void shouldRejectWholeBatchWhenPreconditionIsStale() {
        MetadataReplayer r = newReplayer();
        List<byte[]> log = sampleLog();
        for (int i = 0; i < 4; i++) {
            r.apply(i + 1, log.get(i));
        }
        MetadataImage before = r.image();

        ApplyResult result = ApplyResult.decode(r.apply(5, entry(List.of(new Precondition.PartitionEpochIs(T1, 0, 0)),
                new ProducerIdsRecord(1, 1L, 5000L), PartitionChangeRecord.of(T1, 0, List.of(1), 1))));

        assertThat(result.error()).isEqualTo(Errors.INVALID_UPDATE_VERSION);
        assertThat(result.offset()).isEqualTo(5L);
        assertThat(r.image()).isEqualTo(before.withOffset(5L));
    }

    @Test
    void shouldRejectBatchWhenTopicAlreadyExists() {
        MetadataReplayer r = newReplayer();
        List<byte[]> log = sampleLog();
        for (int i = 0; i < 3; i++) {
            r.apply(i + 1, log.get(i));
        }

        ApplyResult result = ApplyResult.decode(r.apply(4, log.get(2)));

        assertThat(result.error()).isEqualTo(Errors.TOPIC_ALREADY_EXISTS);
    }

    @Test
    void shouldRejectBatchWhenCoordinatorEpochIsStale() {
        MetadataReplayer r = newReplayer();
        r.apply(1, entry(List.of(), new CoordinatorShardRecord(0, 1, 2)));

        ApplyResult result = ApplyResult.decode(r.apply(2, entry(List.of(new Precondition.CoordinatorEpochIs(0, 1)),
                new GroupTombstoneRecord("g"))));

        assertThat(result.error()).isEqualTo(Errors.NOT_COORDINATOR);
    }

    @Test
    void shouldRejectBatchAtomicallyWhenARecordNamesAMissingPartition() {
        MetadataReplayer r = newReplayer();

        ApplyResult result = ApplyResult.decode(r.apply(1, entry(List.of(), new ProducerIdsRecord(1, 1L, 1000L),
                PartitionChangeRecord.of(T1, 0, List.of(1), 1))));

        assertThat(result.error()).isEqualTo(Errors.INVALID_REQUEST);
        assertThat(r.image()).isEqualTo(MetadataImage.EMPTY.withOffset(1L));
    }

    @Test
    void shouldFenceBatchesOfOlderControllerWhenNewerOneActivated() {
        MetadataReplayer r = newReplayer();
        r.apply(1, entry(List.of(), new io.tributary.metadata.record.ControllerActivationRecord(3)));
        r.apply(2, entry(List.of(), new io.tributary.metadata.record.ControllerActivationRecord(2)));

        ApplyResult stale = ApplyResult.decode(r.apply(3, entry(List.of(new Precondition.ControllerTermIs(2)),
                new ProducerIdsRecord(1, 1L, 1000L))));
        ApplyResult current = ApplyResult.decode(r.apply(4, entry(List.of(new Precondition.ControllerTermIs(3)),
                new ProducerIdsRecord(1, 1L, 1000L))));

        assertThat(r.image().controllerTerm()).isEqualTo(3L);
        assertThat(stale.error()).isEqualTo(Errors.NOT_CONTROLLER);
        assertThat(current.error()).isEqualTo(Errors.NONE);
        assertThat(r.image().nextProducerId()).isEqualTo(1000L);
    }

    @Test
    void shouldFailFastWhenEntryCannotBeDecoded() {
        MetadataReplayer r = newReplayer();

        assertThatThrownBy(() -> r.apply(1, "{\"v\":9}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldRestoreEqualImageWhenSnapshotIsLoaded() throws Exception {
        MetadataReplayer a = newReplayer();
        List<byte[]> log = sampleLog();
        for (int i = 0; i < log.size(); i++) {
            a.apply(i + 1, log.get(i));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        a.writeSnapshot(out);

        MetadataReplayer b = newReplayer();
        b.loadSnapshot(new ByteArrayInputStream(out.toByteArray()));

        assertThat(b.image()).isEqualTo(a.image());
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        b.writeSnapshot(again);
        assertThat(again.toByteArray()).isEqualTo(out.toByteArray());
    }

    @Test
    void shouldRemoveTopicWithItsConfigsAndOffsetsWhenTopicIsDeleted() {
        MetadataReplayer r = newReplayer();
        List<byte[]> log = sampleLog();
        for (int i = 0; i < 3; i++) {
            r.apply(i + 1, log.get(i));
        }

        r.apply(4, entry(List.of(), new OffsetCommitRecord("g", T1, 0, 5L, 0, "", 1L),
                new OffsetCommitRecord("g", OTHER_TOPIC, 0, 6L, 0, "", 1L)));

        r.apply(5, entry(List.of(), new RemoveTopicRecord(T1)));

        assertThat(r.image().offsets("g")).containsOnlyKeys(new PartitionKey(OTHER_TOPIC, 0));
        assertThat(r.image().topic("orders")).isEmpty();
        assertThat(r.image().topicsById()).isEmpty();
        assertThat(r.image().configs()).isEmpty();
    }

    @Test
    void shouldKeepEarlierImagesUnchangedWhenAnEntryCommitsAndDeletesOffsetsOfAGroup() {
        MetadataReplayer r = newReplayer();
        r.apply(1, entry(List.of(), new OffsetCommitRecord("g", T1, 0, 1L, 0, "", 1L)));
        MetadataImage before = r.image();

        r.apply(2, entry(List.of(), new OffsetCommitRecord("g", T1, 1, 2L, 0, "", 1L),
                new OffsetCommitRecord("g", T1, 2, 3L, 0, "", 1L), new OffsetCommitRecord("g", T1, 0, 4L, 0, "", 1L),
                new io.tributary.metadata.record.OffsetDeleteRecord("g", T1, 2)));
        r.apply(3, entry(List.of(), new io.tributary.metadata.record.GroupTombstoneRecord("g"),
                new OffsetCommitRecord("g", T1, 7, 9L, 0, "", 1L)));

        assertThat(before.offsets("g")).containsOnlyKeys(new PartitionKey(T1, 0));
        assertThat(before.offsets("g").get(new PartitionKey(T1, 0)).offset()).isEqualTo(1L);
        assertThat(r.image().offsets("g")).containsOnlyKeys(new PartitionKey(T1, 7));
        assertThatThrownBy(() -> r.image().offsets("g").clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void shouldHoldEveryPartitionOfAGroupWhenOneEntryCommitsThemAll() {
        MetadataReplayer r = newReplayer();
        MetadataRecord[] commits = new MetadataRecord[1000];
        for (int p = 0; p < commits.length; p++) {
            commits[p] = new OffsetCommitRecord("g", T1, p, 100L + p, 0, "", 1L);
        }
        r.apply(1, entry(List.of(), commits));
        MetadataImage first = r.image();
        r.apply(2, entry(List.of(), new OffsetCommitRecord("g", T1, 5, 7L, 0, "", 1L)));

        assertThat(first.offsets("g")).hasSize(1000);
        assertThat(first.offsets("g").get(new PartitionKey(T1, 5)).offset()).isEqualTo(105L);
        assertThat(r.image().offsets("g")).hasSize(1000);
        assertThat(r.image().offsets("g").get(new PartitionKey(T1, 5)).offset()).isEqualTo(7L);
        assertThatThrownBy(() -> first.offsets("g").clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void shouldChangeOnlyTheCommittingGroupWhenManyGroupsHoldOffsets() {
        MetadataReplayer r = newReplayer();
        long index = 1;
        for (int g = 0; g < 2_000; g++) {
            r.apply(index++, entry(List.of(), new OffsetCommitRecord("g" + g, T1, 0, g, 0, "", 1L),
                    new GroupRecord("g" + g, "consumer", "range", 1, "m", List.of())));
        }
        MetadataImage before = r.image();

        r.apply(index++, entry(List.of(), new OffsetCommitRecord("g7", T1, 0, 99L, 0, "", 1L),
                new io.tributary.metadata.record.GroupTombstoneRecord("g8")));

        assertThat(r.image().committedOffsets()).hasSize(1_999).doesNotContainKey("g8");
        assertThat(r.image().groups()).hasSize(1_999).doesNotContainKey("g8");
        assertThat(r.image().offsets("g7").get(new PartitionKey(T1, 0)).offset()).isEqualTo(99L);
        assertThat(r.image().offsets("g1999").get(new PartitionKey(T1, 0)).offset()).isEqualTo(1_999L);
        assertThat(before.offsets("g7").get(new PartitionKey(T1, 0)).offset()).isEqualTo(7L);
        assertThat(before.committedOffsets()).hasSize(2_000).containsKey("g8");
        assertThat(before.groups()).hasSize(2_000);
        assertThatThrownBy(() -> r.image().committedOffsets().remove("g7")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> r.image().groups().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void shouldNotifyListenersInOrderWithDeltaWhenEntriesAreApplied() {
        MetadataReplayer r = newReplayer();
        List<Long> offsets = new CopyOnWriteArrayList<>();
        List<MetadataDelta> deltas = new CopyOnWriteArrayList<>();
        r.register((oldImage, newImage, delta) -> {
            offsets.add(newImage.offset());
            deltas.add(delta);
        });
        List<byte[]> log = sampleLog();
        for (int i = 0; i < log.size(); i++) {
            r.apply(i + 1, log.get(i));
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> offsets.size() == log.size());
        assertThat(offsets).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(deltas.get(2).changedTopics()).containsKey(T1);
        assertThat(deltas.get(2).changedPartitions()).containsExactlyInAnyOrder(new PartitionKey(T1, 0), new PartitionKey(T1, 1));
        assertThat(deltas.get(3).changedPartitions()).containsExactly(new PartitionKey(T1, 0));
    }


    @Test
    void shouldPublishAnImageOnlyOnceEveryListenerHasActedOnIt() throws Exception {
        MetadataReplayer r = newReplayer();
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        List<Long> seenByListener = new CopyOnWriteArrayList<>();
        r.register((oldImage, newImage, delta) -> {
            seenByListener.add(newImage.offset());
            try {
                release.await(5, TimeUnit.SECONDS); // a replica manager still opening the new partitions' logs
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        List<byte[]> log = sampleLog();
        for (int i = 0; i < 3; i++) {
            r.apply(i + 1, log.get(i));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> seenByListener.contains(1L));

        assertThat(r.image().offset()).isEqualTo(3L);
        assertThat(r.image().topic("orders")).isPresent();
        assertThat(r.publishedImage().offset()).as("the listener has not returned from image 1").isEqualTo(-1L);
        assertThat(r.publishedImage().topic("orders")).isEmpty();

        release.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> r.publishedImage().offset() == 3L);
        assertThat(r.publishedImage()).isSameAs(r.image());
    }
    @Test
    void shouldPublishNothingMoreToAListenerOnceItsUnregisterCompletes() throws Exception {
        MetadataReplayer r = newReplayer();
        List<Long> offsets = new CopyOnWriteArrayList<>();
        MetadataListener listener = (oldImage, newImage, delta) -> offsets.add(newImage.offset());
        r.register(listener);
        List<byte[]> log = sampleLog();
        for (int i = 0; i < 3; i++) {
            r.apply(i + 1, log.get(i));
        }

        r.unregister(listener).get(5, TimeUnit.SECONDS);
        // Every image applied before the unregister reached the listener before it completed.
        assertThat(offsets).containsExactly(1L, 2L, 3L);
        for (int i = 3; i < log.size(); i++) {
            r.apply(i + 1, log.get(i));
        }
        // Publishing is in order on one thread: once a later unregister completes, images 4-6 went out.
        r.unregister(listener).get(5, TimeUnit.SECONDS);

        assertThat(offsets).containsExactly(1L, 2L, 3L);
        r.close();
        assertThat(r.unregister(listener)).as("after close").succeedsWithin(Duration.ofSeconds(1));
    }

    @Test
    void shouldTellListenersOfFullReloadWhenSnapshotIsLoaded() throws Exception {
        MetadataReplayer source = newReplayer();
        List<byte[]> log = sampleLog();
        for (int i = 0; i < log.size(); i++) {
            source.apply(i + 1, log.get(i));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        source.writeSnapshot(out);
        MetadataReplayer target = newReplayer();
        List<MetadataDelta> deltas = new CopyOnWriteArrayList<>();
        target.register((oldImage, newImage, delta) -> deltas.add(delta));

        target.loadSnapshot(new ByteArrayInputStream(out.toByteArray()));

        await().atMost(Duration.ofSeconds(5)).until(() -> deltas.size() == 1);
        assertThat(deltas.get(0).isFullReload()).isTrue();
        assertThat(deltas.get(0).changedTopics()).containsKey(T1);
        assertThat(deltas.get(0).changedBrokers()).containsOnlyKeys(1, 2);
    }

    @Test
    void shouldIgnoreUnknownFieldsWhenLoadingSnapshotOfAnotherVersion() throws Exception {
        String snapshot = "{\"v\":1,\"offset\":7,\"fromTheFuture\":[1,2],\"nextProducerId\":3000,"
                + "\"coordinatorShards\":[{\"shardId\":0,\"leader\":1,\"epoch\":2,\"extra\":true}]}";
        MetadataReplayer r = newReplayer();

        r.loadSnapshot(new ByteArrayInputStream(snapshot.getBytes(StandardCharsets.UTF_8)));

        assertThat(r.image().offset()).isEqualTo(7L);
        assertThat(r.image().nextProducerId()).isEqualTo(3000L);
        assertThat(r.image().coordinatorShards()).containsEntry(0, new CoordinatorShard(0, 1, 2));
        assertThat(r.image().controllerTerm()).isEqualTo(-1L);
    }

    @Test
    void shouldMapGroupsToShardsWithKafkasFormula() {
        assertThat(CoordinatorShards.shardFor("my-group", 50))
                .isEqualTo(org.apache.kafka.common.utils.Utils.abs("my-group".hashCode()) % 50);
        assertThat(CoordinatorShards.shardFor("", 50)).isBetween(0, 49);
    }
}
