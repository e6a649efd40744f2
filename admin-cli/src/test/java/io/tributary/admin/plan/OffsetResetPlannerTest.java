package io.tributary.admin.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.admin.plan.OffsetResetPlanner.Move;
import io.tributary.admin.plan.OffsetResetPlanner.PartitionOffsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetResetPlannerTest {
    private static final TopicPartition A0 = new TopicPartition("a", 0);
    private static final TopicPartition A1 = new TopicPartition("a", 1);
    private static final TopicPartition B0 = new TopicPartition("b", 0);

    /** a-0 committed 50 in [10, 100); a-1 nothing committed in [0, 20); b-0 committed 5 in [0, 5]. */
    private static Map<TopicPartition, PartitionOffsets> offsets() {
        Map<TopicPartition, PartitionOffsets> m = new LinkedHashMap<>();
        m.put(B0, new PartitionOffsets(5, 0, 5, -1));
        m.put(A1, new PartitionOffsets(-1, 0, 20, 7));
        m.put(A0, new PartitionOffsets(50, 10, 100, 60));
        return m;
    }

    private static List<Long> targets(OffsetResetPlanner.Strategy s) {
        return OffsetResetPlanner.plan(s, offsets()).stream().map(Move::target).toList();
    }

    @Test
    void shouldSortMovesByTopicAndPartitionAndKeepTheCurrentOffset() {
        List<Move> plan = OffsetResetPlanner.plan(new OffsetResetPlanner.ToEarliest(), offsets());
        assertThat(plan).extracting(Move::partition).containsExactly(A0, A1, B0);
        assertThat(plan).extracting(Move::current).containsExactly(50L, -1L, 5L);
    }

    @Test
    void shouldMoveToTheLogBoundsWhenResettingToEarliestOrLatest() {
        assertThat(targets(new OffsetResetPlanner.ToEarliest())).containsExactly(10L, 0L, 0L);
        assertThat(targets(new OffsetResetPlanner.ToLatest())).containsExactly(100L, 20L, 5L);
    }

    @Test
    void shouldClampAFixedOffsetIntoTheLog() {
        assertThat(targets(new OffsetResetPlanner.ToOffset(15))).containsExactly(15L, 15L, 5L);
        assertThat(targets(new OffsetResetPlanner.ToOffset(0))).containsExactly(10L, 0L, 0L);
    }

    @Test
    void shouldShiftFromTheCommittedOffsetOrFromEarliestWhenNothingIsCommitted() {
        assertThat(targets(new OffsetResetPlanner.ShiftBy(-45))).containsExactly(10L, 0L, 0L);
        assertThat(targets(new OffsetResetPlanner.ShiftBy(3))).containsExactly(53L, 3L, 5L);
    }

    @Test
    void shouldUseTheOffsetForTheTimeOrTheEndWhenNoRecordIsThatNew() {
        assertThat(targets(new OffsetResetPlanner.ToDatetime(1000))).containsExactly(60L, 7L, 5L);
    }

    @Test
    void shouldParseDatetimesWithAndWithoutZone() {
        assertThat(OffsetResetPlanner.parseDatetime("2024-05-01T12:00:00Z")).isEqualTo(1714564800000L);
        assertThat(OffsetResetPlanner.parseDatetime("2024-05-01T14:00:00+02:00")).isEqualTo(1714564800000L);
        assertThat(OffsetResetPlanner.parseDatetime("2024-05-01T12:00:00")).isEqualTo(1714564800000L);
        assertThatThrownBy(() -> OffsetResetPlanner.parseDatetime("yesterday")).hasMessageContaining("Invalid date-time 'yesterday'");
    }
}
