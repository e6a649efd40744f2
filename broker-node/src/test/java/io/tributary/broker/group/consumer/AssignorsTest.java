package io.tributary.broker.group.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;

/** The uniform and range assignors: every subscribed partition exactly once, balance, stickiness. */
class AssignorsTest {
    private static final Uuid A = new Uuid(0, 1);
    private static final Uuid B = new Uuid(0, 2);

    private static PartitionAssignor.AssignmentSpec spec(Map<Uuid, Integer> counts, Map<String, Set<Uuid>> subs,
                                                         Map<String, Map<Uuid, Set<Integer>>> current) {
        TreeMap<String, PartitionAssignor.MemberSpec> members = new TreeMap<>();
        subs.forEach((m, s) -> members.put(m, new PartitionAssignor.MemberSpec(s, current.getOrDefault(m, Partitions.NONE))));
        return new PartitionAssignor.AssignmentSpec(members, counts);
    }

    private static Map<String, Set<Uuid>> homogeneous(int members, Uuid... topics) {
        Map<String, Set<Uuid>> subs = new HashMap<>();
        for (int i = 0; i < members; i++) {
            subs.put(String.format("m%02d", i), Set.of(topics));
        }
        return subs;
    }

    /** Every partition of a subscribed topic goes to exactly one member, which subscribes to it. */
    private static void assertComplete(PartitionAssignor.AssignmentSpec spec, Map<String, Map<Uuid, Set<Integer>>> result) {
        assertThat(result.keySet()).isEqualTo(spec.members().keySet());
        Map<String, Integer> owners = new HashMap<>();
        result.forEach((m, a) -> a.forEach((t, ps) -> ps.forEach(p -> {
            assertThat(spec.members().get(m).subscribedTopics()).contains(t);
            assertThat(owners.put(t + "-" + p, 1)).as("partition %s-%s assigned twice", t, p).isNull();
        })));
        int expected = 0;
        for (Map.Entry<Uuid, Integer> e : spec.partitionCounts().entrySet()) {
            boolean subscribed = spec.members().values().stream().anyMatch(s -> s.subscribedTopics().contains(e.getKey()));
            expected += subscribed ? e.getValue() : 0;
        }
        assertThat(owners).hasSize(expected);
    }

    private static int spread(Map<String, Map<Uuid, Set<Integer>>> result) {
        int max = result.values().stream().mapToInt(Partitions::size).max().orElse(0);
        int min = result.values().stream().mapToInt(Partitions::size).min().orElse(0);
        return max - min;
    }

    @Test
    void shouldBalanceHomogeneousSubscriptionsWithinOne() {
        for (int members = 1; members <= 12; members++) {
            for (int partitions = 0; partitions <= 20; partitions++) {
                PartitionAssignor.AssignmentSpec s = spec(Map.of(A, partitions, B, 3), homogeneous(members, A, B), Map.of());
                Map<String, Map<Uuid, Set<Integer>>> r = new UniformAssignor().assign(s);
                assertComplete(s, r);
                assertThat(spread(r)).as("%d members, %d partitions", members, partitions).isLessThanOrEqualTo(1);
            }
        }
    }

    @Test
    void shouldMoveOnlyWhatTheNewMemberNeedsWhenOneJoins() {
        Map<String, Set<Uuid>> subs = homogeneous(3, A);
        PartitionAssignor.AssignmentSpec first = spec(Map.of(A, 12), subs, Map.of());
        Map<String, Map<Uuid, Set<Integer>>> before = new UniformAssignor().assign(first);
        subs.put("m99", Set.of(A));
        PartitionAssignor.AssignmentSpec second = spec(Map.of(A, 12), subs, before);
        Map<String, Map<Uuid, Set<Integer>>> after = new UniformAssignor().assign(second);
        assertComplete(second, after);
        assertThat(spread(after)).isZero();
        int moved = 0;
        for (String m : before.keySet()) {
            moved += Partitions.size(Partitions.minus(before.get(m), after.get(m)));
        }
        assertThat(moved).isEqualTo(3); // exactly the new member's share
        before.forEach((m, a) -> assertThat(Partitions.minus(after.get(m), a)).as("nothing new for old members").isEmpty());
    }

