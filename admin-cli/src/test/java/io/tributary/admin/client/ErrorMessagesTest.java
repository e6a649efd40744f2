package io.tributary.admin.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.junit.jupiter.api.Test;

class ErrorMessagesTest {
    @Test
    void shouldNameTheClusterWhenItDoesNotAnswer() {
        String s = ErrorMessages.sentence(new ExecutionException(new TimeoutException("Timed out waiting for a node assignment.")), "127.0.0.1:1");
        assertThat(s).isEqualTo("The cluster at 127.0.0.1:1 did not answer in time; is it running and reachable? (Timed out waiting for a node assignment)");
    }

    @Test
    void shouldGiveOneSentenceForKafkaErrors() {
        assertThat(ErrorMessages.sentence(new UnknownTopicOrPartitionException("This server does not host this topic-partition."), null))
                .isEqualTo("Unknown topic or partition: This server does not host this topic-partition.");
        assertThat(ErrorMessages.sentence(new UnsupportedVersionException("The node does not support ALTER_PARTITION_REASSIGNMENTS"), null))
                .isEqualTo("The cluster does not support this operation: The node does not support ALTER_PARTITION_REASSIGNMENTS.");
        assertThat(ErrorMessages.sentence(new CliException("Unknown topic 'x'."), null)).isEqualTo("Unknown topic 'x'.");
        assertThat(ErrorMessages.sentence(new IllegalStateException("multi\nline"), null)).isEqualTo("IllegalStateException: multi line.");
        assertThat(ErrorMessages.sentence(new org.apache.kafka.common.KafkaException("Failed to construct kafka producer",
                new org.apache.kafka.common.config.ConfigException("bad value")), null)).isEqualTo("Failed to construct kafka producer: bad value.");
        assertThat(ErrorMessages.sentence(new org.apache.kafka.common.KafkaException("Failed to create new KafkaAdminClient",
                new org.apache.kafka.common.config.ConfigException("No resolvable bootstrap urls given in bootstrap.servers")), "nowhere.invalid:9092"))
                .isEqualTo("None of the bootstrap servers 'nowhere.invalid:9092' resolves to an address; check --bootstrap-server.");
    }
}
