package io.tributary.metadata.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.metadata.controller.rpc.ControllerRequest;
import io.tributary.metadata.controller.rpc.ControllerResponse;
import io.tributary.metadata.image.PartitionRegistration;
import java.util.List;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Which silent (or reported) brokers the controller probes and when, and what a probe's answer means: only a
 * refused connection (nothing listens: the process is gone) fences before the session timeout.
 * Manual clock, no sockets.
 */
class LivenessProbeTest {

    private final ControllerTestContext ctx = new ControllerTestContext(ControllerConfig.of(
            ControllerConfig.OFFSETS_TOPIC_NUM_PARTITIONS, 4, ControllerConfig.AUTO_LEADER_REBALANCE_ENABLE, false));
    private final long intervalMs = ctx.config.heartbeatIntervalMs();

    @AfterEach
    void close() {
        ctx.close();
    }

    /** Brokers 2 and 3 heartbeat every interval for {@code intervals} intervals; broker 1 stays silent. */
    private void onlyTwoAndThreeHeartbeat(int intervals) {
        for (int i = 0; i < intervals; i++) {
            ctx.advance(intervalMs);
            ctx.heartbeat(2);
            ctx.heartbeat(3);
        }
    }

    private static List<Integer> ids(List<LivenessProbe> probes) {
        return probes.stream().map(LivenessProbe::brokerId).toList();
    }

    @Test
    void shouldProbeNoBrokerWhenAllHeartbeat() {
        ctx.startBrokers(1, 2, 3);
        for (int i = 0; i < 10; i++) {
            ctx.advance(intervalMs);
            ctx.heartbeat(1);
            ctx.heartbeat(2);
            ctx.heartbeat(3);

            assertThat(ctx.livenessProbes()).isEmpty();
        }
    }

    @Test
    void shouldProbeBrokerAtItsAdvertisedAddressWhenSilentForMoreThanTwoIntervals() {
        ctx.startBrokers(1, 2, 3);
        onlyTwoAndThreeHeartbeat(2);
        assertThat(ctx.livenessProbes()).as("two intervals of silence are normal jitter").isEmpty();

        ctx.advance(1);
        List<LivenessProbe> probes = ctx.livenessProbes();

        assertThat(ids(probes)).containsExactly(1);
        assertThat(probes.get(0).host()).isEqualTo("localhost");
        assertThat(probes.get(0).port()).isEqualTo(9001);
        assertThat(probes.get(0).brokerEpoch()).isEqualTo(ctx.image().broker(1).epoch());
    }

    @Test
    void shouldFenceBrokerAndMoveItsLeadershipsAtOnceWhenProbeIsRefused() {
        ctx.startBrokers(1, 2, 3);
        ctx.createTopic("t", 3, 3);
        Uuid t = ctx.topicId("t");
        onlyTwoAndThreeHeartbeat(3);
        LivenessProbe probe = ctx.livenessProbes().get(0);

        assertThat(ctx.answerProbe(probe, LivenessProbe.Outcome.REFUSED)).isTrue();
        ctx.advance(intervalMs);
        LivenessProbe second = ctx.livenessProbes().get(0); // started before the fence was written
        assertThat(ctx.answerProbe(second, LivenessProbe.Outcome.REFUSED)).as("already found dead").isFalse();
        ctx.tick();

        assertThat(ctx.nowMs() - probe.startedMs()).isLessThan(ctx.config.sessionTimeoutMs());
        assertThat(ctx.image().broker(1).fenced()).isTrue();
        assertThat(ctx.image().broker(2).fenced()).isFalse();
        for (PartitionRegistration p : ctx.image().topic(t).orElseThrow().partitions().values()) {
            assertThat(p.leader()).isNotEqualTo(1).isNotNegative();
            assertThat(p.isr()).doesNotContain(1);
        }
    }

