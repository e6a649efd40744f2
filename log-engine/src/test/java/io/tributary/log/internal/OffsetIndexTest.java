package io.tributary.log.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OffsetIndexTest {

    @TempDir
    Path dir;

    @Test
    void shouldFindNearestEntryAtOrBelowWhenLookingUp() throws Exception {
        OffsetIndex index = new OffsetIndex(dir.resolve("x.index"), 100, 80, true);
        index.append(110, 1000);
        index.append(120, 2000);
        index.append(135, 3000);

        assertThat(index.lookup(99)).isZero();
        assertThat(index.lookup(109)).isZero();
        assertThat(index.lookup(110)).isEqualTo(1000);
        assertThat(index.lookup(134)).isEqualTo(2000);
        assertThat(index.lookup(1_000_000)).isEqualTo(3000);
    }

    @Test
    void shouldBeFullWhenPreallocatedSpaceIsUsed() throws Exception {
        OffsetIndex index = new OffsetIndex(dir.resolve("x.index"), 0, 20, true);
        index.append(1, 10);
        index.append(2, 20);

        assertThat(index.maxEntries()).isEqualTo(2);
        assertThat(index.isFull()).isTrue();
    }

    @Test
    void shouldWriteOnlyEntriesToTheFileWhenSealedAndReloadedReadOnly() throws Exception {
        Path path = dir.resolve("x.index");
        OffsetIndex index = new OffsetIndex(path, 0, 4096, true);
        assertThat(Files.size(path)).as("nothing is preallocated").isZero();
        index.append(5, 50);
        index.append(9, 90);
        assertThat(Files.size(path)).as("entries stay on the heap until the segment is sealed").isZero();
        index.writeOutAndSeal();

        assertThat(Files.size(path)).isEqualTo(16);
        assertThat(index.isFull()).as("a sealed index takes no more entries").isTrue();
        OffsetIndex reloaded = new OffsetIndex(path, 0, 0, false);
        assertThat(reloaded.entries()).isEqualTo(2);
        assertThat(reloaded.lookup(8)).isEqualTo(50);
        assertThat(reloaded.isSane(100)).isTrue();
        assertThat(reloaded.isSane(90)).as("an entry at or past the log end").isFalse();
        assertThatThrownBy(() -> reloaded.append(10, 100)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldKeepEveryEntryWhenTheHeapBufferGrows() throws Exception {
        Path path = dir.resolve("x.index");
        OffsetIndex index = new OffsetIndex(path, 1000, 8 * 5000, true);
        for (int i = 1; i <= 5000; i++) {
            index.append(1000 + 3L * i, 100 * i);
        }

        assertThat(index.isFull()).isTrue();
        for (int i = 1; i <= 5000; i++) {
            assertThat(index.lookup(1000 + 3L * i + 1)).isEqualTo(100 * i);
        }
        index.writeOutAndSeal();
        assertThat(Files.size(path)).isEqualTo(8 * 5000);
    }

    @Test
    void shouldContinueFromTheFileWhenReopenedWritable() throws Exception {
        Path path = dir.resolve("x.index");
        OffsetIndex first = new OffsetIndex(path, 0, 4096, true);
        first.append(5, 50);
        first.append(9, 90);
        first.writeOutAndSeal();

        OffsetIndex reopened = new OffsetIndex(path, 0, 4096, true);
        reopened.append(12, 120);

        assertThat(reopened.entries()).isEqualTo(3);
        assertThat(reopened.maxEntries()).isEqualTo(512);
        assertThat(reopened.lookup(10)).isEqualTo(90);
        assertThat(reopened.lookup(12)).isEqualTo(120);
    }

    @Test
    void shouldSeeOnlyWrittenEntriesWhenReadingWhileTheWriterGrowsTheBuffer() throws Exception {
        OffsetIndex index = new OffsetIndex(dir.resolve("x.index"), 0, 8 * 20_000, true);
        Thread writer = new Thread(() -> {
            for (int i = 1; i <= 20_000; i++) {
                index.append(2L * i, 10 * i);
            }
        });
        writer.start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        int seen = 0;
        while (seen < 20_000 && System.nanoTime() < deadline) {
            seen = index.entries();
            if (seen > 0) {
                // The last published entry is complete: position 10*i for offset 2*i.
                assertThat(index.lookup(2L * seen)).isEqualTo(10 * seen);
                assertThat(index.lastPosition()).isGreaterThanOrEqualTo(10 * seen);
            }
        }
        writer.join(10_000);
        assertThat(index.entries()).isEqualTo(20_000);
    }

    @Test
    void shouldDropEntriesAtOrPastPositionWhenTruncated() throws Exception {
        OffsetIndex index = new OffsetIndex(dir.resolve("x.index"), 0, 4096, true);
        index.append(5, 50);
        index.append(9, 90);
        index.append(12, 120);

        index.truncateToPosition(90);

        assertThat(index.entries()).isEqualTo(1);
        assertThat(index.lastOffset()).isEqualTo(5);
        assertThat(index.lastPosition()).isEqualTo(50);
    }

    @Test
    void shouldKeepOnlyTheUnwrittenTailOnTheHeapWhenManyEntriesAreAppended() throws Exception {
        Path path = dir.resolve("x.index");
        int chunk = AbstractIndex.TAIL_BYTES / OffsetIndex.ENTRY_SIZE;
        OffsetIndex index = new OffsetIndex(path, 0, 10 * 1024 * 1024, true);
        for (int i = 1; i <= 2 * chunk + 7; i++) {
            index.append(3L * i, 100 * i);
        }

        assertThat(Files.size(path)).as("two full chunks written, the tail of 7 entries not yet").isEqualTo(2L * chunk * 8);
        assertThat(index.lookup(3L * chunk + 1)).as("found in the first written chunk").isEqualTo(100 * chunk);
        assertThat(index.lookup(3L * (chunk + 1))).as("first entry of the second chunk").isEqualTo(100 * (chunk + 1));
        assertThat(index.lookup(3L * (2 * chunk + 7) + 50)).isEqualTo(100 * (2 * chunk + 7));
        assertThat(index.lookup(2)).isZero();
    }

    @Test
    void shouldRewriteFromTheCutWhenTruncatedIntoAWrittenChunk() throws Exception {
        Path path = dir.resolve("x.index");
        int chunk = AbstractIndex.TAIL_BYTES / OffsetIndex.ENTRY_SIZE;
        OffsetIndex index = new OffsetIndex(path, 0, 10 * 1024 * 1024, true);
        for (int i = 1; i <= 3 * chunk; i++) {
            index.append(2L * i, 10 * i);
        }
        int kept = chunk + chunk / 2;
        index.truncateToPosition(10 * (kept + 1));

        assertThat(index.entries()).isEqualTo(kept);
        assertThat(index.lastOffset()).isEqualTo(2L * kept);
        for (int i = kept + 1; i <= 3 * chunk; i++) {
            index.append(2L * i, 10 * i + 5); // other positions than before the cut
        }
        index.writeOutAndSeal();
        OffsetIndex reloaded = new OffsetIndex(path, 0, 0, false);
        for (OffsetIndex idx : List.of(index, reloaded)) {
            assertThat(idx.entries()).isEqualTo(3 * chunk);
            assertThat(idx.lookup(2L * kept)).isEqualTo(10 * kept);
            assertThat(idx.lookup(2L * (kept + 1))).isEqualTo(10 * (kept + 1) + 5);
            assertThat(idx.lookup(2L * 3 * chunk)).isEqualTo(10 * 3 * chunk + 5);
        }
    }

    @Test
    void shouldAnswerNoEntrySoTheCallerScansFromTheStartWhenAWrittenChunkIsGone() throws Exception {
        Path path = dir.resolve("x.index");
        int chunk = AbstractIndex.TAIL_BYTES / OffsetIndex.ENTRY_SIZE;
        OffsetIndex index = new OffsetIndex(path, 0, 10 * 1024 * 1024, true);
        for (int i = 1; i <= chunk + 10; i++) {
            index.append(2L * i, 10 * i);
        }
        Files.delete(path); // as a deletion or a roll racing this reader would leave it

        assertThat(index.lookup(2L * 5)).as("position 0 is always a batch start").isZero();
        assertThat(index.lookup(2L * (chunk + 5))).as("still found in the tail").isEqualTo(10 * (chunk + 5));
    }

    /** Random appends, truncations, reopenings and lookups (by offset and by position), checked against a list of the entries. */
    @Test
    void shouldAnswerAsAPlainListOfEntriesWhateverTheSequenceOfOperations() throws Exception {
        for (int seed = 0; seed < 12; seed++) {
            Random random = new Random(seed);
            Path path = dir.resolve("model-" + seed + ".index");
            OffsetIndex index = new OffsetIndex(path, 1000, 8 * 10_000, true);
            List<long[]> model = new ArrayList<>(); // {offset, position}
            long offset = 1000;
            int position = 0;
            for (int step = 0; step < 3000; step++) {
                int op = random.nextInt(100);
                if (op < 75 && !index.isFull()) {
                    offset += 1 + random.nextInt(5);
                    position += 1 + random.nextInt(50);
                    index.append(offset, position);
                    model.add(new long[] {offset, position});
                } else if (op < 80 && !model.isEmpty()) {
                    int cutAt = (int) model.get(random.nextInt(model.size()))[1];
                    index.truncateToPosition(cutAt);
                    model.removeIf(e -> e[1] >= cutAt);
                    offset = model.isEmpty() ? 1000 : model.get(model.size() - 1)[0];
                    position = model.isEmpty() ? 0 : (int) model.get(model.size() - 1)[1];
                } else if (op < 82) {
                    index.writeOutAndSeal();
                    index = new OffsetIndex(path, 1000, 8 * 10_000, true);
                } else {
                    long target = 990 + random.nextInt((int) (offset - 980));
                    long[] expected = null;
                    for (long[] e : model) {
                        if (e[0] <= target) {
                            expected = e;
                        }
                    }
                    assertThat(index.lookup(target)).as("seed %d step %d lookup %d", seed, step, target)
                            .isEqualTo(expected == null ? 0 : (int) expected[1]);
                    int targetPosition = random.nextInt(position + 60);
                    int expectedFloor = 0;
                    for (long[] e : model) {
                        if (e[1] <= targetPosition) {
                            expectedFloor = (int) e[1];
                        }
                    }
                    assertThat(index.floorPosition(targetPosition))
                            .as("seed %d step %d floor of position %d", seed, step, targetPosition).isEqualTo(expectedFloor);
                }
                assertThat(index.entries()).as("seed %d step %d", seed, step).isEqualTo(model.size());
                assertThat(index.lastPosition()).isEqualTo(model.isEmpty() ? 0 : (int) model.get(model.size() - 1)[1]);
            }
            index.writeOutAndSeal();
            assertThat(Files.size(path)).isEqualTo(8L * model.size());
        }
    }

    @Test
    void shouldRejectFileWhenLengthIsNotAMultipleOfTheEntrySize() throws Exception {
        Path path = dir.resolve("x.index");
        Files.write(path, new byte[7]);

        assertThatThrownBy(() -> new OffsetIndex(path, 0, 4096, false)).hasMessageContaining(path.toString());
    }
}
