package io.tributary.admin;

import io.tributary.broker.server.BrokerConfig;
import io.tributary.broker.server.TributaryNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tributary node}: runs one node in the foreground until SIGTERM/SIGINT, which triggers a
 * controlled shutdown (leaderships move away before the process exits).
 */
@Command(name = "node", mixinStandardHelpOptions = true,
        description = "Run a Tributary node (broker and/or controller) in the foreground.")
final class NodeCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(NodeCommand.class);

    @Option(names = {"-c", "--config"}, required = true, description = "The node's properties file (Kafka key names).")
    Path config;

    @Option(names = "--override", description = "Override one setting, e.g. --override node.id=2 (repeatable).")
    List<String> overrides = List.of();

    @Option(names = "--ready-file", description = "Write this file, holding the process id, once the broker is "
            + "registered and unfenced (at once for a controller-only node); for scripts and tests.")
    Path readyFile;

    /**
     * The command for {@code args} when they are exactly {@code node} with the options above, in the
     * forms the launcher and local clusters use; empty for anything else (help, a typo, a missing
     * --config), which picocli then handles with its usual messages. Every node start comes this
     * way: picocli is compiled for Java 5, which the JVM's class-data archive cannot hold, and building
     * the whole command tree to parse three options cost a node ~0.6 s of its start-up (idle machine).
     */
    static Optional<NodeCommand> fromPlainArgs(String[] args) {
        if (args.length < 3 || !args[0].equals("node")) {
            return Optional.empty();
        }
        NodeCommand c = new NodeCommand();
        List<String> overrides = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String name = args[i];
            String value;
            int eq = name.indexOf('=');
            if (name.startsWith("--") && eq > 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                return Optional.empty();
            }
            switch (name) {
                case "-c", "--config" -> c.config = Path.of(value);
                case "--override" -> overrides.add(value);
                case "--ready-file" -> c.readyFile = Path.of(value);
                default -> {
                    return Optional.empty();
                }
            }
        }
        c.overrides = List.copyOf(overrides);
        return c.config == null ? Optional.empty() : Optional.of(c);
    }

    @Override
    public Integer call() throws Exception {
        routeJavaUtilLogging();
        Properties props = load(config);
        for (String o : overrides) {
            int eq = o.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--override must be key=value, not '" + o + "'");
            }
            props.setProperty(o.substring(0, eq).trim(), o.substring(eq + 1).trim());
        }
        TributaryNode node = new TributaryNode(BrokerConfig.fromProperties(props));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            stopped.countDown();
        }, "tributary-shutdown"));
        try {
            node.start();
        } catch (Exception e) {
            node.close();
            throw e;
        }
        if (readyFile != null) {
            node.awaitUnfenced().thenRun(() -> writeReadyFile(readyFile));
        }
        stopped.await();
        return 0;
    }

    /**
     * Sends java.util.logging (Ratis's shaded gRPC uses it) through SLF4J, so its lines get the
     * node's format and levels instead of the JDK console handler's two-line records.
     */
    private static void routeJavaUtilLogging() {
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
    }

    /** Written whole (a temporary file renamed into place), so a reader never sees it half done. */
    private static void writeReadyFile(Path file) {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, ProcessHandle.current().pid() + "\n");
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("Could not write the ready file {}: {}", file, e.getMessage());
        }
    }

    private static Properties load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("Config file " + file + " does not exist");
        }
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            props.load(in);
        }
        return props;
    }
}
