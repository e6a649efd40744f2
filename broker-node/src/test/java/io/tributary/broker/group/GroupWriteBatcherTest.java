package io.tributary.broker.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.metadata.record.GroupTombstoneRecord;
import io.tributary.metadata.record.MetadataRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Submissions made in one turn of the coordinator thread become one write per shard and epoch. */
class GroupWriteBatcherTest {
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    private final List<String> writes = new ArrayList<>();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private GroupWriteBatcher batcher(Errors outcome) {
        return new GroupWriteBatcher((shard, epoch, records) -> {
            writes.add(shard + "/" + epoch + ":" + records.size());
            return CompletableFuture.completedFuture(outcome);
        }, executor, 0);
    }

    private List<CompletableFuture<Errors>> submitInOneTurn(GroupWriteBatcher b, int... shardEpochPairs) throws Exception {
        List<CompletableFuture<Errors>> out = new ArrayList<>();
        executor.submit(() -> {
            for (int i = 0; i < shardEpochPairs.length; i += 2) {
                List<MetadataRecord> records = List.of(new GroupTombstoneRecord("g" + i));
                out.add(b.submit(shardEpochPairs[i], shardEpochPairs[i + 1], records));
            }
        }).get(5, TimeUnit.SECONDS);
        return out;
    }

    @Test
    void shouldWriteOncePerShardAndEpochWhenSubmittedTogether() throws Exception {
        List<CompletableFuture<Errors>> results = submitInOneTurn(batcher(Errors.NONE), 0, 1, 0, 1, 3, 1, 0, 2, 0, 1);
        for (CompletableFuture<Errors> r : results) {
            assertThat(r.get(5, TimeUnit.SECONDS)).isEqualTo(Errors.NONE);
        }
        assertThat(writes).containsExactly("0/1:3", "3/1:1", "0/2:1");
    }

    @Test
    void shouldFailEveryCommitOfTheBatchWhenTheWriteIsRejected() throws Exception {
        List<CompletableFuture<Errors>> results = submitInOneTurn(batcher(Errors.NOT_COORDINATOR), 0, 1, 0, 1);
        for (CompletableFuture<Errors> r : results) {
            assertThat(r.get(5, TimeUnit.SECONDS)).isEqualTo(Errors.NOT_COORDINATOR);
        }
        assertThat(writes).containsExactly("0/1:2");
    }

    @Test
    void shouldKeepOnlyTheLastStateOfEachConsumerGroupInOneWrite() {
        io.tributary.metadata.record.ConsumerGroupRecord a1 = new io.tributary.metadata.record.ConsumerGroupRecord("a", 1, 1, null, null);
        io.tributary.metadata.record.ConsumerGroupRecord a2 = new io.tributary.metadata.record.ConsumerGroupRecord("a", 2, 2, null, null);
        io.tributary.metadata.record.ConsumerGroupRecord b1 = new io.tributary.metadata.record.ConsumerGroupRecord("b", 1, 1, null, null);
        GroupTombstoneRecord deleteA = new GroupTombstoneRecord("a");
        assertThat(GroupWriteBatcher.latestConsumerGroupStates(List.of(a1, b1, deleteA, a2))).containsExactly(b1, deleteA, a2);
        assertThat(GroupWriteBatcher.latestConsumerGroupStates(List.of(a1, deleteA))).containsExactly(a1, deleteA);
    }

    @Test
    void shouldKeepOneWriteInFlightPerShardSoLaterWritesCannotOvertakeEarlierOnes() throws Exception {
        List<CompletableFuture<Errors>> inFlight = new ArrayList<>();
        GroupWriteBatcher b = new GroupWriteBatcher((shard, epoch, records) -> {
            writes.add(shard + "/" + epoch + ":" + records.size());
            CompletableFuture<Errors> f = new CompletableFuture<>();
            inFlight.add(f);
            return f;
        }, executor, 0);

        CompletableFuture<Errors> first = submitInOneTurn(b, 0, 1).get(0);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> executor.submit(writes::size).get() == 1);
        List<CompletableFuture<Errors>> later = submitInOneTurn(b, 0, 1, 0, 1, 2, 1);
        executor.submit(() -> { }).get(5, TimeUnit.SECONDS);
        Thread.sleep(50);
        // Shard 2 is written at once; shard 0's next write waits for the first one.
        assertThat(executor.submit(() -> List.copyOf(writes)).get()).containsExactly("0/1:1", "2/1:1");

        executor.submit(() -> inFlight.get(0).complete(Errors.NONE)).get(5, TimeUnit.SECONDS);
        assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo(Errors.NONE);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                .until(() -> executor.submit(() -> writes.contains("0/1:2")).get());
        executor.submit(() -> inFlight.forEach(f -> f.complete(Errors.NONE))).get(5, TimeUnit.SECONDS);
        for (CompletableFuture<Errors> r : later) {
            assertThat(r.get(5, TimeUnit.SECONDS)).isEqualTo(Errors.NONE);
        }
        assertThat(executor.submit(() -> List.copyOf(writes)).get()).containsExactly("0/1:1", "2/1:1", "0/1:2");
    }
}
