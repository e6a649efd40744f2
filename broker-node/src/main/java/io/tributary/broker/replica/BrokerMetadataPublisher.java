package io.tributary.broker.replica;

import io.tributary.log.LogConfig;
import io.tributary.metadata.image.BrokerRegistration;
import io.tributary.metadata.image.ConfigResourceKey;
import io.tributary.metadata.record.ConfigResourceType;
import io.tributary.metadata.record.Endpoint;
import java.net.InetSocketAddress;
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
 * no longer replicates, delete the logs of deleted topics, and hand changed topic configs to the
 * logs hosted here. Runs on the metadata publisher
 * thread, in log order.
 */
public final class BrokerMetadataPublisher implements MetadataListener {
    private final int brokerId;
    private final ReplicaManager replicaManager;
    private final Function<String, LogConfig> logConfigFor;
    private final String listenerName;

    public BrokerMetadataPublisher(int brokerId, ReplicaManager replicaManager, Function<String, LogConfig> logConfigFor) {
        this(brokerId, replicaManager, logConfigFor, "PLAINTEXT");
    }

    /** @param listenerName the listener whose endpoint of a leader followers fetch from */
    public BrokerMetadataPublisher(int brokerId, ReplicaManager replicaManager, Function<String, LogConfig> logConfigFor,
                                   String listenerName) {
        this.listenerName = listenerName;
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
        // Logs take their config when opened; a later AlterConfigs must reach them too.
        for (ConfigResourceKey key : delta.changedConfigs().keySet()) {
            if (key.type() == ConfigResourceType.TOPIC) {
                replicaManager.updateLogConfig(key.name(), logConfigFor.apply(key.name()));
            }
        }
    }

    /** The leader's endpoint on this broker's listener (or its first one), null when unknown. */
    private InetSocketAddress leaderAddress(MetadataImage image, int leaderId) {
        BrokerRegistration b = leaderId < 0 ? null : image.broker(leaderId);
        if (b == null || b.endpoints().isEmpty()) {
            return null;
        }
        Endpoint e = b.endpoints().stream().filter(x -> x.name().equals(listenerName)).findFirst().orElse(b.endpoints().get(0));
        return new InetSocketAddress(e.host(), e.port());
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
            replicaManager.becomeFollower(tp, topic.id(), state, logConfigFor.apply(topic.name()), leaderAddress(image, p.leader()));
        }
    }
}
