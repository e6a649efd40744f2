package io.tributary.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Leader failover after SIGKILL under an idempotent acks=all producer with default settings (RF=3,
 * min.insync.replicas=2, three nodes that are each broker and quorum voter): produce resumes within
 * a few seconds, also when the killed leader is the active controller, and no acknowledged record
 * is lost or duplicated; after the killed node returns, every replica holds the same records at
 * the same offsets. The stall of each round is printed (the benchmark checks the target; a stall
 * above 15 s here is a bug).
 */
@Timeout(420)
class LeaderFailoverIT extends ClusterTestBase {
    private static final Set<Integer> ALL = Set.of(1, 2, 3);
    private static final long MAX_STALL_MS = 15_000;

    @Override
    protected int nodes() {
        return 3;
    }

    private void createTopic(String topic, List<Integer> replicas) throws Exception {
        admin.createTopics(List.of(new NewTopic(topic, Map.of(0, replicas)).configs(Map.of("min.insync.replicas", "2"))))
                .all().get();
        await("the ISR of " + topic + " holds all three replicas", Duration.ofSeconds(30), () -> isr(topic).equals(ALL));
    }

    /** Kills {@code victim} under load, restarts it, waits for the full ISR; returns the produce stall in ms. */
    private long killAndRestart(String topic, int victim, AckLedger ledger, BackgroundProducer producer) throws Exception {
        producer.awaitAcks(200, Duration.ofSeconds(30));
        long killedNs = System.nanoTime();
        cluster.kill(victim);
        producer.awaitAcks(200, Duration.ofSeconds(60));
        long stallMs = ledger.longestAckGapMs(killedNs, System.nanoTime());
        assertThat(describePartition0(topic).leader().id()).isNotEqualTo(victim);
        cluster.restart(victim);
        await(victim + " rejoins the ISR of " + topic, Duration.ofSeconds(60), () -> isr(topic).equals(ALL));
        return stallMs;
    }

    private void assertNoLossNoDuplicateAndReplicasIdentical(String topic, AckLedger ledger) throws Exception {
        assertThat(ledger.errors()).as("errors the producer saw").isEmpty();
        ReplicaLogs.assertNoLossNoDuplicateOnAllReplicas(cluster, new TopicPartition(topic, 0), ledger);
    }

    @Test
    void shouldResumeProduceAndLoseNothingWhenLeaderIsKilledRoundAfterRound() throws Exception {
        String topic = "bounce";
        createTopic(topic, List.of(1, 2, 3));
        AckLedger ledger = new AckLedger();
        List<Long> stalls = new ArrayList<>();
        try (BackgroundProducer producer = new BackgroundProducer(cluster, topic, "b", ledger)) {
            for (int round = 1; round <= 3; round++) {
                int leader = describePartition0(topic).leader().id();
                int controller = admin.describeCluster().controller().get().id();
                long stallMs = killAndRestart(topic, leader, ledger, producer);
                System.out.printf("LEADER-FAILOVER-IT round %d: SIGKILL of leader %d (controller: %s): produce stall %d ms%n",
                        round, leader, leader == controller, stallMs);
                stalls.add(stallMs);
            }
            producer.awaitAcks(100, Duration.ofSeconds(30));
        }
        assertThat(stalls).allSatisfy(ms -> assertThat(ms).isLessThan(MAX_STALL_MS));
        assertNoLossNoDuplicateAndReplicasIdentical(topic, ledger);
    }

    @Test
    void shouldResumeProduceAndLoseNothingWhenKilledLeaderIsTheActiveController() throws Exception {
        int controller = admin.describeCluster().controller().get().id();
        String topic = "bounce-controller";
        List<Integer> replicas = new ArrayList<>(List.of(controller));
        IntStream.rangeClosed(1, 3).filter(id -> id != controller).forEach(replicas::add);
        createTopic(topic, replicas);
        assertThat(describePartition0(topic).leader().id()).isEqualTo(controller);
        AckLedger ledger = new AckLedger();
        try (BackgroundProducer producer = new BackgroundProducer(cluster, topic, "c", ledger)) {
            long stallMs = killAndRestart(topic, controller, ledger, producer);
            System.out.printf("LEADER-FAILOVER-IT SIGKILL of leader %d, the active controller: produce stall %d ms%n",
                    controller, stallMs);
            assertThat(stallMs).isLessThan(MAX_STALL_MS);
            producer.awaitAcks(100, Duration.ofSeconds(30));
        }
        assertThat(admin.describeCluster().controller().get().id()).isNotNegative();
        assertNoLossNoDuplicateAndReplicasIdentical(topic, ledger);
    }
}
