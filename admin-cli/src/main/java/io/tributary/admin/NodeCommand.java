package io.tributary.admin;

import io.tributary.broker.server.BrokerConfig;
import io.tributary.broker.server.TributaryNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tributary node}: runs one node in the foreground until SIGTERM/SIGINT, which triggers a
 * controlled shutdown (leaderships move away before the process exits).
 */
@Command(name = "node", mixinStandardHelpOptions = true,
        description = "Run a Tributary node (broker and/or controller) in the foreground.")
final class NodeCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, required = true, description = "The node's properties file (Kafka key names).")
    Path config;

    @Option(names = "--override", description = "Override one setting, e.g. --override node.id=2 (repeatable).")
    List<String> overrides = List.of();

    @Override
    public Integer call() throws Exception {
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
        stopped.await();
        return 0;
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
