package io.tributary.broker.replica;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.FetchSessionHandler;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.FetchResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.utils.LogContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replicates the partitions this broker follows from one leader broker: a thread with a blocking
 * socket that sends Kafka Fetch requests as a replica (replica id and broker epoch, long-polling
 * {@code replica.fetch.wait.max.ms}), and applies each partition's answer as
 * {@link FollowerFetchLogic} decides. A partition that errs backs off {@code replica.fetch.backoff.ms};
 * a connection failure backs the whole fetcher off, so it never spins.
 *
 * <p>Threading: the partition set is guarded by {@code this} and changed by the metadata publisher
 * thread; everything else is confined to the fetcher thread, the only writer of its partitions'
 * logs while they follow.
 */
final class ReplicaFetcher implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaFetcher.class);
    /** Fetch v15: topic ids, ReplicaState (KIP-903), LastFetchedEpoch/DivergingEpoch. */
    static final short FETCH_VERSION = 15;

    /** One followed partition in one leader epoch. */
    private record Target(Partition partition, int leaderEpoch) {
    }

    private final int brokerId;
    private final int leaderId;
    private final InetSocketAddress leader;
    private final ReplicationConfig config;
    private final LongSupplier brokerEpoch;
    private final LongSupplier clockMs;
    private final IntConsumer onLeaderUnreachable;
    private final Map<TopicPartition, Target> targets = new HashMap<>(); // guarded by this
    private final Map<TopicPartition, Long> backoffUntilMs = new HashMap<>(); // guarded by this
    /** The incremental fetch session with the leader (KIP-227); confined to the fetcher thread. */
    private final FetchSessionHandler session;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Socket socket;
    private DataInputStream in;
    private OutputStream out;
    private int correlationId;
    private boolean connectionFailureLogged;

    /** @param onLeaderUnreachable told the leader's id once per outage, when the connection to it fails */
    ReplicaFetcher(int brokerId, int leaderId, InetSocketAddress leader, ReplicationConfig config, LongSupplier brokerEpoch,
                   LongSupplier clockMs, IntConsumer onLeaderUnreachable) {
        this.onLeaderUnreachable = onLeaderUnreachable;
        this.brokerId = brokerId;
        this.leaderId = leaderId;
        this.leader = leader;
        this.config = config;
        this.brokerEpoch = brokerEpoch;
        this.clockMs = clockMs;
        this.session = new FetchSessionHandler(new LogContext("[replica fetcher " + brokerId + " from " + leaderId + "] "), leaderId);
        this.thread = new Thread(this, "replica-fetcher-" + brokerId + "-from-" + leaderId);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    InetSocketAddress leader() {
        return leader;
    }

    /** Starts (or keeps) fetching {@code p} in {@code leaderEpoch}. */
    synchronized void add(Partition p, int leaderEpoch) {
        Target current = targets.get(p.topicPartition());
        if (current == null || current.leaderEpoch() != leaderEpoch || current.partition() != p) {
            targets.put(p.topicPartition(), new Target(p, leaderEpoch));
            backoffUntilMs.remove(p.topicPartition()); // a new epoch deserves a prompt first fetch
            notifyAll();
        }
    }

    synchronized void remove(TopicPartition tp) {
        targets.remove(tp);
        backoffUntilMs.remove(tp);
    }

    /** The followed partitions and their leader epochs (to hand over to a replacement fetcher). */
    synchronized Map<Partition, Integer> followed() {
        Map<Partition, Integer> out = new HashMap<>();
        targets.values().forEach(t -> out.put(t.partition(), t.leaderEpoch()));
        return out;
    }

    synchronized boolean isEmpty() {
        return targets.isEmpty();
    }

    /** Stops the thread; a blocked read is unblocked by closing the socket. */
    void shutdown() {
        running = false;
        synchronized (this) {
            notifyAll();
        }
        closeSocket();
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void run() {
        while (running) {
            Map<TopicPartition, Target> batch = readyTargets();
            if (batch.isEmpty()) {
                continue;
            }
            try {
                FetchResponse response = fetch(batch);
                connectionFailureLogged = false;
                apply(batch, response);
            } catch (IOException | RuntimeException e) {
                if (!running) {
                    break;
                }
                session.handleError(e);
                // Operating error (leader gone, connection reset): logged once per outage, retried after a backoff.
                if (!connectionFailureLogged) {
                    LOG.warn("Fetch from broker {} at {} failed: {}", leaderId, leader, e.toString());
                    connectionFailureLogged = true;
                    if (e instanceof IOException) {
                        // The leader may have died: the controller can check at once instead of
                        // waiting for its heartbeats to stop.
                        onLeaderUnreachable.accept(leaderId);
                    }
                }
                closeSocket();
                sleepQuietly(config.fetchBackoffMs());
            }
        }
        closeSocket();
    }

    /** The partitions not backing off; waits (bounded) when there are none. */
    private Map<TopicPartition, Target> readyTargets() {
        long now = clockMs.getAsLong();
        long nextDue = Long.MAX_VALUE;
        Map<TopicPartition, Target> ready = new LinkedHashMap<>();
        synchronized (this) {
            for (var e : targets.entrySet()) {
                long until = backoffUntilMs.getOrDefault(e.getKey(), 0L);
                if (until <= now) {
                    ready.put(e.getKey(), e.getValue());
                } else {
                    nextDue = Math.min(nextDue, until);
                }
            }
            if (ready.isEmpty() && running) {
                long waitMs = nextDue == Long.MAX_VALUE ? config.fetchBackoffMs() + 1L : Math.max(1, nextDue - now);
                try {
                    wait(waitMs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
            }
        }
        return ready;
    }

    private synchronized boolean isCurrent(TopicPartition tp, Target t) {
        return t.equals(targets.get(tp));
    }

    private synchronized void backOff(TopicPartition tp, long untilMs) {
        if (targets.containsKey(tp)) {
            backoffUntilMs.put(tp, untilMs);
        }
    }

    private FetchResponse fetch(Map<TopicPartition, Target> batch) throws IOException {
        FetchSessionHandler.Builder data = session.newBuilder(batch.size(), false);
        for (var e : batch.entrySet()) {
            Partition p = e.getValue().partition();
            Partition.FollowerPosition pos = p.followerPosition();
            data.add(e.getKey(), new FetchRequest.PartitionData(p.topicId(), pos.fetchOffset(), pos.logStartOffset(),
                    config.fetchMaxBytes(), Optional.of(e.getValue().leaderEpoch()), pos.lastFetchedEpoch()));
        }
        // In a fetch session only the partitions whose position changed go out, and only those with
        // news come back: a follower of many quiet partitions does not send them all on every fetch.
        FetchSessionHandler.FetchRequestData sessionData = data.build();
        FetchRequest request = FetchRequest.Builder.forReplica(FETCH_VERSION, brokerId, brokerEpoch.getAsLong(),
                        config.fetchWaitMaxMs(), config.fetchMinBytes(), sessionData.toSend())
                .setMaxBytes(config.fetchResponseMaxBytes())
                .metadata(sessionData.metadata())
                .removed(sessionData.toForget())
                .replaced(sessionData.toReplace())
                .build(FETCH_VERSION);
        RequestHeader header = new RequestHeader(ApiKeys.FETCH, FETCH_VERSION, "tributary-replica-" + brokerId, ++correlationId);
        ensureConnected();
        ByteBuffer body = request.serializeWithHeader(header);
        byte[] frame = new byte[4 + body.remaining()];
        ByteBuffer.wrap(frame).putInt(body.remaining()).put(body);
        out.write(frame);
        out.flush();
        int size = in.readInt();
        if (size < 0 || size > config.fetchResponseMaxBytes() + config.fetchMaxBytes() + (1 << 20)) {
            throw new IOException("Response frame of " + size + " bytes from broker " + leaderId);
        }
        byte[] response = new byte[size];
        in.readFully(response);
        return (FetchResponse) AbstractResponse.parseResponse(ByteBuffer.wrap(response), header);
    }

    private void apply(Map<TopicPartition, Target> batch, FetchResponse response) {
        Map<Uuid, String> names = new HashMap<>();
        batch.forEach((tp, t) -> names.put(t.partition().topicId(), tp.topic()));
        long now = clockMs.getAsLong();
        if (!session.handleResponse(response, FETCH_VERSION)) {
            // A lost session (the leader restarted or evicted it) is not the partitions' fault: the
            // next fetch opens a new one at once.
            if (response.error() != Errors.FETCH_SESSION_ID_NOT_FOUND && response.error() != Errors.INVALID_FETCH_SESSION_EPOCH) {
                batch.keySet().forEach(tp -> backOff(tp, now + config.fetchBackoffMs()));
            }
            return;
        }
        LinkedHashMap<TopicPartition, FetchResponseData.PartitionData> parts = response.responseData(names, FETCH_VERSION);
        for (var e : batch.entrySet()) {
            FetchResponseData.PartitionData pd = parts.get(e.getKey());
            if (pd == null || !isCurrent(e.getKey(), e.getValue())) {
                continue; // unfollowed or re-targeted while the fetch was in flight
            }
            if (!applyOne(e.getValue(), pd)) {
                backOff(e.getKey(), now + config.fetchBackoffMs());
            }
        }
    }

    /** Applies one partition's answer; false when it should back off. */
    private boolean applyOne(Target t, FetchResponseData.PartitionData pd) {
        Partition p = t.partition();
        int epoch = t.leaderEpoch();
        try {
            FollowerAction action = FollowerFetchLogic.decide(p.logEndOffset(), p.highWatermark(), p::followerEndOffsetFor, pd);
            if (action instanceof FollowerAction.Append a) {
                p.appendAsFollower(epoch, completeBatches(a.records()), a.leaderHighWatermark());
                return true;
            } else if (action instanceof FollowerAction.Truncate tr) {
                LOG.info("Truncating {} to {} after a divergence from leader {} (epoch {})", p.topicPartition(), tr.offset(), leaderId, epoch);
                p.truncateAsFollower(epoch, tr.offset());
                return true;
            } else if (action instanceof FollowerAction.RestartAt r) {
                LOG.info("Restarting {} at {}: leader {} no longer holds our log end", p.topicPartition(), r.offset(), leaderId);
                p.restartAsFollowerAt(epoch, r.offset());
                return true;
            } else {
                FollowerAction.Backoff b = (FollowerAction.Backoff) action;
                LOG.debug("Fetch of {} from broker {} answered {}; backing off", p.topicPartition(), leaderId, b.error());
                return false;
            }
        } catch (RuntimeException e) {
            LOG.warn("Applying the fetch of {} from broker {} failed: {}", p.topicPartition(), leaderId, e.toString());
            return false;
        }
    }

    /** The whole batches at the front of {@code records} (a fetch may end in the middle of one). */
    static MemoryRecords completeBatches(MemoryRecords records) {
        int valid = records.validBytes();
        if (valid == records.sizeInBytes()) {
            return records;
        }
        ByteBuffer b = records.buffer().duplicate();
        b.limit(b.position() + valid);
        return MemoryRecords.readableRecords(b.slice());
    }

    private void ensureConnected() throws IOException {
        if (socket != null) {
            return;
        }
        Socket s = new Socket();
        try {
            // From this node's own address, so a network fault can cut exactly this link.
            io.tributary.broker.network.SourceAddress.bind(s);
            s.connect(leader, config.socketTimeoutMs());
            s.setSoTimeout(config.socketTimeoutMs());
            s.setTcpNoDelay(true);
            in = new DataInputStream(new java.io.BufferedInputStream(s.getInputStream(), 64 * 1024));
            out = s.getOutputStream();
            socket = s;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    private synchronized void closeSocket() {
        Socket s = socket;
        socket = null;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing on the way out; nothing to do
            }
        }
    }

    private void sleepQuietly(long ms) {
        synchronized (this) {
            try {
                if (running) {
                    wait(Math.max(1, ms));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }
}
