package io.tributary.metadata.image;

import io.tributary.metadata.record.Endpoint;
import java.util.List;
import org.apache.kafka.common.Uuid;

/**
 * A registered broker. {@code registeredOffset} is the log index of its latest registration: the
 * broker counts as caught up once it has applied that far.
 */
public record BrokerRegistration(int id, Uuid incarnationId, long epoch, List<Endpoint> endpoints, String rack,
                                 boolean fenced, boolean inControlledShutdown, long registeredOffset) {
    public BrokerRegistration {
        endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
    }

    /** May lead partitions and join ISRs: unfenced and not shutting down. */
    public boolean isActive() {
        return !fenced && !inControlledShutdown;
    }
}
