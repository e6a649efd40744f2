package io.tributary.admin.command;

import io.tributary.admin.client.ClusterOptions;
import io.tributary.admin.output.Printer;
import io.tributary.admin.output.Terminal;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A subcommand that runs against a cluster with one Admin client, closed afterwards. Errors are
 * left to propagate: TributaryCli turns them into one sentence and exit code 1.
 */
abstract class ClusterCall implements Callable<Integer> {
    @Mixin ClusterOptions cluster;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Admin admin = cluster.admin();
        try {
            return run(admin);
        } finally {
            // Every call is already bounded by --timeout; do not wait for the client's own shutdown longer.
            admin.close(Duration.ofSeconds(1));
        }
    }

    abstract int run(Admin admin) throws Exception;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    Printer printer() {
        return new Printer(out(), cluster.output(), Terminal.colours());
    }
}
