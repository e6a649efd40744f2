package io.tributary.broker.replica;

import io.tributary.log.LogConfig;
import io.tributary.metadata.image.MetadataDelta;
import io.tributary.metadata.image.MetadataImage;
import io.tributary.metadata.image.MetadataListener;
import io.tributary.metadata.image.PartitionKey;
import io.tributary.metadata.image.PartitionRegistration;
import io.tributary.metadata.image.TopicImage;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;

/**
 * Turns metadata changes into replica roles on this broker: for each changed partition that has a
 * replica here, become its leader or follower in the new epoch; stop hosting partitions this broker
 * no longer replicates, and delete the logs of deleted topics. Runs on the metadata publisher
 * thread, in log order.
 */
public final class BrokerMetadataPublisher implements MetadataListener {
    private final int brokerId;
    private final ReplicaManager replicaManager;
    private final Function<String, LogConfig> logConfigFor;

    public BrokerMetadataPublisher(int brokerId, ReplicaManager replicaManager, Function<String, LogConfig> logConfigFor) {
        this.brokerId = brokerId;
        this.replicaManager = replicaManager;
        this.logConfigFor = logConfigFor;
    }

    @Override
    public void onSubscribed(MetadataImage current) {
        current.topicsById().values().forEach(t -> t.partitions().keySet().forEach(p -> apply(current, t, p)));
    }

    @Override
    public void onImage(MetadataImage oldImage, MetadataImage newImage, MetadataDelta delta) {
        for (Uuid deleted : delta.deletedTopicIds()) {
            oldImage.topic(deleted).ifPresent(t -> t.partitions().keySet().forEach(p ->
                    replicaManager.removePartition(new TopicPartition(t.name(), p), true)));
        }
        Set<PartitionKey> changed = new HashSet<>(delta.changedPartitions());
        if (delta.isFullReload()) {
            newImage.topicsById().values().forEach(t -> t.partitions().keySet().forEach(p -> changed.add(new PartitionKey(t.id(), p))));
        }
        for (PartitionKey key : changed) {
            newImage.topic(key.topicId()).ifPresent(t -> apply(newImage, t, key.partitionId()));
        }
    }

    private void apply(MetadataImage image, TopicImage topic, int partitionId) {
        PartitionRegistration p = topic.partition(partitionId);
        TopicPartition tp = new TopicPartition(topic.name(), partitionId);
        if (p == null || !p.replicas().contains(brokerId)) {
            if (replicaManager.partition(tp).isPresent()) {
                replicaManager.removePartition(tp, true);
            }
            return;
        }
        LeaderAndIsr state = new LeaderAndIsr(p.leader(), p.leaderEpoch(), p.partitionEpoch(), p.replicas(), p.isr());
        if (p.leader() == brokerId) {
            replicaManager.becomeLeader(tp, topic.id(), state, logConfigFor.apply(topic.name()));
        } else {
            replicaManager.becomeFollower(tp, topic.id(), state, logConfigFor.apply(topic.name()));
        }
    }
}
