package io.tributary.broker.replica;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link ReplicaFetcher} per leader broker this broker follows partitions of: started when the
 * first partition of that leader is followed, stopped when the last one leaves, replaced when the
 * leader's address changes.
 *
 * <p>Thread-safe (synchronized); called from the metadata publisher thread.
 */
public final class ReplicaFetcherManager implements ReplicaFetchers {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaFetcherManager.class);

    private final int brokerId;
    private final ReplicationConfig config;
    private final LongSupplier brokerEpoch;
    private final LongSupplier clockMs;
    private final IntConsumer onLeaderUnreachable;
    private final Map<Integer, ReplicaFetcher> fetchers = new HashMap<>();
    private final Map<TopicPartition, Integer> leaderOf = new HashMap<>();

    public ReplicaFetcherManager(int brokerId, ReplicationConfig config, LongSupplier brokerEpoch, LongSupplier clockMs) {
        this(brokerId, config, brokerEpoch, clockMs, leaderId -> { });
    }

    /** @param onLeaderUnreachable told a leader's id when a fetcher's connection to it fails (once per outage) */
    public ReplicaFetcherManager(int brokerId, ReplicationConfig config, LongSupplier brokerEpoch, LongSupplier clockMs,
                                 IntConsumer onLeaderUnreachable) {
        this.onLeaderUnreachable = onLeaderUnreachable;
        this.brokerId = brokerId;
        this.config = config;
        this.brokerEpoch = brokerEpoch;
        this.clockMs = clockMs;
    }

    @Override
    public synchronized void follow(Partition partition, int leaderId, int leaderEpoch, InetSocketAddress leader) {
        TopicPartition tp = partition.topicPartition();
        Integer previous = leaderOf.get(tp);
        if (previous != null && previous != leaderId) {
            unfollow(tp);
        }
        ReplicaFetcher fetcher = fetchers.get(leaderId);
        Map<Partition, Integer> handOver = Map.of();
        if (fetcher != null && !fetcher.leader().equals(leader)) {
            LOG.info("Broker {} moved to {}; restarting its fetcher", leaderId, leader);
            fetchers.remove(leaderId).shutdown();
            handOver = fetcher.followed();
            fetcher = null;
        }
        if (fetcher == null) {
            fetcher = new ReplicaFetcher(brokerId, leaderId, leader, config, brokerEpoch, clockMs, onLeaderUnreachable);
            handOver.forEach(fetcher::add);
            fetchers.put(leaderId, fetcher);
            fetcher.start();
            LOG.info("Started fetching from broker {} at {}", leaderId, leader);
        }
        fetcher.add(partition, leaderEpoch); // a no-op when already fetching it in this epoch
        leaderOf.put(tp, leaderId);
    }

    @Override
    public synchronized void unfollow(TopicPartition tp) {
        Integer leaderId = leaderOf.remove(tp);
        if (leaderId == null) {
            return;
        }
        ReplicaFetcher fetcher = fetchers.get(leaderId);
        if (fetcher != null) {
            fetcher.remove(tp);
            if (fetcher.isEmpty()) {
                fetchers.remove(leaderId).shutdown();
                LOG.info("Stopped fetching from broker {}", leaderId);
            }
        }
    }

    @Override
    public synchronized void close() {
        fetchers.values().forEach(ReplicaFetcher::shutdown);
        fetchers.clear();
        leaderOf.clear();
    }
}
