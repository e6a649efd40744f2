package io.tributary.metadata.record;

/** Fences/unfences a broker or moves it into or out of controlled shutdown (null = unchanged). */
public record BrokerRegistrationChangeRecord(int brokerId, long brokerEpoch, Boolean fenced,
                                             Boolean inControlledShutdown) implements MetadataRecord {
}
