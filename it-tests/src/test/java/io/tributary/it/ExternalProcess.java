package io.tributary.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command to completion (bounded in time), feeding stdin and capturing its output. */
final class ExternalProcess {
    private ExternalProcess() {
    }

    /** The outcome of one run. */
    record Result(int exitCode, String stdout, String stderr) {
    }

    static Result run(List<String> command, String stdin, long timeoutSec) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).start();
        try {
            if (stdin != null) {
                p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            p.getOutputStream().close();
            boolean exited = p.waitFor(timeoutSec, TimeUnit.SECONDS);
            assertThat(exited).as("%s finished within %d s", command, timeoutSec).isTrue();
            return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                    new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        } finally {
            p.destroyForcibly();
        }
    }
}
