package io.tributary.broker.replica;

import io.tributary.metadata.image.BrokerRegistration;
import java.util.function.IntFunction;

/**
 * Whether a follower may join the ISR, as the leader sees it in its metadata image before proposing
 * an expansion (Kafka's {@code Partition.isReplicaIsrEligible}): the broker must be registered,
 * unfenced and not in controlled shutdown (KIP-841), and — when its fetch carried a broker epoch —
 * that epoch must be the registered one (KIP-903: a fetch from an earlier incarnation of the broker,
 * which may have lost unflushed data, must not vouch for the new one).
 *
 * <p>The controller checks the same again (INELIGIBLE_REPLICA); checking first keeps the leader from
 * proposing, every tick, what the controller can only refuse, and keeps such a replica out of the
 * maximal ISR that holds the high watermark back while a proposal is in flight.
 */
@FunctionalInterface
public interface ReplicaEligibility {
    /** A fetch that carried no broker epoch (a pre-KIP-903 version, or a follower not yet registered). */
    long NO_BROKER_EPOCH = -1L;

    /** Every follower is eligible (tests that do not model broker registrations). */
    ReplicaEligibility ANY = (brokerId, fetchBrokerEpoch) -> true;

    /**
     * @param brokerId the follower
     * @param fetchBrokerEpoch the broker epoch its latest fetch carried, or {@link #NO_BROKER_EPOCH}
     */
    boolean isEligible(int brokerId, long fetchBrokerEpoch);

    /** The rule above over the registrations one metadata image holds ({@code MetadataImage::broker}). */
    static ReplicaEligibility of(IntFunction<BrokerRegistration> registrations) {
        return (brokerId, fetchBrokerEpoch) -> {
            BrokerRegistration b = registrations.apply(brokerId);
            return b != null && b.isActive() && (fetchBrokerEpoch < 0 || fetchBrokerEpoch == b.epoch());
        };
    }
}
