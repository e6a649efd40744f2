package io.tributary.broker.replica;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.HashedWheelTimer;
import io.tributary.log.LogConfig;
import io.tributary.log.PartitionLog;
import io.tributary.metadata.image.ConfigResourceKey;
import io.tributary.metadata.image.MetadataDelta;
import io.tributary.metadata.image.MetadataImage;
import io.tributary.metadata.record.ConfigRecord;
import io.tributary.metadata.record.ConfigResourceType;
import io.tributary.metadata.record.MetadataRecord;
import io.tributary.metadata.record.PartitionRecord;
import io.tributary.metadata.record.TopicRecord;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Metadata changes become replica roles and log settings on this broker. */
class BrokerMetadataPublisherTest {
    private static final TopicPartition TP = new TopicPartition("durable", 0);
    private static final Uuid TOPIC_ID = Uuid.randomUuid();

    @TempDir Path dir;
    private final HashedWheelTimer timer = new HashedWheelTimer(5, TimeUnit.MILLISECONDS);
    private TempDirPartitionLogs logs;
    private MetadataImage image = MetadataImage.EMPTY;

    @org.junit.jupiter.api.BeforeEach
    void setUp() {
        logs = new TempDirPartitionLogs(dir);
    }

    @AfterEach
    void tearDown() {
        logs.close();
        timer.stop();
    }

    private ReplicaManager replicaManager() {
        return new ReplicaManager(1, logs, timer, System::currentTimeMillis);
    }

    /** The topic's log settings as the broker derives them: its own overrides over the defaults. */
    private LogConfig logConfig(String topic) {
        LogConfig config = LogConfig.defaults();
        for (var e : image.configs(new ConfigResourceKey(ConfigResourceType.TOPIC, topic)).entrySet()) {
            config = config.with(e.getKey(), e.getValue());
        }
        return config;
    }

    private void publish(BrokerMetadataPublisher publisher, MetadataRecord... records) {
        MetadataDelta delta = new MetadataDelta(image, image.offset() + 1);
        for (MetadataRecord r : records) {
            delta.replay(r);
        }
        MetadataImage old = image;
        image = delta.apply();
        publisher.onImage(old, image, delta);
    }

    @Test
    void shouldApplyChangedTopicConfigToFollowerLogWhenFlushOnAppendIsTurnedOn() {
        try (ReplicaManager manager = replicaManager()) {
            BrokerMetadataPublisher publisher = new BrokerMetadataPublisher(1, manager, this::logConfig);
            publish(publisher, new TopicRecord(TP.topic(), TOPIC_ID),
                    new PartitionRecord(TOPIC_ID, 0, List.of(2, 1), List.of(2, 1), null, null, 2, null, 0, 0));
            PartitionLog log = manager.partition(TP).orElseThrow().log();
            assertThat(manager.partition(TP).orElseThrow().isLeader()).isFalse();
            assertThat(log.config().flushOnAppend()).isFalse();

            publish(publisher, new ConfigRecord(ConfigResourceType.TOPIC, TP.topic(), LogConfig.FLUSH_ON_APPEND, "true"));

            assertThat(log.config().flushOnAppend()).isTrue();
        }
    }
}
