package io.tributary.broker.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.metadata.image.CommittedOffset;
import io.tributary.metadata.image.PartitionKey;
import io.tributary.metadata.record.GroupTombstoneRecord;
import io.tributary.metadata.record.OffsetDeleteRecord;
import java.util.Map;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;

class OffsetRetentionTest {
    private static final Uuid TOPIC = Uuid.fromString("AAAAAAAAAAAAAAAAAAAAAQ");
    private static final long RETENTION_MS = 1_000;
    private static final Map<PartitionKey, CommittedOffset> OFFSETS = Map.of(
            new PartitionKey(TOPIC, 0), new CommittedOffset(5, -1, "", 100),
            new PartitionKey(TOPIC, 1), new CommittedOffset(6, -1, "", 600));

    @Test
    void shouldKeepOffsetsWhenGroupHasMembers() {
        assertThat(OffsetRetention.expire("g", false, true, OFFSETS, 10_000, RETENTION_MS)).isEmpty();
    }

    @Test
    void shouldExpireOnlyOffsetsPastRetentionWhenGroupIsEmpty() {
        assertThat(OffsetRetention.expire("g", true, true, OFFSETS, 1_100, RETENTION_MS))
                .containsExactly(new OffsetDeleteRecord("g", TOPIC, 0));
        assertThat(OffsetRetention.expire("g", true, true, OFFSETS, 1_099, RETENTION_MS)).isEmpty();
    }

    @Test
    void shouldDeleteTheGroupWhenItsLastOffsetExpires() {
        assertThat(OffsetRetention.expire("g", true, true, OFFSETS, 1_600, RETENTION_MS))
                .containsExactly(new GroupTombstoneRecord("g"));
    }

    @Test
    void shouldDeleteOffsetsOneByOneWhenGroupWasNeverPersisted() {
        assertThat(OffsetRetention.expire("g", true, false, OFFSETS, 1_600, RETENTION_MS)).hasSize(2)
                .allMatch(r -> r instanceof OffsetDeleteRecord);
    }
}
