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
}
