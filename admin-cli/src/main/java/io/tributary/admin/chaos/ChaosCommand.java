package io.tributary.admin.chaos;

import io.tributary.admin.local.Durations;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tributary chaos run}: a Jepsen-style fault run against a local cluster, with a verdict and a report. */
@Command(name = "chaos", description = "Fault-injection runs that check the cluster loses and duplicates nothing.",
        subcommands = {ChaosCommand.Run.class}, mixinStandardHelpOptions = true)
public final class ChaosCommand {

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Run a queue workload (idempotent acks=all producers, a consumer group committing offsets) while faults are injected,",
                    "then heal, read everything back and check: nothing acknowledged lost, no duplicates, offsets consistent,",
                    "committed offsets never going back. Exit code 0 = all checks pass, 1 = a violation, 2 = bad usage."})
    static final class Run implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Option(names = "--nodes", description = "Nodes of a new cluster (default: ${DEFAULT-VALUE}).") int nodes = 3;
        @Option(names = "--duration", description = "How long faults are injected, e.g. 120s (default: ${DEFAULT-VALUE}).") String duration = "120s";
        @Option(names = "--faults", description = "Fault kinds: kill,pause,partition,controller,restart,consumer (default: ${DEFAULT-VALUE}).")
        String faults = "kill,pause,partition,controller";
        @Option(names = "--scenario", description = "A fixed schedule instead of random faults: leader-kill-5x, leader-pause, leader-isolated, "
                + "replicas-down, controller-kill, quorum-loss, rolling-restart, consumer-and-coordinator-kill.") String scenario;
        @Option(names = "--seed", description = "Seed of the random fault schedule (default: random, printed).") Long seed;
        @Option(names = "--dir", description = "Cluster directory: a cluster already there is targeted as it is; otherwise one is started "
                + "and stopped at the end (default: ${DEFAULT-VALUE}).") Path dir = Path.of(".tributary/chaos");
        @Option(names = "--report", description = "Directory for report.json and report.html (default: DIR/report-SEED).") Path report;
        @Option(names = "--partitions", description = "Partitions of the run's topic (default: ${DEFAULT-VALUE}).") int partitions = 6;
        @Option(names = "--producers", description = "Producers (default: ${DEFAULT-VALUE}).") int producers = 2;
        @Option(names = "--consumers", description = "Consumers in the group (default: ${DEFAULT-VALUE}).") int consumers = 2;
        @Option(names = "--rate", description = "Values per second per producer (default: ${DEFAULT-VALUE}).") int rate = 200;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            ChaosOptions options;
            try {
                options = options();
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            out.println("Chaos run '" + options.name() + "', seed " + options.seed());
            ChaosReport result = new ChaosRunner(options, line -> {
                out.println(line);
                out.flush();
            }).run();
            Path html = ReportWriter.write(result, report != null ? report : dir.resolve("report-" + options.seed()));
            for (CheckResult c : result.checks()) {
                out.printf("  %-28s %s%s%n", c.name(), c.passed() ? "ok" : "FAIL (" + c.violations() + ")",
                        c.examples().isEmpty() ? "" : "  e.g. " + c.examples().get(0));
            }
            out.println("Summary: " + result.summary());
            out.println("Verdict: " + result.verdict() + " (seed " + options.seed() + "); report: " + html.toAbsolutePath());
            return result.passed() ? 0 : 1;
        }

        ChaosOptions options() {
            long runSeed = seed != null ? seed : ThreadLocalRandom.current().nextLong(1, 1_000_000_000L);
            if (scenario != null) {
                ChaosScenario s = ChaosScenario.parse(scenario);
                return new ChaosOptions(dir, nodes, s.label(), s.schedule(), s.durationMs(), runSeed, partitions, producers, consumers, rate);
            }
            long durationMs = Durations.parse(duration).toMillis();
            FaultSchedule schedule = FaultSchedule.random(runSeed, durationMs, FaultKind.parseList(faults), nodes, partitions, consumers);
            return new ChaosOptions(dir, nodes, "random", schedule, durationMs, runSeed, partitions, producers, consumers, rate);
        }
    }
}
