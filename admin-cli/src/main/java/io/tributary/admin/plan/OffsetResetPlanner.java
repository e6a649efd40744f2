package io.tributary.admin.plan;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Plans {@code group reset-offsets}: where each partition's committed offset goes for a strategy.
 * Pure; the command looks the offsets up and commits the plan. Every target is clamped into
 * [earliest, latest] so a reset never points outside the log, as Kafka's tool does.
 */
public final class OffsetResetPlanner {
    private OffsetResetPlanner() {
    }

    /** How to choose the new offset. */
    public sealed interface Strategy {
    }

    public record ToEarliest() implements Strategy {
    }

    public record ToLatest() implements Strategy {
    }

    public record ToOffset(long offset) implements Strategy {
    }

    /** From the committed offset (the earliest offset when nothing is committed). */
    public record ShiftBy(long delta) implements Strategy {
    }

    /** The first offset whose timestamp is at or after {@code timestampMs} (the latest when there is none). */
    public record ToDatetime(long timestampMs) implements Strategy {
    }

    /**
     * What is known of one partition. {@code committed} is -1 when the group has none;
     * {@code atTime} is the offset for a ToDatetime strategy, -1 when no record is that new.
     */
    public record PartitionOffsets(long committed, long earliest, long latest, long atTime) {
    }

    /** One partition's move: {@code current} is -1 when nothing was committed. */
    public record Move(TopicPartition partition, long current, long target) {
    }

    public static List<Move> plan(Strategy strategy, Map<TopicPartition, PartitionOffsets> partitions) {
        List<Move> moves = new ArrayList<>();
        partitions.forEach((tp, o) -> {
            long wanted;
            if (strategy instanceof ToEarliest) {
                wanted = o.earliest();
            } else if (strategy instanceof ToLatest) {
                wanted = o.latest();
            } else if (strategy instanceof ToOffset t) {
                wanted = t.offset();
            } else if (strategy instanceof ShiftBy s) {
                wanted = (o.committed() < 0 ? o.earliest() : o.committed()) + s.delta();
            } else {
                wanted = o.atTime() < 0 ? o.latest() : o.atTime();
            }
            moves.add(new Move(tp, o.committed(), Math.max(o.earliest(), Math.min(o.latest(), wanted))));
        });
        moves.sort(Comparator.comparing((Move m) -> m.partition().topic()).thenComparingInt(m -> m.partition().partition()));
        return moves;
    }

    /**
     * Parses a {@code --to-datetime} value: an ISO-8601 date-time with an offset or Z
     * ({@code 2024-05-01T12:00:00Z}, {@code 2024-05-01T14:00:00+02:00}), or without one, read as UTC.
     */
    public static long parseDatetime(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC).toEpochMilli();
            } catch (DateTimeParseException e2) {
                try {
                    return Instant.parse(text).toEpochMilli();
                } catch (DateTimeParseException e3) {
                    throw new IllegalArgumentException("Invalid date-time '" + text + "': use ISO-8601, e.g. 2024-05-01T12:00:00Z");
                }
            }
        }
    }
}
