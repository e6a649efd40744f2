package io.tributary.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.clients.producer.Callback;

/**
 * What a producer was told: the values acknowledged (with when), and the errors. The oracle of the
 * failure tests: after the faults, every acknowledged value must be read back exactly once, and no
 * value may appear twice. Thread-safe (producer callbacks run on the client's I/O thread).
 */
final class AckLedger {
    private final Set<String> acked = ConcurrentHashMap.newKeySet();
    private final ConcurrentLinkedQueue<Long> ackTimesNs = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Exception> errors = new ConcurrentLinkedQueue<>();

    /** The producer callback for {@code value}. */
    Callback callbackFor(String value) {
        return (metadata, e) -> {
            if (e == null) {
                acked.add(value);
                ackTimesNs.add(System.nanoTime());
            } else {
                errors.add(e);
            }
        };
    }

    Set<String> acked() {
        return Set.copyOf(acked);
    }

    List<Exception> errors() {
        return List.copyOf(errors);
    }

    /**
     * The produce stall a fault at {@code faultNs} caused: the longest gap between acknowledgements
     * in [faultNs, untilNs] (counting from the fault itself), in ms.
     */
    long longestAckGapMs(long faultNs, long untilNs) {
        long last = faultNs;
        long longest = 0;
        for (long t : new TreeSet<>(ackTimesNs)) {
            if (t >= faultNs && t <= untilNs) {
                longest = Math.max(longest, t - last);
                last = t;
            }
        }
        return longest / 1_000_000;
    }

    /** Every acknowledged value is in {@code log} exactly once, and no value is there twice. */
    void assertReadBackExactlyOnce(Map<Long, String> log) {
        Map<String, Integer> seen = new HashMap<>();
        log.values().forEach(v -> seen.merge(v, 1, Integer::sum));
        List<String> lost = new ArrayList<>();
        for (String v : acked) {
            if (!seen.containsKey(v)) {
                lost.add(v);
            }
        }
        assertThat(lost).as("acknowledged records missing from the log").isEmpty();
        assertThat(seen.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList())
                .as("records in the log more than once").isEmpty();
    }
}
