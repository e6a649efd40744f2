package io.tributary.admin;

import io.tributary.admin.chaos.ChaosCommand;
import io.tributary.admin.client.ClusterOptions;
import io.tributary.admin.client.ErrorMessages;
import io.tributary.admin.command.BrokerCommand;
import io.tributary.admin.command.ClusterCommand;
import io.tributary.admin.command.CompletionCommand;
import io.tributary.admin.command.ConfigCommand;
import io.tributary.admin.command.ConsumeCommand;
import io.tributary.admin.command.GroupCommand;
import io.tributary.admin.command.PartitionCommand;
import io.tributary.admin.command.ProduceCommand;
import io.tributary.admin.command.QuorumCommand;
import io.tributary.admin.command.TopicCommand;
import io.tributary.admin.local.LocalCommand;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code tributary} command. Errors a user can act on print as one sentence with a non-zero
 * exit code (1 for failures, 2 for bad arguments); stack traces only with {@code --verbose}.
 */
@Command(name = "tributary", mixinStandardHelpOptions = true, versionProvider = TributaryCli.Version.class,
        description = "Tributary: a Kafka-compatible streaming cluster with a Raft metadata quorum.",
        subcommands = {TopicCommand.class, GroupCommand.class, ClusterCommand.class, BrokerCommand.class, QuorumCommand.class,
                PartitionCommand.class, ConfigCommand.class, ProduceCommand.class, ConsumeCommand.class,
                NodeCommand.class, LocalCommand.class, ChaosCommand.class, CompletionCommand.class, CommandLine.HelpCommand.class})
public final class TributaryCli {

    @Option(names = "--verbose", description = "Print stack traces with errors.", scope = CommandLine.ScopeType.INHERIT)
    boolean verbose;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line; returns the exit code (0 success, 1 error, 2 bad arguments). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        var node = NodeCommand.fromPlainArgs(args);
        if (node.isPresent()) {
            return runNode(node.get(), err);
        }
        return commandLine(out, err, java.util.Arrays.asList(args).contains("--verbose")).execute(args);
    }

    /** {@code tributary node} without picocli (see {@link NodeCommand#fromPlainArgs}), failing as picocli's handler would. */
    private static int runNode(NodeCommand node, PrintWriter err) {
        try {
            return node.call();
        } catch (Exception e) {
            return printError(err, e, null, false);
        }
    }

    /** Every failure as one sentence, the stack trace only when {@code verbose}; returns exit code 1. */
    private static int printError(PrintWriter err, Exception e, String bootstrap, boolean verbose) {
        err.println("Error: " + ErrorMessages.sentence(e, bootstrap));
        if (verbose) {
            e.printStackTrace(err);
        }
        err.flush();
        return 1;
    }

    /**
     * The configured command line: case-insensitive enum values, and every error as one sentence
     * (ErrorMessages) on {@code err} with exit code 1, the stack trace only when {@code verbose}.
     */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err, boolean verbose) {
        return new CommandLine(new TributaryCli())
                .setOut(out)
                .setErr(err)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler((e, commandLine, parseResult) -> {
                    Object options = commandLine.getMixins().get("cluster");
                    String bootstrap = options instanceof ClusterOptions c ? c.bootstrapOrNull() : null;
                    return printError(commandLine.getErr(), e, bootstrap, verbose);
                });
    }

    /** Version from the jar manifest, when there is one. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = TributaryCli.class.getPackage().getImplementationVersion();
            return new String[] {"tributary " + (v == null ? "development build" : v)};
        }
    }
}
