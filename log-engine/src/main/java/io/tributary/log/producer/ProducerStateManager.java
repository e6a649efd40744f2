package io.tributary.log.producer;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Idempotent-producer state of one partition: for each producer id, its epoch and the last
 * {@value #BATCHES_TO_RETAIN} batches it wrote (a producer has at most 5 requests in flight, so a
 * retry is always one of them). This is what turns "at least once" retries into exactly-once
 * appends (KIP-98 idempotence, Kafka's {@code ProducerStateManager}/{@code ProducerAppendInfo}).
 *
 * <p>Rules for a leader append of (pid, epoch, firstSeq..lastSeq):
 * <ul>
 *   <li>epoch below the producer's epoch → INVALID_PRODUCER_EPOCH (a zombie);</li>
 *   <li>same range as a retained batch of the same epoch → duplicate, answered with its offsets;</li>
 *   <li>same epoch: firstSeq must follow the last batch's lastSeq (wrapping after Integer.MAX_VALUE);</li>
 *   <li>a newer epoch must start at sequence 0;</li>
 *   <li>a producer this log has no state for must start at sequence 0 while the log has seen every
 *       batch ever written to it ({@link #setSeenEveryBatch}); once older batches or state may be
 *       gone (retention, expiry, truncation), it is accepted at any sequence, as Kafka does.</li>
 * </ul>
 * Otherwise OUT_OF_ORDER_SEQUENCE_NUMBER. Followers and recovery replay batches with
 * {@link #update} only: what the leader accepted is the truth.
 *
 * <p>Pure and not thread-safe: used under the partition's append lock. Time is passed in.
 */
public final class ProducerStateManager {
    public static final int BATCHES_TO_RETAIN = 5;
    private static final int SNAPSHOT_VERSION = 1;

    private static final class Entry {
        short epoch;
        long lastTimestampMs;
        final ArrayDeque<BatchMetadata> batches = new ArrayDeque<>(BATCHES_TO_RETAIN);
    }

    private final Map<Long, Entry> producers = new HashMap<>();
    /**
     * Whether every producer that ever wrote to this log has its state here. Then a producer without
     * state has never written here, and its first batch must be sequence 0: a later batch arriving
     * first means an earlier one was bounced (say, sent a moment before this broker took the
     * leadership) and will be retried, so accepting this one would put them out of order.
     */
    private boolean seenEveryBatch;

    /** Judges a batch about to be appended as leader. */
    public ProducerAppendCheck check(long producerId, short epoch, int firstSeq, int lastSeq) {
        Entry e = producers.get(producerId);
        if (e == null) {
            return !seenEveryBatch || firstSeq == 0 ? ProducerAppendCheck.ACCEPT : outOfOrder(producerId, epoch, firstSeq,
                    "the first batch of a producer new to this partition must have sequence 0");
        }
        if (epoch < e.epoch) {
            return new ProducerAppendCheck.Reject(ProducerAppendCheck.Reason.INVALID_PRODUCER_EPOCH,
                    "Producer " + producerId + " epoch " + epoch + " is older than the current epoch " + e.epoch);
        }
        if (epoch > e.epoch) {
            return firstSeq == 0 ? ProducerAppendCheck.ACCEPT : outOfOrder(producerId, epoch, firstSeq,
                    "a new epoch must start at sequence 0");
        }
        for (BatchMetadata b : e.batches) {
            if (b.firstSeq() == firstSeq && b.lastSeq() == lastSeq) {
                return new ProducerAppendCheck.Duplicate(b);
            }
        }
        if (e.batches.isEmpty()) {
            return ProducerAppendCheck.ACCEPT;
        }
        int expected = nextSequence(e.batches.peekLast().lastSeq());
        return firstSeq == expected ? ProducerAppendCheck.ACCEPT
                : outOfOrder(producerId, epoch, firstSeq, "expected sequence " + expected);
    }

    private static ProducerAppendCheck outOfOrder(long pid, short epoch, int firstSeq, String why) {
        return new ProducerAppendCheck.Reject(ProducerAppendCheck.Reason.OUT_OF_ORDER_SEQUENCE_NUMBER,
                "Producer " + pid + " epoch " + epoch + " sent sequence " + firstSeq + ": " + why);
    }

    private static int nextSequence(int seq) {
        return seq == Integer.MAX_VALUE ? 0 : seq + 1;
    }

    /** Records a batch that is now in the log (leader append, follower append, or recovery replay). */
    public void update(long producerId, short epoch, BatchMetadata batch) {
        Entry e = producers.computeIfAbsent(producerId, k -> new Entry());
        if (epoch > e.epoch) {
            e.batches.clear();
        }
        if (epoch < e.epoch) {
            return; // replay of a fenced zombie's batch: it changes nothing
        }
        e.epoch = epoch;
        if (e.batches.size() == BATCHES_TO_RETAIN) {
            e.batches.pollFirst();
        }
        e.batches.addLast(batch);
        e.lastTimestampMs = Math.max(e.lastTimestampMs, batch.timestampMs());
    }

    /** The producer's latest batch, if any is retained. */
    public Optional<BatchMetadata> lastBatch(long producerId) {
        Entry e = producers.get(producerId);
        return e == null || e.batches.isEmpty() ? Optional.empty() : Optional.of(e.batches.peekLast());
    }

    /** Forgets producers idle for longer than {@code expirationMs} (Kafka's producer.id.expiration.ms). */
    public int removeExpired(long nowMs, long expirationMs) {
        int before = producers.size();
        producers.values().removeIf(e -> nowMs - e.lastTimestampMs > expirationMs);
        int removed = before - producers.size();
        if (removed > 0) {
            seenEveryBatch = false;
        }
        return removed;
    }

    /** Drops batches at or above {@code offset} (log truncation); producers left empty are forgotten. */
    public void truncateFrom(long offset) {
        producers.values().forEach(e -> e.batches.removeIf(b -> b.lastOffset() >= offset));
        if (producers.values().removeIf(e -> e.batches.isEmpty())) {
            // A forgotten producer may have been told its truncated batches were written (acks=1).
            seenEveryBatch = false;
        }
    }

    /**
     * Declares whether the state was built from every batch ever written to the log: true for a log
     * that started empty at offset 0 or was read back from offset 0; false when its oldest segments
     * are gone. Expiry and truncation that forget a producer clear it again.
     */
    public void setSeenEveryBatch(boolean seenEveryBatch) {
        this.seenEveryBatch = seenEveryBatch;
    }

    public int producerCount() {
        return producers.size();
    }

    /** Writes the state (for a snapshot beside a segment, so recovery need not replay the whole log). */
    public void writeTo(OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        data.writeInt(SNAPSHOT_VERSION);
        data.writeInt(producers.size());
        for (var p : producers.entrySet()) {
            Entry e = p.getValue();
            data.writeLong(p.getKey());
            data.writeShort(e.epoch);
            data.writeLong(e.lastTimestampMs);
            data.writeInt(e.batches.size());
            for (BatchMetadata b : e.batches) {
                data.writeInt(b.firstSeq());
                data.writeInt(b.lastSeq());
                data.writeLong(b.firstOffset());
                data.writeLong(b.lastOffset());
                data.writeLong(b.timestampMs());
            }
        }
        data.flush();
    }

    /** Replaces the state with one written by {@link #writeTo}. */
    public void readFrom(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        int version = data.readInt();
        if (version != SNAPSHOT_VERSION) {
            throw new IOException("Unknown producer-state snapshot version " + version);
        }
        producers.clear();
        int count = data.readInt();
        for (int i = 0; i < count; i++) {
            long pid = data.readLong();
            Entry e = new Entry();
            e.epoch = data.readShort();
            e.lastTimestampMs = data.readLong();
            int batches = data.readInt();
            if (batches < 0 || batches > BATCHES_TO_RETAIN) {
                throw new IOException("Corrupt producer-state snapshot: " + batches + " batches for producer " + pid);
            }
            for (int j = 0; j < batches; j++) {
                e.batches.addLast(new BatchMetadata(data.readInt(), data.readInt(), data.readLong(), data.readLong(), data.readLong()));
            }
            producers.put(pid, e);
        }
    }
}
