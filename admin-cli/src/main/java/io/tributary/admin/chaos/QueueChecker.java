package io.tributary.admin.chaos;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Checks a {@link History} as Jepsen's queue and Kafka checkers do: every acknowledged value read
 * back, no value at two positions, no two values at one position, no duplicates in the log,
 * committed offsets never going back, and each consumer's offsets rising within one assignment.
 * Pure and stateless.
 */
public final class QueueChecker {
    private QueueChecker() {
    }

    public static List<CheckResult> check(History h) {
        return List.of(lost(h), duplicated(h), valueAtTwoOffsets(h), twoValuesAtOneOffset(h), unexpected(h),
                committedRegressed(h), consumerRegressed(h));
    }

    public static boolean passed(List<CheckResult> results) {
        return results.stream().allMatch(CheckResult::passed);
    }

    static CheckResult lost(History h) {
        Set<String> read = new HashSet<>();
        h.finalReads().forEach(r -> read.add(r.value()));
        List<String> examples = new ArrayList<>();
        long n = 0;
        for (History.Ack a : h.acks()) {
            if (!read.contains(a.value())) {
                n++;
                examples.add(a.value() + " acknowledged at " + pos(a.partition(), a.offset()) + " is not in the log");
            }
        }
        return new CheckResult("lost", "every acknowledged value is read back after the faults heal", n, examples);
    }

    static CheckResult duplicated(History h) {
        Map<String, List<String>> positions = new LinkedHashMap<>();
        for (History.Read r : h.finalReads()) {
            positions.computeIfAbsent(r.value(), v -> new ArrayList<>()).add(pos(r.partition(), r.offset()));
        }
        List<String> examples = new ArrayList<>();
        long n = 0;
        for (Map.Entry<String, List<String>> e : positions.entrySet()) {
            if (e.getValue().size() > 1) {
                n++;
                examples.add(e.getKey() + " is in the log " + e.getValue().size() + " times, at " + e.getValue());
            }
        }
        return new CheckResult("duplicated", "no value is in the log more than once (idempotent producers)", n, examples);
    }

    static CheckResult valueAtTwoOffsets(History h) {
        Map<String, Set<String>> positions = new LinkedHashMap<>();
        for (History.Ack a : h.acks()) {
            positions.computeIfAbsent(a.value(), v -> new TreeSet<>()).add(pos(a.partition(), a.offset()));
        }
        for (History.Read r : allReads(h)) {
            positions.computeIfAbsent(r.value(), v -> new TreeSet<>()).add(pos(r.partition(), r.offset()));
        }
        List<String> examples = new ArrayList<>();
        long n = 0;
        for (Map.Entry<String, Set<String>> e : positions.entrySet()) {
            if (e.getValue().size() > 1) {
                n++;
                examples.add(e.getKey() + " was seen at " + e.getValue());
            }
        }
        return new CheckResult("value-at-two-offsets", "acks and reads agree on each value's position", n, examples);
    }

    static CheckResult twoValuesAtOneOffset(History h) {
        Map<String, Set<String>> values = new TreeMap<>();
        for (History.Ack a : h.acks()) {
            values.computeIfAbsent(pos(a.partition(), a.offset()), p -> new TreeSet<>()).add(a.value());
        }
        for (History.Read r : allReads(h)) {
            values.computeIfAbsent(pos(r.partition(), r.offset()), p -> new TreeSet<>()).add(r.value());
        }
        List<String> examples = new ArrayList<>();
        long n = 0;
        for (Map.Entry<String, Set<String>> e : values.entrySet()) {
            if (e.getValue().size() > 1) {
                n++;
                examples.add(e.getKey() + " held " + e.getValue());
            }
        }
        return new CheckResult("two-values-at-one-offset", "each position holds one value for every observer", n, examples);
    }

    static CheckResult unexpected(History h) {
        List<String> examples = new ArrayList<>();
        long n = 0;
        for (History.Read r : allReads(h)) {
            if (!h.attempted().contains(r.value())) {
                n++;
                examples.add(r.consumer() + " read " + r.value() + " at " + pos(r.partition(), r.offset()) + ", which nobody sent");
            }
        }
        return new CheckResult("unexpected-value", "every value read was sent by a producer", n, examples);
    }

    static CheckResult committedRegressed(History h) {
        Map<Integer, Long> last = new HashMap<>();
        List<String> examples = new ArrayList<>();
        long n = 0;
        for (History.Commit c : h.commits()) {
            Long before = last.get(c.partition());
            if (before != null && c.offset() < before) {
                n++;
                examples.add("partition " + c.partition() + ": committed offset went from " + before + " back to " + c.offset());
            }
            last.merge(c.partition(), c.offset(), Math::max);
        }
        return new CheckResult("committed-offset-regressed", "the group's committed offsets never go back", n, examples);
    }

    static CheckResult consumerRegressed(History h) {
        record Key(String consumer, int epoch, int partition) {
        }
        Map<Key, Long> last = new HashMap<>();
        List<String> examples = new ArrayList<>();
        long n = 0;
        for (History.Read r : h.reads()) {
            Key k = new Key(r.consumer(), r.epoch(), r.partition());
            Long before = last.put(k, r.offset());
            if (before != null && r.offset() <= before) {
                n++;
                examples.add(r.consumer() + " (assignment " + r.epoch() + ") read partition " + r.partition()
                        + " offset " + r.offset() + " after offset " + before);
            }
        }
        return new CheckResult("consumer-offset-regressed",
                "within one assignment, each consumer reads each partition at rising offsets", n, examples);
    }

    private static List<History.Read> allReads(History h) {
        List<History.Read> all = new ArrayList<>(h.reads());
        all.addAll(h.finalReads());
        return all;
    }

    private static String pos(int partition, long offset) {
        return partition + "@" + offset;
    }
}
