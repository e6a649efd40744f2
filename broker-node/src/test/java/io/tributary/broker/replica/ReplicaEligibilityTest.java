package io.tributary.broker.replica;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.metadata.image.BrokerRegistration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;

class ReplicaEligibilityTest {
    private static final long EPOCH = 42;

    private static BrokerRegistration broker(int id, boolean fenced, boolean shuttingDown) {
        return new BrokerRegistration(id, Uuid.randomUuid(), EPOCH, List.of(), null, fenced, shuttingDown, 0);
    }

    private static ReplicaEligibility over(BrokerRegistration... brokers) {
        Map<Integer, BrokerRegistration> byId = new HashMap<>();
        for (BrokerRegistration b : brokers) {
            byId.put(b.id(), b);
        }
        return ReplicaEligibility.of(byId::get);
    }

    @Test
    void shouldAdmitFollowerWhenRegisteredUnfencedAndEpochMatches() {
        assertThat(over(broker(2, false, false)).isEligible(2, EPOCH)).isTrue();
    }

    @Test
    void shouldRefuseFollowerWhenFenced() {
        assertThat(over(broker(2, true, false)).isEligible(2, EPOCH)).isFalse();
    }

    @Test
    void shouldRefuseFollowerWhenInControlledShutdown() {
        assertThat(over(broker(2, false, true)).isEligible(2, EPOCH)).isFalse();
    }

    @Test
    void shouldRefuseFollowerWhenNotRegistered() {
        assertThat(over(broker(3, false, false)).isEligible(2, EPOCH)).isFalse();
    }

    @Test
    void shouldRefuseFollowerWhenFetchCarriesAnotherBrokerEpoch() {
        ReplicaEligibility eligibility = over(broker(2, false, false));
        assertThat(eligibility.isEligible(2, EPOCH - 1)).as("an earlier incarnation").isFalse();
        assertThat(eligibility.isEligible(2, EPOCH + 1)).as("an incarnation this image does not know yet").isFalse();
    }

    @Test
    void shouldSkipEpochCheckWhenFetchCarriesNoBrokerEpoch() {
        assertThat(over(broker(2, false, false)).isEligible(2, ReplicaEligibility.NO_BROKER_EPOCH)).isTrue();
        assertThat(over(broker(2, true, false)).isEligible(2, ReplicaEligibility.NO_BROKER_EPOCH)).isFalse();
    }

    @Test
    void shouldRefuseEveryCombinationWithAnyFaultWhenCheckedExhaustively() {
        for (boolean registered : new boolean[] {false, true}) {
            for (boolean fenced : new boolean[] {false, true}) {
                for (boolean shuttingDown : new boolean[] {false, true}) {
                    for (long fetchEpoch : new long[] {ReplicaEligibility.NO_BROKER_EPOCH, EPOCH - 1, EPOCH, EPOCH + 1}) {
                        ReplicaEligibility e = registered ? over(broker(2, fenced, shuttingDown)) : over();
                        boolean expected = registered && !fenced && !shuttingDown
                                && (fetchEpoch == ReplicaEligibility.NO_BROKER_EPOCH || fetchEpoch == EPOCH);
                        assertThat(e.isEligible(2, fetchEpoch)).as("registered=%s fenced=%s shuttingDown=%s fetchEpoch=%s",
                                registered, fenced, shuttingDown, fetchEpoch).isEqualTo(expected);
                    }
                }
            }
        }
    }
}
