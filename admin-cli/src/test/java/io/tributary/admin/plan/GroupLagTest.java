package io.tributary.admin.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class GroupLagTest {
    @Test
    void shouldJoinCommittedEndAndAssignmentPerPartitionWhenSomePartitionsHaveNoCommit() {
        TopicPartition a0 = new TopicPartition("a", 0);
        TopicPartition a1 = new TopicPartition("a", 1);
        TopicPartition b0 = new TopicPartition("b", 0);
        List<GroupLag.Row> rows = GroupLag.rows(Map.of(a0, 40L, b0, 7L), Map.of(a0, 100L, a1, 3L, b0, 7L), Map.of(a1, "m-1", a0, "m-2"));
        assertThat(rows).containsExactly(
                new GroupLag.Row("a", 0, 40L, 100L, 60L, "m-2"),
                new GroupLag.Row("a", 1, null, 3L, null, "m-1"),
                new GroupLag.Row("b", 0, 7L, 7L, 0L, null));
        assertThat(GroupLag.total(rows)).isEqualTo(60);
    }

    @Test
    void shouldNeverReportNegativeLagWhenTheCommitIsAheadOfTheEnd() {
        TopicPartition a0 = new TopicPartition("a", 0);
        assertThat(GroupLag.rows(Map.of(a0, 12L), Map.of(a0, 10L), Map.of()).get(0).lag()).isZero();
    }
}
