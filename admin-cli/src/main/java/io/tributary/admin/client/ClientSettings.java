package io.tributary.admin.client;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * Works out the Kafka client settings of one CLI run, without any I/O beyond reading the files it
 * is given. The bootstrap servers come from, first to last: {@code --bootstrap-server}, the
 * {@code TRIBUTARY_BOOTSTRAP} environment variable, {@code bootstrap.servers} in the
 * {@code --command-config} file, the {@code bootstrap.servers} file of the local cluster. Every
 * timeout is bounded by {@code --timeout}, so an unreachable cluster fails instead of retrying forever.
 */
public final class ClientSettings {
    static final String ENV_BOOTSTRAP = "TRIBUTARY_BOOTSTRAP";

    private final String bootstrap;
    private final Properties base;
    private final Duration timeout;

    private ClientSettings(String bootstrap, Properties base, Duration timeout) {
        this.bootstrap = bootstrap;
        this.base = base;
        this.timeout = timeout;
    }

    /**
     * @param flag           {@code --bootstrap-server}, or null
     * @param env            the process environment
     * @param commandConfig  the {@code --command-config} file, or null
     * @param localBootstrap the local cluster's bootstrap file (used only when it exists)
     */
    public static ClientSettings resolve(String flag, Map<String, String> env, Path commandConfig, Path localBootstrap, Duration timeout) {
        Properties props = new Properties();
        if (commandConfig != null) {
            if (!Files.isReadable(commandConfig)) {
                throw new CliException("Cannot read the client config file " + commandConfig + ".");
            }
            try (Reader r = Files.newBufferedReader(commandConfig)) {
                props.load(r);
            } catch (IOException e) {
                throw new CliException("Cannot read the client config file " + commandConfig + ": " + e.getMessage() + ".");
            }
        }
        String bootstrap = firstNonBlank(flag, env.get(ENV_BOOTSTRAP), props.getProperty("bootstrap.servers"), readLocal(localBootstrap));
        if (bootstrap == null) {
            throw new CliException("No cluster given: use --bootstrap-server HOST:PORT, set " + ENV_BOOTSTRAP
                    + ", or put bootstrap.servers in a --command-config file.");
        }
        props.remove("bootstrap.servers");
        return new ClientSettings(bootstrap.trim(), props, timeout);
    }

    private static String readLocal(Path file) {
        try {
            return file != null && Files.isRegularFile(file) ? Files.readString(file).trim() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }

    public String bootstrap() {
        return bootstrap;
    }

    public Duration timeout() {
        return timeout;
    }

    /** Admin settings: one request and one API call each bounded by the timeout, no long back-off. */
    public Properties admin() {
        Properties p = common();
        p.put("default.api.timeout.ms", ms());
        return p;
    }

    /** Producer settings: sends and metadata waits bounded by the timeout. */
    public Properties producer() {
        Properties p = common();
        p.put("max.block.ms", ms());
        // Kafka requires delivery.timeout.ms >= linger.ms + request.timeout.ms.
        p.put("linger.ms", "5");
        p.put("delivery.timeout.ms", Long.toString(timeout.toMillis() + 5));
        p.putAll(base);
        return p;
    }

    /** Consumer settings: no auto-commit unless a config file asks for it. */
    public Properties consumer() {
        Properties p = common();
        p.put("default.api.timeout.ms", ms());
        p.put("enable.auto.commit", "false");
        p.put("auto.offset.reset", "earliest");
        p.put("allow.auto.create.topics", "false");
        p.putAll(base);
        return p;
    }

    private Properties common() {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("request.timeout.ms", ms());
        p.put("socket.connection.setup.timeout.ms", "2000");
        p.put("socket.connection.setup.timeout.max.ms", "5000");
        p.put("reconnect.backoff.max.ms", "1000");
        p.put("retry.backoff.max.ms", "1000");
        p.put("client.id", "tributary-cli");
        p.putAll(base);
        return p;
    }

    private String ms() {
        return Long.toString(timeout.toMillis());
    }
}
