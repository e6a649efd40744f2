package io.tributary.metadata.record;

/** A broker was decommissioned. */
public record UnregisterBrokerRecord(int brokerId, long brokerEpoch) implements MetadataRecord {
}
