package io.tributary.metadata.record;

/**
 * A block of producer ids was handed to {@code brokerId}; {@code nextProducerId} is the first id of
 * the next block (so the block given out ends just before it).
 */
public record ProducerIdsRecord(int brokerId, long brokerEpoch, long nextProducerId) implements MetadataRecord {
}
