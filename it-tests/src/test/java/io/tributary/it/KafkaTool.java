package io.tributary.it;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one of Apache Kafka's own command-line tools (the classes behind {@code kafka-topics.sh},
 * {@code kafka-metadata-quorum.sh}, the console clients, ...) as a separate process, from the
 * kafka-tools jar on the test class path, or from Kafka's own kafka_2.13 jar for the tools that live
 * there — the same code an operator's scripts run.
 */
final class KafkaTool {
    private KafkaTool() {
    }

    /** Kafka's Scala-side tools (kafka-configs.sh), copied there by the it-kafka-tools module. */
    private static final Path CORE_TOOLS_LIB = Path.of("..", "it-kafka-tools", "target", "lib");

    static ExternalProcess.Result run(String mainClass, String stdin, long timeoutSec, String... args)
            throws IOException, InterruptedException {
        return run(System.getProperty("java.class.path"), mainClass, stdin, timeoutSec, args);
    }

    /** Runs a tool that lives in Kafka's kafka_2.13 jar (e.g. kafka.admin.ConfigCommand behind kafka-configs.sh). */
    static ExternalProcess.Result runCoreTool(String mainClass, String stdin, long timeoutSec, String... args)
            throws IOException, InterruptedException {
        if (!java.nio.file.Files.isDirectory(CORE_TOOLS_LIB)) {
            throw new IllegalStateException(CORE_TOOLS_LIB.toAbsolutePath() + " is missing: build the it-kafka-tools module "
                    + "first (run the whole reactor, or add -pl it-kafka-tools,it-tests -am)");
        }
        return run(CORE_TOOLS_LIB.toAbsolutePath() + "/*", mainClass, stdin, timeoutSec, args);
    }

    private static ExternalProcess.Result run(String classPath, String mainClass, String stdin, long timeoutSec, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(classPath);
        command.add(mainClass);
        command.addAll(List.of(args));
        return ExternalProcess.run(command, stdin, timeoutSec);
    }
}
