package io.tributary.log.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimeIndexTest {

    @TempDir
    Path dir;

    @Test
    void shouldSkipToLastEntryStrictlyBelowWhenLookingUp() throws Exception {
        TimeIndex index = new TimeIndex(dir.resolve("x.timeindex"), 100, 120, true);
        index.maybeAppend(1000, 110, false);
        index.maybeAppend(2000, 120, false);

        assertThat(index.lookup(500)).isEqualTo(100);
        assertThat(index.lookup(1000)).as("a batch before 110 may hold ts 1000").isEqualTo(100);
        assertThat(index.lookup(1001)).isEqualTo(110);
        assertThat(index.lookup(5000)).isEqualTo(120);
        assertThat(index.lastTimestamp()).isEqualTo(2000);
    }

    @Test
    void shouldIgnoreEntryWhenTimestampDidNotGrow() throws Exception {
        TimeIndex index = new TimeIndex(dir.resolve("x.timeindex"), 0, 120, true);
        index.maybeAppend(1000, 1, false);
        index.maybeAppend(1000, 5, false);
        index.maybeAppend(900, 6, false);

        assertThat(index.entries()).isEqualTo(1);
    }

    @Test
    void shouldReplaceLastEntryWhenFullAndForced() throws Exception {
        TimeIndex index = new TimeIndex(dir.resolve("x.timeindex"), 0, 24, true);
        index.maybeAppend(1000, 1, false);
        index.maybeAppend(2000, 2, false);
        index.maybeAppend(3000, 3, false);
        assertThat(index.lastTimestamp()).isEqualTo(2000);

        index.maybeAppend(3000, 3, true);

        assertThat(index.entries()).isEqualTo(2);
        assertThat(index.lastTimestamp()).isEqualTo(3000);
        assertThat(index.lookup(3001)).isEqualTo(3);
    }

    @Test
    void shouldDropEntriesPastOffsetWhenTruncated() throws Exception {
        TimeIndex index = new TimeIndex(dir.resolve("x.timeindex"), 0, 120, true);
        index.maybeAppend(1000, 4, false);
        index.maybeAppend(2000, 8, false);

        index.truncateAfter(5);

        assertThat(index.lastTimestamp()).isEqualTo(1000);
        assertThat(index.isSane(5)).isTrue();
    }

    @Test
    void shouldFindEntriesInWrittenChunksAndKeepTheLastTimestampWhenTruncatedToAChunkBoundary() throws Exception {
        Path path = dir.resolve("x.timeindex");
        int chunk = AbstractIndex.TAIL_BYTES / TimeIndex.ENTRY_SIZE;
        TimeIndex index = new TimeIndex(path, 0, 10 * 1024 * 1024, true);
        for (int i = 1; i <= 3 * chunk; i++) {
            index.maybeAppend(1000L * i, 10L * i, false);
        }

        assertThat(index.lookup(1000L * 5 + 1)).isEqualTo(50);
        assertThat(index.lookup(1000L * (chunk + 3) + 1)).isEqualTo(10L * (chunk + 3));
        index.truncateAfter(10L * 2 * chunk);
        assertThat(index.entries()).isEqualTo(2 * chunk);
        assertThat(index.lastTimestamp()).as("the newest entry, already written to the file").isEqualTo(1000L * 2 * chunk);
        index.truncateAfter(10L * chunk - 10);
        assertThat(index.lastTimestamp()).isEqualTo(1000L * (chunk - 1));
        index.maybeAppend(1000L * chunk + 1, 10L * chunk, false);
        assertThat(index.lookup(Long.MAX_VALUE)).isEqualTo(10L * chunk);
        assertThat(index.lookup(1000L * chunk + 1)).isEqualTo(10L * (chunk - 1));
    }
}