    @Test
    void shouldKeepTheLeaderWhenTheOtherTwoReplicasAreFoundDeadOneAfterTheOther() {
        ctx.startBrokers(1, 2, 3, 4, 5);
        ctx.createTopic(new ControllerRequest.CreatableTopic("t", -1, (short) -1, java.util.Map.of(0, List.of(1, 2, 3)),
                java.util.Map.of("min.insync.replicas", "2")));
        Uuid t = ctx.topicId("t");
        for (int silentFor = 0; silentFor < 3; silentFor++) {
            ctx.advance(intervalMs);
            for (int b : new int[] {1, 4, 5}) {
                ctx.heartbeat(b);
            }
        }
        List<LivenessProbe> probes = ctx.livenessProbes();
        assertThat(ids(probes)).containsExactlyInAnyOrder(2, 3);

        for (LivenessProbe probe : probes) {
            assertThat(ctx.answerProbe(probe, LivenessProbe.Outcome.REFUSED)).isTrue();
            ctx.tick();
        }
        ctx.tickUntilQuiet();

        PartitionRegistration p = ctx.image().partition(t, 0);
        assertThat(p.leader()).isEqualTo(1);
        assertThat(p.isr()).containsExactly(1);
    }

    @Test
    void shouldKeepSessionTimeoutWhenProbeIsAcceptedAsByAPausedProcess() {
        ctx.startBrokers(1, 2, 3);
        onlyTwoAndThreeHeartbeat(3);
        LivenessProbe probe = ctx.livenessProbes().get(0);

        assertThat(ctx.answerProbe(probe, LivenessProbe.Outcome.ACCEPTED)).isFalse();
        ctx.tick();
        assertThat(ctx.image().broker(1).fenced()).isFalse();

        long remaining = ctx.config.sessionTimeoutMs() - 3 * intervalMs;
        onlyTwoAndThreeHeartbeat((int) (remaining / intervalMs));
        ctx.advance(remaining % intervalMs + 1);
        ctx.tick();
        assertThat(ctx.image().broker(1).fenced()).as("fenced by the session timeout").isTrue();
    }

    @Test
    void shouldNotFenceWhenProbeGetsNoAnswerAsFromAnIsolatedBroker() {
        ctx.startBrokers(1, 2, 3);
        onlyTwoAndThreeHeartbeat(3);

        ctx.answerProbe(ctx.livenessProbes().get(0), LivenessProbe.Outcome.NO_ANSWER);
        ctx.tick();

        assertThat(ctx.image().broker(1).fenced()).isFalse();
    }

    @Test
    void shouldIgnoreRefusalWhenBrokerContactedControllerAfterProbeStarted() {
        ctx.startBrokers(1, 2, 3);
        onlyTwoAndThreeHeartbeat(3);
        LivenessProbe probe = ctx.livenessProbes().get(0);
        ctx.advance(1);
        ctx.heartbeat(1); // e.g. its listener was restarting while the process lived

        assertThat(ctx.answerProbe(probe, LivenessProbe.Outcome.REFUSED)).isFalse();
        ctx.tick();

        assertThat(ctx.image().broker(1).fenced()).isFalse();
    }

    @Test
    void shouldIgnoreRefusalWhenBrokerRegisteredAgainSinceProbeStarted() {
        ctx.startBrokers(1, 2, 3);
        onlyTwoAndThreeHeartbeat(3);
        LivenessProbe probe = ctx.livenessProbes().get(0);
        ctx.advance(ctx.config.sessionTimeoutMs());
        ctx.heartbeat(2);
        ctx.heartbeat(3);
        ctx.tick(); // fenced by its session
        ctx.startBrokers(1); // a new incarnation, unfenced

        assertThat(ctx.answerProbe(probe, LivenessProbe.Outcome.REFUSED)).isFalse();
        ctx.tick();

        assertThat(ctx.image().broker(1).fenced()).isFalse();
    }

    @Test
    void shouldKeepOneProbeInFlightAndReprobeAtMostOncePerInterval() {
        ctx.startBrokers(1, 2, 3);
        onlyTwoAndThreeHeartbeat(3);
        LivenessProbe first = ctx.livenessProbes().get(0);
        ctx.advance(intervalMs);
        assertThat(ctx.livenessProbes()).as("the first is still in flight").isEmpty();

        ctx.answerProbe(first, LivenessProbe.Outcome.ACCEPTED);
        assertThat(ids(ctx.livenessProbes())).as("one interval after the first started").containsExactly(1);
    }

