package io.tributary.admin.chaos;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * Everything a run produced, as written to {@code report.json} and drawn by {@link HtmlReport}.
 *
 * @param config the run's options (nodes, duration, faults, topic, ...)
 * @param seed the seed of the fault schedule
 * @param faults what was injected, when, and on which nodes
 * @param timeline per-second throughput, latency and errors
 * @param checks every check with its violations
 * @param summary counts (sent, acknowledged, failed, read, ...)
 */
public record ChaosReport(Map<String, Object> config, long seed, List<InjectedFault> faults, List<Timeline.Second> timeline,
                          List<CheckResult> checks, Map<String, Long> summary) {

    /**
     * A fault as it happened.
     *
     * @param startMs when it was injected (ms since the workload started)
     * @param endMs when it was undone
     * @param nodes the node ids (or consumer indexes, for consumer faults) it hit
     */
    public record InjectedFault(String description, String kind, long startMs, long endMs, List<Integer> nodes, String note) {
    }

    @JsonProperty("passed")
    public boolean passed() {
        return QueueChecker.passed(checks);
    }

    @JsonProperty("verdict")
    public String verdict() {
        return passed() ? "PASS" : "FAIL";
    }
}
