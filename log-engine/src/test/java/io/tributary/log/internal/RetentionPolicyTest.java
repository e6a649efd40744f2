package io.tributary.log.internal;

import static io.tributary.log.internal.RetentionPolicy.segmentsToDelete;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetentionPolicyTest {

    private static final long OFF = -1L;
    private static final long NOW = 1_000_000L;

    private static SegmentSummary seg(long baseOffset, long size, long largestTimestampMs) {
        return new SegmentSummary(baseOffset, size, largestTimestampMs);
    }

    /** Three closed segments of 100 bytes with timestamps NOW-300, NOW-200, NOW-100, plus a 50-byte active one. */
    private static final List<SegmentSummary> THREE = List.of(
            seg(0, 100, NOW - 300), seg(10, 100, NOW - 200), seg(20, 100, NOW - 100));
    private static final long THREE_TOTAL = 350;

    // --- nothing to do ---

    @Test
    void shouldDeleteNothingWhenThereAreNoClosedSegments() {
        assertThat(segmentsToDelete(List.of(), 50, NOW, 0, 0)).isZero();
    }

    @Test
    void shouldDeleteNothingWhenBothLimitsAreDisabled() {
        assertThat(segmentsToDelete(THREE, THREE_TOTAL, NOW, OFF, OFF)).isZero();
    }

    @Test
    void shouldTreatAnyNegativeLimitAsDisabledWhenBelowMinusOne() {
        assertThat(segmentsToDelete(THREE, THREE_TOTAL, NOW, -5, -5)).isZero();
    }

    // --- by time ---

    @Test
    void shouldDeleteAllExpiredSegmentsWhenTimeLimitIsBreached() {
        assertThat(segmentsToDelete(THREE, THREE_TOTAL, NOW, 50, OFF)).isEqualTo(3);
    }

    @Test
    void shouldDeleteOnlyOlderSegmentsWhenNewerOnesAreWithinTimeLimit() {
        assertThat(segmentsToDelete(THREE, THREE_TOTAL, NOW, 150, OFF)).isEqualTo(2);
        assertThat(segmentsToDelete(THREE, THREE_TOTAL, NOW, 250, OFF)).isEqualTo(1);
        assertThat(segmentsToDelete(THREE, THREE_TOTAL, NOW, 300, OFF)).isZero();
    }

    @Test
    void shouldKeepSegmentWhenItsAgeEqualsRetentionMs() {
        // Kafka deletes only when nowMs - largestTimestamp > retention.ms, strictly.
        assertThat(segmentsToDelete(List.of(seg(0, 1, NOW - 200)), 1, NOW, 200, OFF)).isZero();
        assertThat(segmentsToDelete(List.of(seg(0, 1, NOW - 201)), 1, NOW, 200, OFF)).isEqualTo(1);
    }

    @Test
    void shouldStopAtFirstUnexpiredSegmentWhenLaterOneIsOlder() {
        List<SegmentSummary> segments = List.of(seg(0, 1, NOW - 500), seg(1, 1, NOW - 10), seg(2, 1, NOW - 500));
        assertThat(segmentsToDelete(segments, 3, NOW, 100, OFF)).isEqualTo(1);
    }

    @Test
    void shouldDeleteExpiredSegmentWhenRetentionMsIsZero() {
        assertThat(segmentsToDelete(List.of(seg(0, 1, NOW - 1), seg(1, 1, NOW)), 2, NOW, 0, OFF)).isEqualTo(1);
    }

    @Test
    void shouldKeepSegmentWhenTimestampIsInTheFuture() {
        assertThat(segmentsToDelete(List.of(seg(0, 1, NOW + 1000)), 1, NOW, 0, OFF)).isZero();
    }

    @Test
    void shouldNotOverflowWhenRetentionMsIsHuge() {
        assertThat(segmentsToDelete(THREE, THREE_TOTAL, NOW, Long.MAX_VALUE, OFF)).isZero();
        assertThat(segmentsToDelete(List.of(seg(0, 1, 0)), 1, Long.MAX_VALUE, Long.MAX_VALUE - 1, OFF)).isEqualTo(1);
    }

    // --- by size ---

    @Test
    void shouldDeleteOldestSegmentsWhileLogStaysAtLeastRetentionBytes() {
        assertThat(segmentsToDelete(THREE, THREE_TOTAL, NOW, OFF, 150)).isEqualTo(2);
        assertThat(segmentsToDelete(THREE, THREE_TOTAL, NOW, OFF, 200)).isEqualTo(1);
    }

    @Test
    void shouldDeleteSegmentWhenLogWouldBeExactlyRetentionBytesAfterwards() {
        assertThat(segmentsToDelete(THREE, THREE_TOTAL, NOW, OFF, 250)).isEqualTo(1);
        assertThat(segmentsToDelete(THREE, THREE_TOTAL, NOW, OFF, 251)).isZero();
    }

    @Test
    void shouldDeleteNothingWhenLogIsBelowRetentionBytes() {
        assertThat(segmentsToDelete(THREE, THREE_TOTAL, NOW, OFF, 351)).isZero();
        assertThat(segmentsToDelete(THREE, THREE_TOTAL, NOW, OFF, 1 << 30)).isZero();
    }

    @Test
    void shouldDeleteNothingWhenLogEqualsRetentionBytes() {
        assertThat(segmentsToDelete(THREE, THREE_TOTAL, NOW, OFF, THREE_TOTAL)).isZero();
    }

    @Test
    void shouldDeleteEveryClosedSegmentButNeverTheActiveOneWhenRetentionBytesIsZero() {
        assertThat(segmentsToDelete(THREE, THREE_TOTAL, NOW, OFF, 0)).isEqualTo(3);
    }

    @Test
    void shouldStopAtFirstSegmentThatWouldCutTooDeepWhenSizesDiffer() {
        List<SegmentSummary> segments = List.of(seg(0, 10, NOW), seg(1, 500, NOW), seg(2, 10, NOW));
        // Total 620 with a 100-byte active segment; 600 allowed: 10 can go, 500 cannot, so stop there.
        assertThat(segmentsToDelete(segments, 620, NOW, OFF, 600)).isEqualTo(1);
        assertThat(segmentsToDelete(segments, 620, NOW, OFF, 110)).isEqualTo(2);
    }

    @Test
    void shouldDeleteEmptySegmentsWhenAtSizeLimit() {
        List<SegmentSummary> segments = List.of(seg(0, 0, NOW), seg(0, 0, NOW), seg(0, 100, NOW));
        assertThat(segmentsToDelete(segments, 100, NOW, OFF, 100)).isEqualTo(2);
    }

    // --- both ---

    @Test
    void shouldTakeTimeResultWhenTimeDeletesMore() {
        assertThat(segmentsToDelete(THREE, THREE_TOTAL, NOW, 150, 300)).isEqualTo(2);
    }

    @Test
    void shouldTakeSizeResultWhenSizeDeletesMore() {
        assertThat(segmentsToDelete(THREE, THREE_TOTAL, NOW, 250, 60)).isEqualTo(2);
    }

    @Test
    void shouldMatchRunningTimeThenSizeOnTheRemainderWhenBothAreSet() {
        // Kafka runs time retention, then size retention on what is left: check max() agrees with that.
        long[] retentionMsValues = {OFF, 0, 50, 150, 250, 400};
        long[] retentionBytesValues = {OFF, 0, 50, 100, 150, 250, 350, 400};
        for (long retentionMs : retentionMsValues) {
            for (long retentionBytes : retentionBytesValues) {
                int byTime = RetentionPolicy.expiredByTime(THREE, NOW, retentionMs);
                List<SegmentSummary> rest = new ArrayList<>(THREE.subList(byTime, THREE.size()));
                long restTotal = THREE_TOTAL - THREE.subList(0, byTime).stream().mapToLong(SegmentSummary::sizeInBytes).sum();
                int sequential = byTime + RetentionPolicy.excessBySize(rest, restTotal, retentionBytes);
                assertThat(segmentsToDelete(THREE, THREE_TOTAL, NOW, retentionMs, retentionBytes))
                        .as("retention.ms=%d retention.bytes=%d", retentionMs, retentionBytes)
                        .isEqualTo(sequential);
            }
        }
    }

    @Test
    void shouldRejectNegativeSizeWhenBuildingSummary() {
        assertThatThrownBy(() -> seg(0, -1, NOW)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> seg(-1, 1, NOW)).isInstanceOf(IllegalArgumentException.class);
    }
}