    @Test
    void shouldReprobeNoSoonerThanOneIntervalAfterTheLastProbe() {
        ctx.startBrokers(1, 2, 3);
        onlyTwoAndThreeHeartbeat(3);
        ctx.answerProbe(ctx.livenessProbes().get(0), LivenessProbe.Outcome.NO_ANSWER);

        ctx.advance(intervalMs - 1);
        assertThat(ctx.livenessProbes()).isEmpty();
        ctx.advance(1);
        assertThat(ids(ctx.livenessProbes())).containsExactly(1);
    }

    @Test
    void shouldProbeBrokersNotHeardFromRightAfterFailoverAndFenceTheDeadOne() {
        ctx.startBrokers(1, 2, 3);
        ctx.createTopic("t", 3, 3);
        ctx.failover(); // node 1 (controller and broker) died; a new controller starts fresh sessions
        ctx.advance(10);
        ctx.heartbeat(2);
        ctx.heartbeat(3);

        List<LivenessProbe> probes = ctx.livenessProbes();
        assertThat(ids(probes)).containsExactly(1);
        ctx.answerProbe(probes.get(0), LivenessProbe.Outcome.REFUSED);
        ctx.tick();

        assertThat(ctx.image().broker(1).fenced()).isTrue();
        assertThat(ctx.image().topic(ctx.topicId("t")).orElseThrow().partitions().values())
                .allSatisfy(p -> assertThat(p.leader()).isIn(2, 3));
    }

    @Test
    void shouldProbeReportedBrokerAtOnceThoughItHeartbeatMomentsAgo() {
        ctx.startBrokers(1, 2, 3);
        ctx.advance(intervalMs);
        ctx.heartbeat(1);
        ctx.heartbeat(2);
        ctx.heartbeat(3);
        ctx.advance(5);

        ControllerResponse.ReportUnreachableBroker r = ctx.send(new ControllerRequest.ReportUnreachableBroker(2, 1));
        List<LivenessProbe> probes = ctx.livenessProbes();

        assertThat(r.error()).isEqualTo(Errors.NONE);
        assertThat(ids(probes)).containsExactly(1);
        ctx.answerProbe(probes.get(0), LivenessProbe.Outcome.REFUSED);
        ctx.tick();
        assertThat(ctx.image().broker(1).fenced()).isTrue();
    }

    @Test
    void shouldNotFenceReportedBrokerWhenItsListenerStillAccepts() {
        ctx.startBrokers(1, 2, 3);
        ctx.send(new ControllerRequest.ReportUnreachableBroker(2, 1)); // e.g. a network blip on one link

        ctx.answerProbe(ctx.livenessProbes().get(0), LivenessProbe.Outcome.ACCEPTED);
        ctx.tick();

        assertThat(ctx.image().broker(1).fenced()).isFalse();
        assertThat(ctx.livenessProbes()).as("the report was consumed; broker 1 is not silent").isEmpty();
    }

    @Test
    void shouldNotProbeFencedBrokers() {
        ctx.startBrokers(1, 2, 3);
        onlyTwoAndThreeHeartbeat(3);
        ctx.answerProbe(ctx.livenessProbes().get(0), LivenessProbe.Outcome.REFUSED);
        ctx.tick();
        onlyTwoAndThreeHeartbeat(5);

        assertThat(ctx.livenessProbes()).isEmpty();
    }

    @Test
    void shouldNotProbeWhenProbingIsDisabled() {
        try (ControllerTestContext off = new ControllerTestContext(ControllerConfig.of(
                ControllerConfig.OFFSETS_TOPIC_NUM_PARTITIONS, 4, ControllerConfig.BROKER_LIVENESS_PROBE_ENABLE, "false"))) {
            off.startBrokers(1, 2);
            off.advance(5 * intervalMs);

            assertThat(off.livenessProbes()).isEmpty();
        }
    }
}
