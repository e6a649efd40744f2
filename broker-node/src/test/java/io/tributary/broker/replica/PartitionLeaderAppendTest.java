package io.tributary.broker.replica;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.log.LogConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An acks=all wait is keyed by the leader epoch the records were appended in, not one read before. */
class PartitionLeaderAppendTest {
    private static final TopicPartition TP = new TopicPartition("orders", 0);

    @TempDir Path dir;
    private TempDirPartitionLogs logs;
    private Partition partition;

    @BeforeEach
    void setUp() {
        logs = new TempDirPartitionLogs(dir);
        partition = new Partition(TP, Uuid.randomUuid(), 1, logs.getOrCreate(TP.topic(), 0, LogConfig.defaults()), () -> 1_000L);
    }

    @AfterEach
    void tearDown() {
        logs.close();
    }

    private Partition.LeaderAppend append() {
        MemoryRecords records = MemoryRecords.withRecords(Compression.NONE, new SimpleRecord(1_000L, null, "v".getBytes(StandardCharsets.UTF_8)));
        return partition.appendAsLeader(records, (short) -1, 1);
    }

    @Test
    void shouldReportTheEpochOfTheAppendWhenLeadershipBeganJustBefore() {
        assertThat(partition.leaderEpoch()).as("a partition just created knows no epoch yet").isEqualTo(-1);
        partition.makeLeader(new LeaderAndIsr(1, 0, 0, List.of(1), List.of(1)));

        Partition.LeaderAppend first = append();

        assertThat(first.leaderEpoch()).isZero();
        assertThat(partition.checkReplicated(first.result().lastOffset() + 1, first.leaderEpoch(), 1))
                .as("the only ISR member holds it: replicated in the epoch it was appended in").contains(Errors.NONE);
    }

    @Test
    void shouldEndTheWaitOfAnOlderEpochWhenANewOneBegins() {
        partition.makeLeader(new LeaderAndIsr(1, 3, 0, List.of(1, 2), List.of(1, 2)));
        Partition.LeaderAppend older = append();
        partition.makeLeader(new LeaderAndIsr(1, 4, 1, List.of(1, 2), List.of(1, 2)));
        Partition.LeaderAppend newer = append();

        assertThat(older.leaderEpoch()).isEqualTo(3);
        assertThat(newer.leaderEpoch()).isEqualTo(4);
        assertThat(partition.checkReplicated(older.result().lastOffset() + 1, older.leaderEpoch(), 1))
                .contains(Errors.NOT_LEADER_OR_FOLLOWER);
        assertThat(partition.checkReplicated(newer.result().lastOffset() + 1, newer.leaderEpoch(), 1))
                .as("follower 2 has not fetched it yet").isEqualTo(Optional.empty());
    }
}
