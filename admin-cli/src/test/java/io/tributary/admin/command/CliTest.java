package io.tributary.admin.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.admin.TributaryCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/** The command line without a cluster: help, usage errors (exit 2), an unreachable cluster (exit 1, bounded). */
class CliTest {
    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = TributaryCli.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void shouldPrintHelpForEveryCommandAndSubcommand() {
        CommandLine root = TributaryCli.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), false);
        for (String group : List.of("topic", "group", "cluster", "broker", "quorum", "partition", "config")) {
            for (String sub : root.getSubcommands().get(group).getSubcommands().keySet()) {
                if (sub.equals("help")) {
                    continue;
                }
                Run r = run(group, sub, "--help");
                assertThat(r.exit()).as("%s %s --help", group, sub).isZero();
                assertThat(r.out()).contains("Usage: tributary " + group + " " + sub).contains("--bootstrap-server").contains("--output");
            }
        }
        for (String cmd : List.of("produce", "consume", "completion")) {
            assertThat(run(cmd, "--help").exit()).isZero();
        }
    }

    @Test
    void shouldExitWithTwoAndOneLineWhenArgumentsAreBad() {
        Run missing = run("topic", "create");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).startsWith("Missing required parameter: 'TOPIC'");
        Run twoStrategies = run("group", "reset-offsets", "g", "--all-topics", "--to-earliest", "--to-latest");
        assertThat(twoStrategies.exit()).isEqualTo(2);
        assertThat(twoStrategies.err()).contains("mutually exclusive");
        Run badFormat = run("topic", "list", "-o", "xml", "-b", "127.0.0.1:1");
        assertThat(badFormat.exit()).isEqualTo(2);
        assertThat(badFormat.err()).contains("Invalid value for option '--output'");
        Run unknown = run("topik", "list");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("Unmatched argument");
    }

    @Test
    void shouldExitWithOneAndOneSentenceWhenAnArgumentValueIsWrong() {
        Run badTimeout = run("topic", "list", "-b", "127.0.0.1:1", "--timeout", "soon");
        assertThat(badTimeout.exit()).isEqualTo(1);
        assertThat(badTimeout.err().strip()).isEqualTo("Error: Invalid duration 'soon': use a number followed by ms, s, m or h (e.g. 30s).");
        Run badPair = run("config", "set", "broker", "1", "noequals", "-b", "127.0.0.1:1", "--timeout", "1s");
        assertThat(badPair.exit()).isEqualTo(1);
        assertThat(badPair.err().lines().count()).isEqualTo(1);
    }

    @Test
    @Timeout(30)
    void shouldFailWithinTheTimeoutWithOneSentenceWhenTheClusterIsUnreachable() {
        long start = System.nanoTime();
        Run r = run("topic", "list", "-b", "127.0.0.1:1", "--timeout", "3s");
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("Error: The cluster at 127.0.0.1:1 did not answer in time").doesNotContain("\tat ");
        assertThat(r.err().lines().count()).isEqualTo(1);
        assertThat(tookMs).isLessThan(15_000);
    }

    @Test
    void shouldPrintAStackTraceOnlyWithVerbose() {
        Run r = run("topic", "list", "-b", "127.0.0.1:1", "--timeout", "1s", "--verbose");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("\tat ");
    }

    @Test
    void shouldPrintABashCompletionScriptCoveringTheCommands() {
        Run r = run("completion");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("complete -F").contains("reset-offsets").contains("elect-leaders");
    }
}
