package io.tributary.admin.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.admin.chaos.History.Ack;
import io.tributary.admin.chaos.History.Commit;
import io.tributary.admin.chaos.History.Read;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class QueueCheckerTest {
    private static final Set<String> SENT = Set.of("a", "b", "c", "d");

    /** A clean history: a, b, c acknowledged and read back in place; d failed and is not in the log. */
    private static History clean() {
        return new History(SENT,
                List.of(new Ack("a", 0, 0), new Ack("b", 0, 1), new Ack("c", 1, 0)),
                List.of(new Read("c1", 1, 0, 0, "a"), new Read("c1", 1, 0, 1, "b"), new Read("c2", 1, 1, 0, "c")),
                List.of(new Commit(0, 1), new Commit(1, 1), new Commit(0, 2)),
                List.of(new Read("final", 0, 0, 0, "a"), new Read("final", 0, 0, 1, "b"), new Read("final", 0, 1, 0, "c")));
    }

    private static Map<String, CheckResult> byName(History h) {
        return QueueChecker.check(h).stream().collect(Collectors.toMap(CheckResult::name, Function.identity()));
    }

    private static List<String> failed(History h) {
        return QueueChecker.check(h).stream().filter(c -> !c.passed()).map(CheckResult::name).toList();
    }

    @Test
    void shouldPassEveryCheckWhenTheHistoryIsClean() {
        assertThat(failed(clean())).isEmpty();
        assertThat(QueueChecker.passed(QueueChecker.check(clean()))).isTrue();
    }

    @Test
    void shouldPassWhenAnUnacknowledgedValueIsInTheLog() {
        History h = clean();
        List<Read> finals = new java.util.ArrayList<>(h.finalReads());
        finals.add(new Read("final", 0, 1, 1, "d"));
        assertThat(failed(new History(SENT, h.acks(), h.reads(), h.commits(), finals))).isEmpty();
    }

    @Test
    void shouldReportLossWhenAnAcknowledgedValueIsNotReadBack() {
        History h = clean();
        History lost = new History(SENT, h.acks(), h.reads(), h.commits(), h.finalReads().subList(0, 2));

        assertThat(failed(lost)).containsExactly("lost");
        CheckResult r = byName(lost).get("lost");
        assertThat(r.violations()).isEqualTo(1);
        assertThat(r.examples()).containsExactly("c acknowledged at 1@0 is not in the log");
    }

    @Test
    void shouldReportADuplicateAndAValueAtTwoOffsetsWhenTheLogHoldsAValueTwice() {
        History h = clean();
        List<Read> finals = new java.util.ArrayList<>(h.finalReads());
        finals.add(new Read("final", 0, 1, 1, "c"));
        History dup = new History(SENT, h.acks(), h.reads(), h.commits(), finals);

        assertThat(failed(dup)).containsExactlyInAnyOrder("duplicated", "value-at-two-offsets");
        assertThat(byName(dup).get("duplicated").examples()).containsExactly("c is in the log 2 times, at [1@0, 1@1]");
    }

    @Test
    void shouldReportAValueAtTwoOffsetsWhenTheAckAndTheReadDisagree() {
        History h = clean();
        History moved = new History(SENT, List.of(new Ack("a", 0, 0), new Ack("b", 0, 5), new Ack("c", 1, 0)),
                h.reads(), h.commits(), h.finalReads());

        assertThat(failed(moved)).containsExactly("value-at-two-offsets");
        assertThat(byName(moved).get("value-at-two-offsets").examples()).containsExactly("b was seen at [0@1, 0@5]");
    }

    @Test
    void shouldReportTwoValuesAtOneOffsetWhenTwoObserversReadDifferentValuesThere() {
        History h = clean();
        List<Read> reads = List.of(new Read("c1", 1, 0, 0, "a"), new Read("c1", 1, 0, 1, "d"), new Read("c2", 1, 1, 0, "c"));
        History diverged = new History(SENT, h.acks(), reads, h.commits(), h.finalReads());

        assertThat(failed(diverged)).containsExactly("two-values-at-one-offset");
        assertThat(byName(diverged).get("two-values-at-one-offset").examples()).containsExactly("0@1 held [b, d]");
    }

    @Test
    void shouldReportAnUnexpectedValueWhenAConsumerReadsSomethingNobodySent() {
        History h = clean();
        List<Read> reads = new java.util.ArrayList<>(h.reads());
        reads.add(new Read("c2", 1, 1, 1, "zzz"));
        History phantom = new History(SENT, h.acks(), reads, h.commits(), h.finalReads());

        assertThat(failed(phantom)).containsExactly("unexpected-value");
    }

    @Test
    void shouldReportARegressionWhenACommittedOffsetGoesBack() {
        History h = clean();
        History regressed = new History(SENT, h.acks(), h.reads(),
                List.of(new Commit(0, 2), new Commit(1, 1), new Commit(0, 1), new Commit(0, 2)), h.finalReads());

        assertThat(failed(regressed)).containsExactly("committed-offset-regressed");
        assertThat(byName(regressed).get("committed-offset-regressed").examples())
                .containsExactly("partition 0: committed offset went from 2 back to 1");
    }

    @Test
    void shouldReportARegressionWhenAConsumerReadsAnOffsetAgainWithinOneAssignment() {
        History h = clean();
        List<Read> reads = List.of(new Read("c1", 1, 0, 0, "a"), new Read("c1", 1, 0, 1, "b"), new Read("c1", 1, 0, 0, "a"),
                new Read("c2", 1, 1, 0, "c"));
        History reread = new History(SENT, h.acks(), reads, h.commits(), h.finalReads());

        assertThat(failed(reread)).containsExactly("consumer-offset-regressed");
        assertThat(byName(reread).get("consumer-offset-regressed").examples())
                .containsExactly("c1 (assignment 1) read partition 0 offset 0 after offset 1");
    }

    @Test
    void shouldAllowRereadingAfterARebalanceOrByAnotherConsumer() {
        History h = clean();
        List<Read> reads = List.of(new Read("c1", 1, 0, 0, "a"), new Read("c1", 1, 0, 1, "b"), new Read("c1", 3, 0, 1, "b"),
                new Read("c2", 1, 0, 0, "a"), new Read("c2", 1, 1, 0, "c"));

        assertThat(failed(new History(SENT, h.acks(), reads, h.commits(), h.finalReads()))).isEmpty();
    }

    @Test
    void shouldKeepAtMostTenExamplesButCountEveryViolation() {
        List<Ack> acks = new java.util.ArrayList<>();
        for (int i = 0; i < 25; i++) {
            acks.add(new Ack("v" + i, 0, i));
        }
        History h = new History(Set.of(), acks, List.of(), List.of(), List.of());
        CheckResult lost = byName(h).get("lost");

        assertThat(lost.violations()).isEqualTo(25);
        assertThat(lost.examples()).hasSize(10);
    }
}
