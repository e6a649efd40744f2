package io.tributary.admin.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A node's clock offset for {@code tributary local skew-clock}: kept in {@code <node dir>/clock-skew}
 * (seconds, signed) and applied when the node starts by preloading libfaketime into its JVM (with
 * the monotonic clock left real, see {@link NodeProcesses}). Preloaded rather than through the
 * {@code faketime} wrapper, which forks: the recorded PID must be the JVM's, or kill and stop would
 * hit the wrapper and leave the node running.
 */
public record ClockSkew(long seconds) {
    static final String FILE = "clock-skew";
    private static final Pattern SIGNED = Pattern.compile("([+-])(.+)");
    private static final List<String> LIBRARIES = List.of("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1",
            "/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1", "/usr/lib/faketime/libfaketime.so.1", "/usr/local/lib/faketime/libfaketime.so.1");

    /** Parses {@code +30s}, {@code -2m}, {@code +1h}; {@code 0} clears the skew. */
    public static ClockSkew parse(String text) {
        String t = text.trim();
        if (t.equals("0")) {
            return new ClockSkew(0);
        }
        Matcher m = SIGNED.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("Invalid clock skew '" + text + "': use a sign and a duration, e.g. +30s, -2m, +1h (or 0 to clear)");
        }
        Duration d = Durations.parse(m.group(2));
        if (d.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException("Invalid clock skew '" + text + "': whole seconds only");
        }
        return new ClockSkew(m.group(1).equals("-") ? -d.toSeconds() : d.toSeconds());
    }

    /** The environment that runs a program under this skew. */
    public Map<String, String> environment() {
        return Map.of("LD_PRELOAD", library(), "FAKETIME", (seconds >= 0 ? "+" : "") + seconds + "s");
    }

    public static Optional<ClockSkew> read(Path nodeDir) throws IOException {
        Path file = nodeDir.resolve(FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        long s = Long.parseLong(Files.readString(file).trim());
        return s == 0 ? Optional.empty() : Optional.of(new ClockSkew(s));
    }

    public void write(Path nodeDir) throws IOException {
        Path file = nodeDir.resolve(FILE);
        if (seconds == 0) {
            Files.deleteIfExists(file);
        } else {
            Files.writeString(file, seconds + "\n");
        }
    }

    /** libfaketime's preload library; a clear error when it is not installed. */
    static String library() {
        return LIBRARIES.stream().filter(p -> Files.isReadable(Path.of(p))).findFirst().orElseThrow(() -> new LocalClusterException(
                "Clock skew needs libfaketime, which is not installed (Debian/Ubuntu: apt-get install faketime)"));
    }
}
