package io.tributary.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of Apache Kafka's own command-line tools (the classes behind {@code kafka-topics.sh},
 * {@code kafka-metadata-quorum.sh}, the console clients, ...) as a separate process, from the
 * kafka-tools jar on the test class path — the same code an operator's scripts run.
 */
final class KafkaTool {
    private KafkaTool() {
    }

    record Result(int exitCode, String stdout, String stderr) {
    }

    static Result run(String mainClass, String stdin, long timeoutSec, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).start();
        try {
            if (stdin != null) {
                p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            p.getOutputStream().close();
            boolean exited = p.waitFor(timeoutSec, TimeUnit.SECONDS);
            assertThat(exited).as("%s finished within %d s", mainClass, timeoutSec).isTrue();
            return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                    new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        } finally {
            p.destroyForcibly();
        }
    }
}
