package io.tributary.log;

/**
 * Why an append was rejected. Each constant maps one-to-one to the Kafka error code of the same
 * name, so the broker's single error mapper needs no log-engine knowledge beyond this enum.
 */
public enum LogError {
    /** A batch failed its CRC, has an unknown magic, or its sizes are inconsistent. */
    CORRUPT_MESSAGE,
    /** A batch is well formed but breaks a rule (no records, offsets not contiguous or not at the log end). */
    INVALID_RECORD,
    /** One batch is larger than {@code max.message.bytes}. */
    MESSAGE_TOO_LARGE,
    /** The whole request is larger than a segment can hold ({@code segment.bytes}). */
    RECORD_LIST_TOO_LARGE,
    /** The disk failed under us; the log should be taken offline. */
    KAFKA_STORAGE_ERROR,
    /** An idempotent batch whose sequence does not follow its producer's last one. */
    OUT_OF_ORDER_SEQUENCE_NUMBER,
    /** An idempotent batch from a producer epoch older than one already written (a zombie). */
    INVALID_PRODUCER_EPOCH
}
