package io.tributary.admin.chaos;

import java.util.List;
import java.util.Set;

/**
 * What the workload observed, as plain data for {@link QueueChecker}. One topic; a position is a
 * (partition, offset) pair.
 *
 * @param attempted every value a producer tried to send
 * @param acks the sends the cluster acknowledged, with the position it reported
 * @param reads what the group's consumers read, in each consumer's order
 * @param commits committed offsets of the group as the cluster reported them, in observation order
 * @param finalReads the whole log read from the beginning after the faults were healed
 */
public record History(Set<String> attempted, List<Ack> acks, List<Read> reads, List<Commit> commits, List<Read> finalReads) {
    public History {
        attempted = Set.copyOf(attempted);
        acks = List.copyOf(acks);
        reads = List.copyOf(reads);
        commits = List.copyOf(commits);
        finalReads = List.copyOf(finalReads);
    }

    /** An acknowledged send. */
    public record Ack(String value, int partition, long offset) {
    }

    /**
     * A record a consumer read.
     *
     * @param consumer which consumer
     * @param epoch the consumer's assignment count: it grows with every rebalance it goes through
     */
    public record Read(String consumer, int epoch, int partition, long offset, String value) {
    }

    /** The group's committed offset of a partition, as seen at one moment. */
    public record Commit(int partition, long offset) {
    }
}
