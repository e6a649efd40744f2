package io.tributary.admin.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FaultScheduleTest {
    private static final Set<FaultKind> KINDS = EnumSet.of(FaultKind.KILL, FaultKind.PAUSE, FaultKind.PARTITION, FaultKind.CONTROLLER);

    @Test
    void shouldPlanTheSameFaultsWhenGivenTheSameSeedAndOptions() {
        FaultSchedule a = FaultSchedule.random(42, 120_000, KINDS, 3, 6, 2);
        FaultSchedule b = FaultSchedule.random(42, 120_000, EnumSet.copyOf(List.of(FaultKind.CONTROLLER, FaultKind.PARTITION,
                FaultKind.PAUSE, FaultKind.KILL)), 3, 6, 2);

        assertThat(a).isEqualTo(b);
        assertThat(a.faults()).hasSizeGreaterThan(3);
    }

    @Test
    void shouldPlanDifferentFaultsWhenTheSeedDiffers() {
        assertThat(FaultSchedule.random(1, 120_000, KINDS, 3, 6, 2)).isNotEqualTo(FaultSchedule.random(2, 120_000, KINDS, 3, 6, 2));
    }

    @Test
    void shouldKeepFaultsApartAndInsideTheRunWithRecoveryTimeAtTheEnd() {
        for (long seed = 0; seed < 200; seed++) {
            FaultSchedule s = FaultSchedule.random(seed, 90_000, KINDS, 3, 6, 2);
            long previousEnd = 0;
            for (Fault f : s.faults()) {
                assertThat(f.atMs()).isGreaterThanOrEqualTo(Math.max(FaultSchedule.WARMUP_MS, previousEnd));
                assertThat(f.endMs()).isLessThanOrEqualTo(90_000 - FaultSchedule.RECOVERY_MS);
                assertThat(KINDS).contains(f.kind());
                if (f.kind() == FaultKind.PAUSE || f.kind() == FaultKind.PARTITION) {
                    assertThat(f.durationMs()).as("past the 9 s session timeout").isGreaterThan(9_000);
                }
                for (Target t : f.targets()) {
                    if (t instanceof Target.Node n) {
                        assertThat(n.id()).isBetween(1, 3);
                    } else if (t instanceof Target.Leader l) {
                        assertThat(l.partition()).isBetween(0, 5);
                    }
                }
                previousEnd = f.endMs();
            }
        }
    }

    @Test
    void shouldPlanNothingWhenNoKindIsChosenOrTheRunIsTooShort() {
        assertThat(FaultSchedule.random(1, 120_000, Set.of(), 3, 6, 2).faults()).isEmpty();
        assertThat(FaultSchedule.random(1, 8_000, KINDS, 3, 6, 2).faults()).isEmpty();
    }

    @Test
    void shouldRejectOverlappingFaults() {
        assertThatThrownBy(() -> new FaultSchedule(List.of(new Fault(0, 5_000, FaultKind.KILL, new Target.Node(1)),
                new Fault(4_000, 1_000, FaultKind.PAUSE, new Target.Node(2))))).hasMessageContaining("overlap");
    }

    @Test
    void shouldParseFaultListsAndNameTheValidKindsWhenOneIsUnknown() {
        assertThat(FaultKind.parseList("kill, pause,partition,controller")).isEqualTo(KINDS);
        assertThatThrownBy(() -> FaultKind.parseList("kill,flood")).hasMessageContaining("Unknown fault 'flood'")
                .hasMessageContaining("kill,pause,partition,controller,restart,consumer");
    }

    @Test
    void shouldGiveEveryScenarioAValidScheduleThatEndsBeforeItsDuration() {
        for (ChaosScenario s : ChaosScenario.values()) {
            assertThat(s.schedule().faults()).as(s.label()).isNotEmpty();
            assertThat(s.schedule().faults().get(s.schedule().faults().size() - 1).endMs()).isLessThan(s.durationMs());
            assertThat(ChaosScenario.parse(s.label())).isEqualTo(s);
        }
        assertThatThrownBy(() -> ChaosScenario.parse("nope")).hasMessageContaining("leader-kill-5x");
    }
}
