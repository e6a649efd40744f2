package io.tributary.metadata.record;

import java.util.List;
import org.apache.kafka.common.Uuid;

/**
 * A broker (re-)registered. {@code incarnationId} is new on every process start; {@code brokerEpoch}
 * is assigned by the controller and grows with every registration of the same broker id. Replaces any
 * earlier registration of {@code brokerId}.
 */
public record RegisterBrokerRecord(int brokerId, Uuid incarnationId, long brokerEpoch, List<Endpoint> endpoints,
                                   String rack, boolean fenced, boolean inControlledShutdown)
        implements MetadataRecord {
    public RegisterBrokerRecord {
        endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
    }
}
