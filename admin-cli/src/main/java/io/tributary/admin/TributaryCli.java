package io.tributary.admin;

import io.tributary.admin.chaos.ChaosCommand;
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
        subcommands = {NodeCommand.class, LocalCommand.class, ChaosCommand.class, CommandLine.HelpCommand.class})
public final class TributaryCli {

    @Option(names = "--verbose", description = "Print stack traces with errors.", scope = CommandLine.ScopeType.INHERIT)
    boolean verbose;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        boolean verbose = java.util.Arrays.asList(args).contains("--verbose");
        CommandLine cli = new CommandLine(new TributaryCli())
                .setOut(out)
                .setErr(err)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler((e, commandLine, parseResult) -> {
                    Throwable cause = e;
                    while ((cause instanceof java.util.concurrent.ExecutionException || cause instanceof java.util.concurrent.CompletionException)
                            && cause.getCause() != null) {
                        cause = cause.getCause();
                    }
                    String message = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
                    commandLine.getErr().println("Error: " + message);
                    if (verbose) {
                        cause.printStackTrace(commandLine.getErr());
                    }
                    commandLine.getErr().flush();
                    return 1;
                });
        return cli.execute(args);
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
