package io.tributary.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeaderEpochCacheTest {

    @TempDir
    Path dir;

    private Path file;
    private LeaderEpochCache cache;

    @BeforeEach
    void setUp() throws IOException {
        file = dir.resolve("leader-epoch-checkpoint");
        cache = LeaderEpochCache.load(file);
    }

    private static EpochEntry e(int epoch, long start) {
        return new EpochEntry(epoch, start);
    }

    private LeaderEpochCache reload() throws IOException {
        return LeaderEpochCache.load(file);
    }

    // --- load ---

    @Test
    void shouldBeEmptyWhenCheckpointIsMissing() {
        assertThat(cache.entries()).isEmpty();
        assertThat(cache.latestEpoch()).isEmpty();
        assertThat(cache.latestEntry()).isEmpty();
        assertThat(Files.exists(file)).isFalse();
    }

    @Test
    void shouldRestoreEntriesWhenReloaded() throws IOException {
        cache.assign(0, 0);
        cache.assign(2, 10);
        cache.assign(5, 42);
        assertThat(reload().entries()).containsExactly(e(0, 0), e(2, 10), e(5, 42));
    }

    @Test
    void shouldWriteKafkaStyleLinesWhenPersisting() throws IOException {
        cache.assign(3, 7);
        cache.assign(4, 9);
        assertThat(Files.readAllLines(file)).containsExactly("0", "2", "3 7", "4 9");
    }

    @Test
    void shouldPersistWithoutExplicitFlushWhenAssigned() throws IOException {
        cache.assign(1, 5);
        assertThat(reload().entries()).containsExactly(e(1, 5));
    }

    @Test
    void shouldRewriteFileWhenFlushed() throws IOException {
        cache.assign(1, 5);
        Files.delete(file);
        cache.flush();
        assertThat(reload().entries()).containsExactly(e(1, 5));
    }

    @Test
    void shouldThrowNamingFileWhenEntryIsMalformed() throws IOException {
        Files.writeString(file, "0\n1\n3 x\n");
        assertThatThrownBy(this::reload).isInstanceOf(IOException.class)
                .hasMessageContaining(file.toAbsolutePath().toString()).hasMessageContaining("malformed entry");
    }

    @Test
    void shouldThrowNamingFileWhenEntryHasThreeFields() throws IOException {
        Files.writeString(file, "0\n1\n3 4 5\n");
        assertThatThrownBy(this::reload).isInstanceOf(IOException.class)
                .hasMessageContaining(file.toAbsolutePath().toString());
    }

    @Test
    void shouldThrowNamingFileWhenEntryIsNegative() throws IOException {
        Files.writeString(file, "0\n1\n-3 4\n");
        assertThatThrownBy(this::reload).isInstanceOf(IOException.class)
                .hasMessageContaining(file.toAbsolutePath().toString());
    }

    @Test
    void shouldThrowNamingFileWhenEntriesAreNotIncreasing() throws IOException {
        Files.writeString(file, "0\n2\n3 10\n2 20\n");
        assertThatThrownBy(this::reload).isInstanceOf(IOException.class)
                .hasMessageContaining(file.toAbsolutePath().toString()).hasMessageContaining("not increasing");
        Files.writeString(file, "0\n2\n3 10\n4 5\n");
        assertThatThrownBy(this::reload).isInstanceOf(IOException.class).hasMessageContaining("not increasing");
    }

    @Test
    void shouldThrowNamingFileWhenFileIsTruncated() throws IOException {
        Files.writeString(file, "0\n3\n1 0\n2 5\n");
        assertThatThrownBy(this::reload).isInstanceOf(IOException.class)
                .hasMessageContaining(file.toAbsolutePath().toString());
    }

    // --- assign ---

    @Test
    void shouldAddEntryWhenEpochIsHigherThanLatest() {
        cache.assign(1, 0);
        cache.assign(3, 100);
        assertThat(cache.entries()).containsExactly(e(1, 0), e(3, 100));
        assertThat(cache.latestEpoch()).hasValue(3);
        assertThat(cache.latestEntry()).contains(e(3, 100));
    }

    @Test
    void shouldIgnoreAssignWhenEpochEqualsLatest() throws IOException {
        cache.assign(2, 10);
        cache.assign(2, 20);
        cache.assign(2, 5);
        assertThat(cache.entries()).containsExactly(e(2, 10));
        assertThat(reload().entries()).containsExactly(e(2, 10));
    }

    @Test
    void shouldIgnoreAssignWhenEpochIsBelowLatest() {
        cache.assign(2, 10);
        cache.assign(4, 20);
        cache.assign(3, 30);
        cache.assign(1, 0);
        assertThat(cache.entries()).containsExactly(e(2, 10), e(4, 20));
    }

    @Test
    void shouldReplaceLatestWhenNewEpochStartsAtSameOffset() throws IOException {
        cache.assign(1, 0);
        cache.assign(2, 10);
        cache.assign(3, 10);
        assertThat(cache.entries()).containsExactly(e(1, 0), e(3, 10));
        assertThat(reload().entries()).containsExactly(e(1, 0), e(3, 10));
    }

    @Test
    void shouldRejectAssignWhenNewEpochStartsBeforeLatestStart() {
        cache.assign(1, 0);
        cache.assign(2, 10);
        assertThatThrownBy(() -> cache.assign(3, 9))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("truncate");
        assertThat(cache.entries()).containsExactly(e(1, 0), e(2, 10));
    }

    @Test
    void shouldRejectAssignWhenEpochOrOffsetIsNegative() {
        assertThatThrownBy(() -> cache.assign(-1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cache.assign(0, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(cache.entries()).isEmpty();
    }

    @Test
    void shouldAcceptFirstEntryAtAnyOffsetWhenEmpty() {
        cache.assign(7, 12345);
        assertThat(cache.entries()).containsExactly(e(7, 12345));
    }

    // --- endOffsetFor ---

    @Test
    void shouldReturnUndefinedWhenCacheIsEmpty() {
        assertThat(cache.endOffsetFor(0, 100)).isEqualTo(EpochEndOffset.UNDEFINED);
        assertThat(cache.endOffsetFor(5, 100).isUndefined()).isTrue();
    }

    @Test
    void shouldReturnUndefinedWhenRequestedEpochIsUndefined() {
        cache.assign(0, 0);
        assertThat(cache.endOffsetFor(-1, 100)).isEqualTo(EpochEndOffset.UNDEFINED);
    }

    @Test
    void shouldReturnLogEndOffsetWhenRequestedEpochIsLatest() {
        cache.assign(1, 0);
        cache.assign(3, 10);
        assertThat(cache.endOffsetFor(3, 57)).isEqualTo(new EpochEndOffset(3, 57));
    }

    @Test
    void shouldReturnNextEpochStartWhenRequestedEpochIsCached() {
        cache.assign(1, 0);
        cache.assign(3, 10);
        cache.assign(6, 30);
        assertThat(cache.endOffsetFor(1, 57)).isEqualTo(new EpochEndOffset(1, 10));
        assertThat(cache.endOffsetFor(3, 57)).isEqualTo(new EpochEndOffset(3, 30));
    }

    @Test
    void shouldReturnFloorEpochAndNextStartWhenRequestedEpochIsBetweenCachedEpochs() {
        cache.assign(1, 0);
        cache.assign(3, 10);
        cache.assign(6, 30);
        assertThat(cache.endOffsetFor(2, 57)).isEqualTo(new EpochEndOffset(1, 10));
        assertThat(cache.endOffsetFor(4, 57)).isEqualTo(new EpochEndOffset(3, 30));
        assertThat(cache.endOffsetFor(5, 57)).isEqualTo(new EpochEndOffset(3, 30));
    }

    @Test
    void shouldReturnRequestedEpochAndFirstStartWhenRequestedEpochIsBelowFirst() {
        cache.assign(4, 100);
        cache.assign(6, 130);
        assertThat(cache.endOffsetFor(2, 200)).isEqualTo(new EpochEndOffset(2, 100));
        assertThat(cache.endOffsetFor(0, 200)).isEqualTo(new EpochEndOffset(0, 100));
    }

    @Test
    void shouldReturnUndefinedWhenRequestedEpochIsAboveLatest() {
        cache.assign(1, 0);
        cache.assign(3, 10);
        assertThat(cache.endOffsetFor(4, 57)).isEqualTo(EpochEndOffset.UNDEFINED);
    }

    @Test
    void shouldReturnLogEndOffsetWhenOnlyOneEpochIsCached() {
        cache.assign(0, 0);
        assertThat(cache.endOffsetFor(0, 0)).isEqualTo(new EpochEndOffset(0, 0));
        assertThat(cache.endOffsetFor(0, 9)).isEqualTo(new EpochEndOffset(0, 9));
    }

    // --- truncateFromEnd ---

    @Test
    void shouldDropEntriesStartingAtOrAfterOffsetWhenTruncatedFromEnd() throws IOException {
        cache.assign(1, 0);
        cache.assign(2, 10);
        cache.assign(3, 20);
        cache.truncateFromEnd(10);
        assertThat(cache.entries()).containsExactly(e(1, 0));
        assertThat(reload().entries()).containsExactly(e(1, 0));
    }

    @Test
    void shouldKeepEntryStartingBelowOffsetWhenTruncatedFromEnd() {
        cache.assign(1, 0);
        cache.assign(2, 10);
        cache.truncateFromEnd(11);
        assertThat(cache.entries()).containsExactly(e(1, 0), e(2, 10));
    }

    @Test
    void shouldClearCacheWhenTruncatedFromEndToZero() throws IOException {
        cache.assign(1, 0);
        cache.assign(2, 10);
        cache.truncateFromEnd(0);
        assertThat(cache.entries()).isEmpty();
        assertThat(reload().entries()).isEmpty();
    }

    @Test
    void shouldIgnoreNegativeOffsetWhenTruncatedFromEnd() {
        cache.assign(1, 0);
        cache.truncateFromEnd(-1);
        assertThat(cache.entries()).containsExactly(e(1, 0));
    }

    @Test
    void shouldAllowEarlierStartForNewEpochWhenTruncatedFromEndFirst() {
        cache.assign(1, 0);
        cache.assign(2, 10);
        cache.truncateFromEnd(5);
        cache.assign(3, 5);
        assertThat(cache.entries()).containsExactly(e(1, 0), e(3, 5));
        assertThat(cache.endOffsetFor(2, 8)).isEqualTo(new EpochEndOffset(1, 5));
    }

    @Test
    void shouldNotWriteFileWhenTruncateFromEndChangesNothing() throws IOException {
        cache.assign(1, 0);
        Files.delete(file);
        cache.truncateFromEnd(100);
        assertThat(Files.exists(file)).isFalse();
    }

    // --- truncateFromStart ---

    @Test
    void shouldMoveCoveringEpochStartWhenTruncatedFromStart() throws IOException {
        cache.assign(1, 0);
        cache.assign(2, 10);
        cache.assign(3, 20);
        cache.truncateFromStart(15);
        assertThat(cache.entries()).containsExactly(e(2, 15), e(3, 20));
        assertThat(reload().entries()).containsExactly(e(2, 15), e(3, 20));
    }

    @Test
    void shouldKeepEntryUnchangedWhenTruncatedFromStartAtItsStart() {
        cache.assign(1, 0);
        cache.assign(2, 10);
        cache.assign(3, 20);
        cache.truncateFromStart(10);
        assertThat(cache.entries()).containsExactly(e(2, 10), e(3, 20));
    }

    @Test
    void shouldChangeNothingWhenTruncatedFromStartBelowFirstEntry() {
        cache.assign(2, 10);
        cache.truncateFromStart(5);
        assertThat(cache.entries()).containsExactly(e(2, 10));
    }

    @Test
    void shouldKeepOnlyLatestEpochWhenTruncatedFromStartBeyondAllStarts() {
        cache.assign(1, 0);
        cache.assign(2, 10);
        cache.truncateFromStart(100);
        assertThat(cache.entries()).containsExactly(e(2, 100));
        assertThat(cache.endOffsetFor(1, 120)).isEqualTo(new EpochEndOffset(1, 100));
    }

    @Test
    void shouldDoNothingWhenTruncatedFromStartOnEmptyCache() {
        cache.truncateFromStart(10);
        assertThat(cache.entries()).isEmpty();
        assertThat(Files.exists(file)).isFalse();
    }

    // --- threading ---

    @Test
    void shouldServeConsistentSnapshotsWhenReadersRunDuringAssigns() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        AtomicBoolean done = new AtomicBoolean();
        try {
            Future<Integer> reader = pool.submit(() -> {
                int reads = 0;
                while (!done.get()) {
                    List<EpochEntry> snapshot = cache.entries();
                    for (int i = 1; i < snapshot.size(); i++) {
                        EpochEntry prev = snapshot.get(i - 1);
                        EpochEntry next = snapshot.get(i);
                        if (next.epoch() <= prev.epoch() || next.startOffset() <= prev.startOffset()) {
                            throw new AssertionError("non-monotonic snapshot " + snapshot);
                        }
                    }
                    EpochEndOffset answer = cache.endOffsetFor(0, Long.MAX_VALUE);
                    if (!snapshot.isEmpty() && answer.isUndefined()) {
                        throw new AssertionError("undefined answer for cached epoch 0");
                    }
                    reads++;
                }
                return reads;
            });
            for (int epoch = 0; epoch < 200; epoch++) {
                cache.assign(epoch, epoch * 10L);
            }
            done.set(true);
            assertThat(reader.get(10, TimeUnit.SECONDS)).isPositive();
        } finally {
            done.set(true);
            pool.shutdownNow();
        }
        assertThat(cache.entries()).hasSize(200);
        assertThat(reload().entries()).hasSize(200);
    }
}
