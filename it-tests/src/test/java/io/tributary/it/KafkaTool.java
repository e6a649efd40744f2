package io.tributary.it;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one of Apache Kafka's own command-line tools (the classes behind {@code kafka-topics.sh},
 * {@code kafka-metadata-quorum.sh}, the console clients, ...) as a separate process, from the
 * kafka-tools jar on the test class path — the same code an operator's scripts run.
 */
final class KafkaTool {
    private KafkaTool() {
    }

    static ExternalProcess.Result run(String mainClass, String stdin, long timeoutSec, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(List.of(args));
        return ExternalProcess.run(command, stdin, timeoutSec);
    }
}
