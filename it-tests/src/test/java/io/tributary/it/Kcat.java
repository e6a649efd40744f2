package io.tributary.it;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs librdkafka's {@code kcat} against a cluster. CI installs kcat (.ci/run), so there a missing
 * kcat fails the test; on a developer machine without it the kcat tests are skipped with a reason.
 */
final class Kcat {
    private Kcat() {
    }

    static String binary() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File f = new File(dir, "kcat");
            if (f.canExecute()) {
                return f.getPath();
            }
        }
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError("kcat is not installed; .ci/run must install it (apt-get install -y kcat)");
        }
        Assumptions.abort("kcat is not installed on this machine (apt-get install -y kcat)");
        return null;
    }

    /** Runs kcat with {@code args}, feeding {@code stdin}; kills it after {@code timeoutSec}. */
    static ExternalProcess.Result run(String stdin, long timeoutSec, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(binary());
        command.addAll(List.of(args));
        return ExternalProcess.run(command, stdin, timeoutSec);
    }
}
