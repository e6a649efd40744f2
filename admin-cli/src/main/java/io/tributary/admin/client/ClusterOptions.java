package io.tributary.admin.client;

import io.tributary.admin.local.Durations;
import io.tributary.admin.output.OutputFormat;
import io.tributary.admin.output.Printer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Option;

/**
 * The options every command that talks to a cluster shares (a picocli mixin; commands name the field
 * {@code cluster} so the error handler can find the bootstrap servers), and the clients built from them.
 */
public final class ClusterOptions {
    @Option(names = {"-b", "--bootstrap-server"}, paramLabel = "HOST:PORT[,...]",
            description = "Brokers to connect to (default: $TRIBUTARY_BOOTSTRAP, then bootstrap.servers of --command-config, then the local cluster).")
    String bootstrapServer;

    @Option(names = "--command-config", paramLabel = "FILE",
            description = "Kafka client properties (security settings, bootstrap.servers, ...), like Kafka's tools.")
    Path commandConfig;

    @Option(names = "--timeout", paramLabel = "DURATION", description = "Bound on each cluster call, e.g. 10s (default: ${DEFAULT-VALUE}).")
    String timeout = "10s";

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "table, json or yaml (default: table).")
    OutputFormat output = OutputFormat.TABLE;

    private ClientSettings settings;

    /** The resolved client settings (resolved once). */
    public ClientSettings settings() {
        if (settings == null) {
            Duration t;
            try {
                t = Durations.parse(timeout);
            } catch (IllegalArgumentException e) {
                throw new CliException(e.getMessage() + ".");
            }
            Path local = Path.of(System.getenv().getOrDefault("TRIBUTARY_LOCAL_DIR", ".tributary/local"), "bootstrap.servers");
            settings = ClientSettings.resolve(bootstrapServer, System.getenv(), commandConfig, local, t);
        }
        return settings;
    }

    /** The bootstrap servers, or null when they could not be resolved (for error messages). */
    public String bootstrapOrNull() {
        return settings == null ? bootstrapServer : settings.bootstrap();
    }

    public OutputFormat output() {
        return output;
    }

    public Printer printer(PrintWriter out) {
        return new Printer(out, output);
    }

    public Admin admin() {
        return Admin.create(settings().admin());
    }

    public KafkaProducer<byte[], byte[]> producer(Properties overrides) {
        Properties p = settings().producer();
        p.putAll(overrides);
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    public KafkaConsumer<byte[], byte[]> consumer(Properties overrides) {
        Properties p = settings().consumer();
        p.putAll(overrides);
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