    @Test
    void shouldKeepSurvivorsPartitionsWhenOneLeaves() {
        Map<String, Set<Uuid>> subs = homogeneous(4, A);
        Map<String, Map<Uuid, Set<Integer>>> before = new UniformAssignor().assign(spec(Map.of(A, 8), subs, Map.of()));
        subs.remove("m03");
        Map<String, Map<Uuid, Set<Integer>>> after = new UniformAssignor().assign(spec(Map.of(A, 8), subs, before));
        subs.keySet().forEach(m -> assertThat(Partitions.minus(before.get(m), after.get(m))).as("kept by %s", m).isEmpty());
        assertThat(spread(after)).isLessThanOrEqualTo(1);
    }

    @Test
    void shouldAssignHeterogeneousSubscriptionsOnlyToSubscribersAndBalanceWhatCanBeBalanced() {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            Map<String, Set<Uuid>> subs = new HashMap<>();
            int members = 1 + random.nextInt(8);
            for (int i = 0; i < members; i++) {
                Set<Uuid> s = new HashSet<>();
                if (random.nextBoolean()) {
                    s.add(A);
                }
                if (random.nextBoolean() || s.isEmpty()) {
                    s.add(B);
                }
                subs.put("m" + i, s);
            }
            PartitionAssignor.AssignmentSpec s = spec(Map.of(A, random.nextInt(10), B, random.nextInt(10)), subs, Map.of());
            Map<String, Map<Uuid, Set<Integer>>> r = new UniformAssignor().assign(s);
            assertComplete(s, r);
            // Members subscribed to both topics differ by at most one.
            List<Integer> both = subs.entrySet().stream().filter(e -> e.getValue().size() == 2)
                    .map(e -> Partitions.size(r.get(e.getKey()))).toList();
            if (!both.isEmpty()) {
                assertThat(both.stream().mapToInt(i -> i).max().getAsInt() - both.stream().mapToInt(i -> i).min().getAsInt())
                        .isLessThanOrEqualTo(1);
            }
            // Sticky: assigning again from the result changes nothing.
            assertThat(new UniformAssignor().assign(spec(s.partitionCounts(), subs, r))).isEqualTo(r);
        }
    }

    @Test
    void shouldGiveRangesInMemberOrderWithExtraPartitionsFirst() {
        PartitionAssignor.AssignmentSpec s = spec(Map.of(A, 7, B, 2), homogeneous(3, A, B), Map.of());
        Map<String, Map<Uuid, Set<Integer>>> r = new RangeAssignor().assign(s);
        assertComplete(s, r);
        assertThat(r.get("m00")).isEqualTo(Map.of(A, Set.of(0, 1, 2), B, Set.of(0)));
        assertThat(r.get("m01")).isEqualTo(Map.of(A, Set.of(3, 4), B, Set.of(1)));
        assertThat(r.get("m02")).isEqualTo(Map.of(A, Set.of(5, 6)));
    }

    @Test
    void shouldGiveRangeOnlyToSubscribers() {
        Map<String, Set<Uuid>> subs = Map.of("a", Set.of(A), "b", Set.of(A, B), "c", Set.of(B));
        PartitionAssignor.AssignmentSpec s = spec(Map.of(A, 4, B, 4), subs, Map.of());
        Map<String, Map<Uuid, Set<Integer>>> r = new RangeAssignor().assign(s);
        assertComplete(s, r);
        assertThat(r.get("a")).isEqualTo(Map.of(A, Set.of(0, 1)));
        assertThat(r.get("b")).isEqualTo(Map.of(A, Set.of(2, 3), B, Set.of(0, 1)));
        assertThat(r.get("c")).isEqualTo(Map.of(B, Set.of(2, 3)));
    }

    @Test
    void shouldReadAssignorNamesAndKafkaClassNames() {
        assertThat(ConsumerGroupConfig.assignorName("uniform")).isEqualTo("uniform");
        assertThat(ConsumerGroupConfig.assignorName("org.apache.kafka.coordinator.group.assignor.RangeAssignor")).isEqualTo("range");
        assertThat(ConsumerGroupConfig.from(Map.of(ConsumerGroupConfig.ASSIGNORS, "range, uniform"),
                (p, k, d, min) -> d).defaultAssignor()).isEqualTo("range");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ConsumerGroupConfig.from(
                Map.of(ConsumerGroupConfig.ASSIGNORS, "sticky"), (p, k, d, min) -> d))
                .hasMessageContaining(ConsumerGroupConfig.ASSIGNORS).hasMessageContaining("sticky");
    }
}
