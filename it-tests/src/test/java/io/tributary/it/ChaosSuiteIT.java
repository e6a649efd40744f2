package io.tributary.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.admin.chaos.ChaosOptions;
import io.tributary.admin.chaos.ChaosReport;
import io.tributary.admin.chaos.ChaosRunner;
import io.tributary.admin.chaos.ChaosScenario;
import io.tributary.admin.chaos.CheckResult;
import io.tributary.admin.chaos.ReportWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The short chaos suite: every fixed scenario of the reliability matrix runs through the same code
 * as {@code tributary chaos run --scenario NAME} on one shared 3-node cluster (each scenario heals
 * everything and waits for every broker before it ends, and uses its own topic and group), and must
 * pass every check of the queue checker. Reports go to target/chaos-reports/NAME. The network
 * scenario needs root and nft, as CI has.
 */
@Timeout(600)
class ChaosSuiteIT extends ClusterTestBase {

    @Override
    protected int nodes() {
        return 3;
    }

    @Override
    protected Map<String, String> nodeOverrides() {
        return Map.of("group.initial.rebalance.delay.ms", "0");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ChaosScenario.class)
    void shouldLoseAndDuplicateNothingWhen(ChaosScenario scenario) throws Exception {
        ChaosOptions options = new ChaosOptions(cluster.dir(), 3, scenario.label(), scenario.schedule(), scenario.durationMs(),
                0, 6, 2, 2, 100);

        ChaosReport report = new ChaosRunner(options, line -> System.out.println("[" + scenario.label() + "] " + line)).run();
        ReportWriter.write(report, Path.of("target", "chaos-reports", scenario.label()));

        assertThat(report.checks()).allSatisfy(c -> assertThat(c.passed()).as(c.name() + ": " + c.examples()).isTrue());
        assertThat(report.summary().get("acknowledged")).as("the workload made progress").isGreaterThan(100L);
        assertThat(report.faults()).hasSize(scenario.schedule().faults().size());
        assertThat(report.checks()).extracting(CheckResult::name).contains("lost", "duplicated", "committed-offset-regressed");
    }
}
