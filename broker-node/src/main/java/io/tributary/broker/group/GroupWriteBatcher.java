package io.tributary.broker.group;

import io.tributary.metadata.record.ConsumerGroupRecord;
import io.tributary.metadata.record.MetadataRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.protocol.Errors;

/**
 * Coalesces group writes for the same shard and coordinator epoch that arrive within
 * {@code lingerMs}, or while the shard's previous write is in flight, into one quorum write, so a
 * group committing often costs one Raft entry per linger period rather than one per commit, and a
 * shard's writes reach the quorum in the order they were made. Confined to the coordinator thread ({@code executor});
 * the returned futures complete on that thread too.
 */
final class GroupWriteBatcher {
    private record Key(int shardId, int epoch) {
    }

    private record Pending(List<MetadataRecord> records, CompletableFuture<Errors> result) {
    }

    private final GroupStateWriter writer;
    private final ScheduledExecutorService executor;
    private final int lingerMs;
    private final Map<Key, List<Pending>> pending = new LinkedHashMap<>();
    /**
     * Shards with a write in flight. One write at a time per shard: a write retried inside the
     * metadata client (the controller moved) could otherwise be applied after a later one, and an
     * older committed offset or group state would win.
     */
    private final Set<Key> inFlight = new HashSet<>();

    GroupWriteBatcher(GroupStateWriter writer, ScheduledExecutorService executor, int lingerMs) {
        this.writer = writer;
        this.executor = executor;
        this.lingerMs = lingerMs;
    }

    CompletableFuture<Errors> submit(int shardId, int epoch, List<? extends MetadataRecord> records) {
        Key key = new Key(shardId, epoch);
        Pending p = new Pending(List.copyOf(records), new CompletableFuture<>());
        List<Pending> batch = pending.get(key);
        if (batch == null) {
            batch = new ArrayList<>();
            pending.put(key, batch);
            executor.schedule(() -> flush(key), lingerMs, TimeUnit.MILLISECONDS);
        }
        batch.add(p);
        return p.result;
    }

    private void flush(Key key) {
        if (inFlight.contains(key)) {
            return; // written when the write in flight completes, so the shard's writes keep their order
        }
        List<Pending> batch = pending.remove(key);
        if (batch == null) {
            return;
        }
        List<MetadataRecord> all = new ArrayList<>();
        batch.forEach(p -> all.addAll(p.records));
        inFlight.add(key);
        writer.write(key.shardId, key.epoch, latestConsumerGroupStates(all)).whenCompleteAsync((error, e) -> {
            inFlight.remove(key);
            Errors outcome = e != null ? Errors.COORDINATOR_NOT_AVAILABLE : error;
            batch.forEach(p -> p.result.complete(outcome));
            flush(key);
        }, executor);
    }

    /**
     * A consumer group's record holds its whole state, so within one write only its last record
     * matters: the earlier ones are dropped (a group of 50 joining members writes one state, not 50).
     */
    static List<MetadataRecord> latestConsumerGroupStates(List<MetadataRecord> records) {
        Map<String, Integer> last = new HashMap<>();
        for (int i = 0; i < records.size(); i++) {
            if (records.get(i) instanceof ConsumerGroupRecord r) {
                last.put(r.groupId(), i);
            }
        }
        List<MetadataRecord> kept = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            if (!(records.get(i) instanceof ConsumerGroupRecord r) || last.get(r.groupId()) == i) {
                kept.add(records.get(i));
            }
        }
        return kept;
    }
}
