package io.tributary.admin.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HtmlReportTest {

    private static ChaosReport report(List<CheckResult> checks) {
        return new ChaosReport(Map.of("nodes", 3), 7,
                List.of(new ChaosReport.InjectedFault("kill leader of partition 0", "kill", 5_000, 7_000, List.of(2), "")),
                List.of(new Timeline.Second(0, 10, 0, 9, 3, 8, 9), new Timeline.Second(1, 0, 4, 0, 0, 0, 0)),
                checks, Map.of("sent", 14L));
    }

    @Test
    void shouldDrawTheTimelineAndTheFaultsInlineWithoutExternalResources() {
        String html = HtmlReport.render(report(List.of(new CheckResult("lost", "nothing lost", 0, List.of()))));

        assertThat(html).contains("<svg", "<polyline", "<rect", "kill [2]", "PASS");
        assertThat(html).doesNotContain("<script", "http://cdn", "https://");
    }

    @Test
    void shouldShowViolationsEscapedWhenACheckFails() {
        String html = HtmlReport.render(report(List.of(new CheckResult("lost", "nothing lost", 1, List.of("<v1> lost")))));

        assertThat(html).contains("FAIL", "&lt;v1&gt; lost").doesNotContain("<v1>");
    }

    @Test
    void shouldComputePercentilesFromTheSortedLatencies() {
        Timeline t = new Timeline();
        for (int i = 1; i <= 100; i++) {
            t.ack(1_500, i);
        }
        t.error(3_100);
        List<Timeline.Second> s = t.seconds();

        assertThat(s).hasSize(4);
        assertThat(s.get(0).acks()).isZero();
        assertThat(s.get(1)).isEqualTo(new Timeline.Second(1, 100, 0, 0, 50, 99, 100));
        assertThat(s.get(3).errors()).isEqualTo(1);
    }
}
