package io.tributary.admin.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReassignmentProgressTest {
    @Test
    void shouldHaveNoEtaBeforeTheFirstPartitionCompletes() {
        ReassignmentProgress p = new ReassignmentProgress(4, 1_000);
        ReassignmentProgress.Snapshot s = p.at(4, 6_000);
        assertThat(s.done()).isZero();
        assertThat(s.eta()).isNull();
        assertThat(s.elapsed()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.complete()).isFalse();
    }

    @Test
    void shouldExtrapolateTheRateSoFarWhenSomePartitionsAreDone() {
        ReassignmentProgress p = new ReassignmentProgress(4, 0);
        assertThat(p.at(3, 10_000).eta()).isEqualTo(Duration.ofSeconds(30));
        assertThat(p.at(1, 30_000).eta()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void shouldBeCompleteWithZeroEtaWhenNothingRemains() {
        ReassignmentProgress.Snapshot s = new ReassignmentProgress(4, 0).at(0, 8_000);
        assertThat(s.complete()).isTrue();
        assertThat(s.done()).isEqualTo(4);
        assertThat(s.eta()).isEqualTo(Duration.ZERO);
    }
}
