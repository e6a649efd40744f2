package io.tributary.admin.chaos;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Fixed fault schedules for the failure cases of the reliability matrix (a scenario is a schedule;
 * it runs through the same code as a random run). Times assume a 3-node cluster and Kafka's 9 s
 * broker session timeout.
 */
public enum ChaosScenario {
    /** Matrix row 1: the leader of partition 0 is killed five times in a row. */
    LEADER_KILL_5X(52_000) {
        @Override
        public FaultSchedule schedule() {
            List<Fault> faults = new ArrayList<>();
            // 9 s apart: failover takes 1-3 s and the killed node is back after 2 s, so each kill
            // meets a new leader with the previous victim usually back in the ISR.
            for (int i = 0; i < 5; i++) {
                faults.add(new Fault(5_000 + i * 9_000L, 2_000, FaultKind.KILL, new Target.Leader(0)));
            }
            return new FaultSchedule(faults);
        }
    },
    /** Row 2: the leader freezes past the session timeout and comes back as a zombie. */
    LEADER_PAUSE(30_000) {
        @Override
        public FaultSchedule schedule() {
            return new FaultSchedule(List.of(new Fault(5_000, 14_000, FaultKind.PAUSE, new Target.Leader(0))));
        }
    },
    /** Row 3: the leader is cut off from the other nodes; the minority side must acknowledge nothing. */
    LEADER_ISOLATED(32_000) {
        @Override
        public FaultSchedule schedule() {
            return new FaultSchedule(List.of(new Fault(5_000, 15_000, FaultKind.PARTITION, new Target.Leader(0))));
        }
    },
    /** Row 4: two of three replicas down; produce must fail, never be acknowledged, and resume after. */
    REPLICAS_DOWN(28_000) {
        @Override
        public FaultSchedule schedule() {
            return new FaultSchedule(List.of(new Fault(5_000, 10_000, FaultKind.KILL, List.of(new Target.Node(2), new Target.Node(3)))));
        }
    },
    /** Row 6: the active controller is killed. */
    CONTROLLER_KILL(22_000) {
        @Override
        public FaultSchedule schedule() {
            return new FaultSchedule(List.of(new Fault(5_000, 5_000, FaultKind.CONTROLLER, new Target.Controller())));
        }
    },
    /** Row 7: the quorum loses its majority (the controller and one more voter), then gets it back. */
    QUORUM_LOSS(28_000) {
        @Override
        public FaultSchedule schedule() {
            return new FaultSchedule(List.of(new Fault(5_000, 10_000, FaultKind.KILL, List.of(new Target.Controller(), new Target.Other()))));
        }
    },
    /** Every node restarted in turn through a controlled shutdown. */
    ROLLING_RESTART(40_000) {
        @Override
        public FaultSchedule schedule() {
            return new FaultSchedule(List.of(
                    new Fault(5_000, 0, FaultKind.RESTART, new Target.Node(1)),
                    new Fault(15_000, 0, FaultKind.RESTART, new Target.Node(2)),
                    new Fault(25_000, 0, FaultKind.RESTART, new Target.Node(3))));
        }
    },
    /** Row 14: a consumer dies without leaving, then the group coordinator is killed. */
    CONSUMER_AND_COORDINATOR_KILL(40_000) {
        @Override
        public FaultSchedule schedule() {
            return new FaultSchedule(List.of(
                    new Fault(5_000, 12_000, FaultKind.CONSUMER, new Target.Consumer(0)),
                    new Fault(20_000, 5_000, FaultKind.KILL, new Target.Coordinator())));
        }
    };

    private final long durationMs;

    ChaosScenario(long durationMs) {
        this.durationMs = durationMs;
    }

    public abstract FaultSchedule schedule();

    public long durationMs() {
        return durationMs;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static ChaosScenario parse(String text) {
        for (ChaosScenario s : values()) {
            if (s.label().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw new IllegalArgumentException("Unknown scenario '" + text + "'; scenarios are "
                + Arrays.stream(values()).map(ChaosScenario::label).collect(Collectors.joining(", ")));
    }
}
