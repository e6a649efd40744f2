package io.tributary.log.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
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
    void shouldRejectFileWhenLengthIsNotAMultipleOfTheEntrySize() throws Exception {
        Path path = dir.resolve("x.index");
        Files.write(path, new byte[7]);

        assertThatThrownBy(() -> new OffsetIndex(path, 0, 4096, false)).hasMessageContaining(path.toString());
    }
}
