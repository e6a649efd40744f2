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

/** ListOffsets from a leader whose high watermark has not caught up with its leadership yet (KIP-207). */
class PartitionListOffsetsTest {
    private static final TopicPartition TP = new TopicPartition("orders", 0);

    @TempDir Path dir;
    private TempDirPartitionLogs logs;

    @BeforeEach
    void setUp() {
        logs = new TempDirPartitionLogs(dir);
    }

    @AfterEach
    void tearDown() {
        logs.close();
    }

    private Partition partition() {
        return new Partition(TP, Uuid.randomUuid(), 1, logs.getOrCreate(TP.topic(), 0, LogConfig.defaults()), () -> 1_000L);
    }

    private static void append(Partition p, int n) {
        for (int i = 0; i < n; i++) {
            p.appendAsLeader(MemoryRecords.withRecords(Compression.NONE, new SimpleRecord(1_000L, null,
                    ("v" + i).getBytes(StandardCharsets.UTF_8))), (short) 1, 1);
        }
    }

    @Test
    void shouldAnswerOffsetNotAvailableUntilTheHighWatermarkReachesWhereTheLeadershipBegan() {
        // Before a restart: 3 records, acknowledged by the whole ISR.
        Partition before = partition();
        before.makeLeader(new LeaderAndIsr(1, 0, 0, List.of(1, 2), List.of(1, 2)));
        append(before, 3);
        before.onFollowerFetch(2, 3, -1L, 0);
        assertThat(before.offsetForTimestamp(-1L, Optional.empty()).offset()).isEqualTo(3);

        // The restarted broker leads the same epoch again, not knowing its old high watermark.
        Partition restarted = partition();
        restarted.makeLeader(new LeaderAndIsr(1, 0, 0, List.of(1, 2), List.of(1, 2)));
        assertThat(restarted.highWatermark()).isZero();

        assertThat(restarted.offsetForTimestamp(-1L, Optional.empty()).error()).isEqualTo(Errors.OFFSET_NOT_AVAILABLE);
        assertThat(restarted.offsetForTimestamp(1_000L, Optional.empty()).error()).isEqualTo(Errors.OFFSET_NOT_AVAILABLE);
        assertThat(restarted.offsetForTimestamp(-2L, Optional.empty()).error()).as("earliest needs no HW").isEqualTo(Errors.NONE);

        restarted.onFollowerFetch(2, 3, -1L, 0);

        Partition.OffsetLookup latest = restarted.offsetForTimestamp(-1L, Optional.empty());
        assertThat(latest.error()).isEqualTo(Errors.NONE);
        assertThat(latest.offset()).isEqualTo(3);
    }

    @Test
    void shouldAnswerAtOnceForALeaderThatIsItsOwnIsr() {
        Partition p = partition();
        p.makeLeader(new LeaderAndIsr(1, 0, 0, List.of(1), List.of(1)));
        append(p, 2);

        Partition restarted = partition();
        restarted.makeLeader(new LeaderAndIsr(1, 1, 1, List.of(1), List.of(1)));

        assertThat(restarted.offsetForTimestamp(-1L, Optional.empty()).offset()).isEqualTo(2);
    }
}
