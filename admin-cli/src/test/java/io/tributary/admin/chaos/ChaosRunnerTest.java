package io.tributary.admin.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ChaosRunnerTest {

    private static final TopicPartition P0 = new TopicPartition("t", 0);
    private static final TopicPartition P1 = new TopicPartition("t", 1);

    @Test
    void shouldReadBackAtLeastPastEveryAcknowledgedWrite() {
        // A restarted leader listed its checkpointed high watermark, 71, though it had acknowledged up to 174.
        Map<TopicPartition, Long> ends = ChaosRunner.readTo(Map.of(P0, 71L, P1, 180L), "t",
                List.of(new History.Ack("a", 0, 70), new History.Ack("b", 0, 174), new History.Ack("c", 1, 150)));

        assertThat(ends).containsExactlyInAnyOrderEntriesOf(Map.of(P0, 175L, P1, 180L));
    }

    @Test
    void shouldReadPartitionsTheListingMissedWhenWritesToThemWereAcknowledged() {
        Map<TopicPartition, Long> ends = ChaosRunner.readTo(Map.of(P0, 10L), "t", List.of(new History.Ack("a", 1, 4)));

        assertThat(ends).containsExactlyInAnyOrderEntriesOf(Map.of(P0, 10L, P1, 5L));
    }
}
