package io.tributary.metadata.record;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/**
 * Encodes and decodes log entries.
 *
 * <p>Format (UTF-8 JSON): {@code {"v":1,"preconditions":[{"type":...,...}],"records":[{"type":...,...}]}}.
 * Unknown fields are ignored, so fields may be added in later versions without breaking older
 * readers, and older entries (missing a newer field) decode with that field's default. An entry with
 * a {@code v} newer than this code understands, or with an unknown record type, is rejected with
 * {@link MalformedEntryException}: silently skipping it would let nodes diverge. Stateless and
 * thread-safe.
 */
public final class MetadataBatchCodec {

    /** The entry format version written by this code. */
    public static final int VERSION = 1;

    private MetadataBatchCodec() {
    }

    /** Builds the Jackson (de)serializers of a cluster's first entries now rather than on those entries (see {@link MetadataJson#prepare}). */
    public static void prepare() {
        // The entries of a cluster's first second (activation, registration, unfencing, coordinator
        // shards) and of a first produce (topic, producer ids); the other types are built on first use.
        MetadataJson.prepare(MetadataBatch.class, MetadataRecord.class, Precondition.class, ApplyResult.class,
                ControllerActivationRecord.class, RegisterBrokerRecord.class, BrokerRegistrationChangeRecord.class,
                CoordinatorShardRecord.class, TopicRecord.class, PartitionRecord.class, ProducerIdsRecord.class,
                Precondition.ControllerTermIs.class, Precondition.BrokerEpochIs.class, Precondition.TopicAbsent.class,
                Precondition.NextProducerIdIs.class);
        // One round trip also builds the reader and writer an entry goes through.
        decode(encode(MetadataBatch.of(List.of(new Precondition.ControllerTermIs(0)), List.of(new ControllerActivationRecord(0)))));
        ApplyResult.decode(ApplyResult.success(0).encode());
    }

    public static byte[] encode(MetadataBatch batch) {
        try {
            return MetadataJson.mapper().writeValueAsBytes(batch);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static MetadataBatch decode(byte[] entry) {
        // Straight into the batch (every node applies every entry: no tree in between); the tree is
        // read only to explain an entry that does not decode.
        MetadataBatch batch;
        try {
            batch = MetadataJson.mapper().readValue(entry, MetadataBatch.class);
        } catch (IOException e) {
            throw new MalformedEntryException(whyUnreadable(entry).orElse("cannot decode entry: " + e.getMessage()), e);
        }
        if (batch == null) {
            throw new MalformedEntryException("entry is not a JSON object");
        }
        if (batch.v() < 1 || batch.v() > VERSION) {
            throw unsupportedVersion(batch.v());
        }
        return batch;
    }

    /** Why an entry that failed to decode is unreadable, if its shape or version says so. */
    private static Optional<String> whyUnreadable(byte[] entry) {
        try {
            JsonNode tree = MetadataJson.mapper().readTree(entry);
            if (tree == null || !tree.isObject()) {
                return Optional.of("entry is not a JSON object");
            }
            int v = tree.path("v").asInt(-1);
            return v < 1 || v > VERSION ? Optional.of(unsupportedVersion(v).getMessage()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static MalformedEntryException unsupportedVersion(int v) {
        return new MalformedEntryException("unsupported entry version " + v + " (this node reads 1.." + VERSION + ")");
    }

    /** The entry cannot be understood by this node. */
    public static final class MalformedEntryException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public MalformedEntryException(String message) {
            super(message);
        }

        public MalformedEntryException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
