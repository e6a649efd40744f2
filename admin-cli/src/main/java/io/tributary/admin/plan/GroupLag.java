package io.tributary.admin.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;

/**
 * Joins a group's committed offsets, the partitions' end offsets and the members' assignment into one
 * row per partition, with the lag. Pure.
 */
public final class GroupLag {
    private GroupLag() {
    }

    /**
     * One partition of the group. {@code committed} and {@code lag} are null when nothing is committed;
     * {@code member} is null when no member is assigned the partition.
     */
    public record Row(String topic, int partition, Long committed, Long end, Long lag, String member) {
    }

    /** Rows for every partition that is committed or assigned, sorted by topic and partition. */
    public static List<Row> rows(Map<TopicPartition, Long> committed, Map<TopicPartition, Long> end, Map<TopicPartition, String> assignment) {
        Set<TopicPartition> all = new TreeSet<>(Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
        all.addAll(committed.keySet());
        all.addAll(assignment.keySet());
        List<Row> rows = new ArrayList<>();
        for (TopicPartition tp : all) {
            Long c = committed.get(tp);
            Long e = end.get(tp);
            Long lag = c == null || e == null ? null : Math.max(0, e - c);
            rows.add(new Row(tp.topic(), tp.partition(), c, e, lag, assignment.get(tp)));
        }
        return rows;
    }

    /** The sum of the known lags. */
    public static long total(List<Row> rows) {
        return rows.stream().filter(r -> r.lag() != null).mapToLong(Row::lag).sum();
    }
}
