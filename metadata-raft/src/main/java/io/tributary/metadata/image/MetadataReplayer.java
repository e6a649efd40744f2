package io.tributary.metadata.image;

import io.tributary.metadata.quorum.ReplicatedState;
import io.tributary.metadata.record.ApplyResult;
import io.tributary.metadata.record.MetadataBatch;
import io.tributary.metadata.record.MetadataBatchCodec;
import io.tributary.metadata.record.MetadataRecord;
import io.tributary.metadata.record.Precondition;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metadata state machine's logic: turns committed entries into immutable {@link MetadataImage}s.
 *
 * <p>Per entry: decode, re-check the batch's {@link Precondition}s against the current image, replay
 * the records into a {@link MetadataDelta}, publish the new image. A failed precondition, or a record
 * that does not fit the state, makes the whole batch a no-op (the offset still advances) and the reply
 * carries the Kafka error; both outcomes are the same on every node. An entry this node cannot decode
 * (newer format, unknown record type) is fatal: skipping it would silently diverge.
 *
 * <p>Threading: {@link #apply}, {@link #loadSnapshot} and {@link #writeSnapshot} are confined to the
 * quorum's apply thread; {@link #image()} may be called from any thread. Listeners are called on one
 * publisher thread so that apply stays fast.
 */
public final class MetadataReplayer implements ReplicatedState, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MetadataReplayer.class);

    private final AtomicReference<MetadataImage> current = new AtomicReference<>(MetadataImage.EMPTY);
    private final CopyOnWriteArrayList<MetadataListener> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService publisher;
    /** Latest image handed to listeners; confined to the publisher thread. */
    private MetadataImage lastPublished = MetadataImage.EMPTY;
    /** Latest image every listener has been given (and returned from); see {@link #publishedImage()}. */
    private volatile MetadataImage published = MetadataImage.EMPTY;

    /** A replayer with its own daemon publisher thread. */
    public MetadataReplayer() {
        this(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "metadata-publisher");
            t.setDaemon(true);
            return t;
        }));
    }

    /** A replayer publishing on {@code publisher}, which must run tasks one at a time in order. */
    public MetadataReplayer(ExecutorService publisher) {
        this.publisher = publisher;
    }

    /** The latest image; never null. */
    public MetadataImage image() {
        return current.get();
    }

    /**
     * The latest image all listeners have acted on; never null, at or behind {@link #image()}. What a
     * broker tells clients about partition leaders must come from here: a client told of a leadership
     * before the broker's replica manager took it sends its first writes too early, they bounce, and
     * later ones it had in flight land first — an idempotent producer's batches out of order.
     */
    public MetadataImage publishedImage() {
        return published;
    }

    /** Subscribes; the listener first gets {@link MetadataListener#onSubscribed}, then every later image. */
    public void register(MetadataListener listener) {
        publisher.execute(() -> {
            listeners.add(listener);
            listener.onSubscribed(lastPublished);
        });
    }

    /**
     * Unsubscribes; completes once the listener is out, after any image already being published to
     * it, so the caller may then close what the listener writes to.
     */
    public CompletableFuture<Void> unregister(MetadataListener listener) {
        CompletableFuture<Void> removed = new CompletableFuture<>();
        try {
            publisher.execute(() -> {
                listeners.remove(listener);
                removed.complete(null);
            });
        } catch (RejectedExecutionException e) {
            removed.complete(null); // closed: nothing is published any more
        }
        return removed;
    }

    @Override
    public byte[] apply(long index, byte[] entry) {
        MetadataImage base = current.get();
        if (index <= base.offset()) {
            throw new IllegalStateException("entry " + index + " applied after " + base.offset());
        }
        MetadataBatch batch;
        try {
            batch = MetadataBatchCodec.decode(entry);
        } catch (MetadataBatchCodec.MalformedEntryException e) {
            throw new IllegalStateException("cannot apply entry " + index + ": " + e.getMessage(), e);
        }
        ApplyResult result = applyBatch(index, base, batch);
        return result.encode();
    }

    /** Applies an already decoded batch; the same as {@link #apply} minus the wire format. */
    public ApplyResult applyBatch(long index, MetadataImage base, MetadataBatch batch) {
        Preconditions.Failure failed = Preconditions.firstFailure(base, batch.preconditions());
        if (failed != null) {
            publish(base, base.withOffset(index), new MetadataDelta(base, index));
            return ApplyResult.failure(failed.error(), failed.message(), index);
        }
        MetadataDelta delta = new MetadataDelta(base, index);
        try {
            for (MetadataRecord r : batch.records()) {
                delta.replay(r);
            }
        } catch (InvalidRecordException e) {
            // A controller bug or a race its preconditions missed: reject the batch on every node alike.
            LOG.warn("Rejected metadata entry {}: {}", index, e.getMessage());
            publish(base, base.withOffset(index), new MetadataDelta(base, index));
            return ApplyResult.failure(Errors.INVALID_REQUEST, e.getMessage(), index);
        }
        publish(base, delta.apply(), delta);
        return ApplyResult.success(index);
    }

    private void publish(MetadataImage oldImage, MetadataImage newImage, MetadataDelta delta) {
        current.set(newImage);
        if (publisher.isShutdown()) {
            return;
        }
        publisher.execute(() -> {
            lastPublished = newImage;
            for (MetadataListener l : listeners) {
                try {
                    l.onImage(oldImage, newImage, delta);
                } catch (RuntimeException e) {
                    LOG.error("Metadata listener {} failed at offset {}", l, newImage.offset(), e);
                }
            }
            published = newImage;
        });
    }

    @Override
    public void writeSnapshot(OutputStream out) throws IOException {
        MetadataSnapshot.write(current.get(), out);
    }

    @Override
    public void loadSnapshot(InputStream in) throws IOException {
        MetadataImage oldImage = current.get();
        MetadataImage loaded = MetadataSnapshot.read(in);
        publish(oldImage, loaded, MetadataDelta.fullReload(oldImage, loaded));
    }

    @Override
    public void close() {
        publisher.shutdown();
        try {
            publisher.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Re-checks preconditions against an image. Pure. */
    static final class Preconditions {
        private Preconditions() {
        }

        record Failure(Errors error, String message) {
        }

        /** Null when all hold, else the error of the first that fails. */
        static Failure firstFailure(MetadataImage image, List<Precondition> preconditions) {
            for (Precondition p : preconditions) {
                String why = check(image, p);
                if (why != null) {
                    return new Failure(Errors.valueOf(p.errorName()), why);
                }
            }
            return null;
        }

        private static String check(MetadataImage image, Precondition p) {
            if (p instanceof Precondition.PartitionEpochIs c) {
                PartitionRegistration part = image.partition(c.topicId(), c.partitionId());
                return part != null && part.partitionEpoch() == c.partitionEpoch() ? null
                        : "partition " + c.topicId() + "-" + c.partitionId() + " is not at epoch " + c.partitionEpoch();
            } else if (p instanceof Precondition.BrokerEpochIs c) {
                BrokerRegistration b = image.broker(c.brokerId());
                long epoch = b == null ? -1L : b.epoch();
                return epoch == c.brokerEpoch() ? null : "broker " + c.brokerId() + " has epoch " + epoch;
            } else if (p instanceof Precondition.TopicAbsent c) {
                return image.topic(c.name()).isEmpty() ? null : "topic " + c.name() + " already exists";
            } else if (p instanceof Precondition.TopicPresent c) {
                return image.topic(c.topicId()).isPresent() ? null : "topic id " + c.topicId() + " does not exist";
            } else if (p instanceof Precondition.PartitionCountIs c) {
                int count = image.topic(c.topicId()).map(t -> t.partitions().size()).orElse(-1);
                return count == c.count() ? null : "topic " + c.topicId() + " has " + count + " partitions";
            } else if (p instanceof Precondition.CoordinatorEpochIs c) {
                CoordinatorShard s = image.coordinatorShards().get(c.shardId());
                int epoch = s == null ? -1 : s.epoch();
                return epoch == c.epoch() ? null : "coordinator shard " + c.shardId() + " is at epoch " + epoch;
            } else if (p instanceof Precondition.ControllerTermIs c) {
                return image.controllerTerm() == c.term() ? null
                        : "controller of term " + c.term() + " was superseded (latest term " + image.controllerTerm() + ")";
            } else if (p instanceof Precondition.NextProducerIdIs c) {
                return image.nextProducerId() == c.nextProducerId() ? null
                        : "next producer id is " + image.nextProducerId();
            }
            throw new IllegalStateException("unknown precondition " + p);
        }
    }
}
