package io.tributary.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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

    /** The result of one kcat run. */
    record Result(int exitCode, String stdout, String stderr) {
    }

    /** Runs kcat with {@code args}, feeding {@code stdin}; kills it after {@code timeoutSec}. */
    static Result run(String stdin, long timeoutSec, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(binary());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).start();
        try {
            if (stdin != null) {
                p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            p.getOutputStream().close();
            boolean exited = p.waitFor(timeoutSec, TimeUnit.SECONDS);
            assertThat(exited).as("kcat %s finished within %d s", command, timeoutSec).isTrue();
            return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                    new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        } finally {
            p.destroyForcibly();
        }
    }
}
