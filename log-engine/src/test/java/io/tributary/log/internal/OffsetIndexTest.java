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
    void shouldKeepOnlyEntriesWhenTrimmedAndReloadedReadOnly() throws Exception {
        Path path = dir.resolve("x.index");
        OffsetIndex index = new OffsetIndex(path, 0, 4096, true);
        assertThat(Files.size(path)).isEqualTo(4096);
        index.append(5, 50);
        index.append(9, 90);
        index.trimAndRelease();

        assertThat(Files.size(path)).isEqualTo(16);
        OffsetIndex reloaded = new OffsetIndex(path, 0, 0, false);
        assertThat(reloaded.entries()).isEqualTo(2);
        assertThat(reloaded.lookup(8)).isEqualTo(50);
        assertThat(reloaded.isSane(100)).isTrue();
        assertThat(reloaded.isSane(90)).as("an entry at or past the log end").isFalse();
        assertThatThrownBy(() -> reloaded.append(10, 100)).isInstanceOf(IllegalStateException.class);
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
