package io.tributary.admin.local;

import io.tributary.broker.network.SourceAddress;
import io.tributary.broker.network.SourceBoundSelectorProvider;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Starts and stops node processes of a local cluster. A node runs as a child JVM on the same
 * classpath as this command ({@code tributary node --config <dir>/node.properties}), detached from
 * this process, with its output in {@code <dir>/node.log}. Stopping never signals a PID that is not
 * a Tributary node (PIDs get reused).
 *
 * <p>The nodes' JVM options come from {@value #JVM_OPTS_PROPERTY} (a system property), else the
 * environment's {@code TRIBUTARY_NODE_JVM_OPTS}, else {@link #DEFAULT_JVM_OPTS}; their class path
 * from {@value #CLASS_PATH_PROPERTY}, else this JVM's. An embedding JVM (the integration tests) sets
 * both to give its nodes a class-data archive made for a class path without its own test classes.
 *
 * <p>Every node also gets {@value #SHARED_MACHINE_JIT_OPTS} (only the C1 compiler), unless its options
 * already name a compiler setting ({@code Tiered...}): a local cluster shares its machine's cores with
 * the clients and tools that drive it (and its nodes with each other), and C2 kept each node busy
 * compiling Ratis, gRPC and Netty for minutes. 3 nodes on 2 cores, C1 only against tiered, two rounds
 * of vs-kafka.sh cluster3 (2026-12-03): produce +37 / +59 %, consume +11-81 %, end-to-end p99 -20 /
 * -37 %, the nodes' CPU during the produce -39 / -47 %. One node, four A B runs of vs-kafka.sh single
 * (2026-12-03): C1 ahead in 18 of 22 produce pairs; reads were a wash (C1 ahead in 23 of 38
 * ConsumerPerformance pairs, but only 6 of 16 in the one run where it did not run last in its round).
 * {@code tributary node} itself, a deployed node that has its machine, keeps the JVM's default tiered
 * compilation.
 */
public final class NodeProcesses {
    /** Marker on the node's command line, so a reused PID is never mistaken for a node. */
    static final String MAIN_CLASS = "io.tributary.admin.TributaryCli";
    public static final String JVM_OPTS_PROPERTY = "tributary.node.jvm.opts";
    public static final String CLASS_PATH_PROPERTY = "tributary.node.class.path";
    public static final String DEFAULT_JVM_OPTS = "-Xms256m -Xmx1g -XX:+UseG1GC";
    /** Added for every node of a local cluster (see the class comment). */
    public static final String SHARED_MACHINE_JIT_OPTS = "-XX:TieredStopAtLevel=1";
    private static final long EXIT_POLL_MS = 50;

    /** The JVM options nodes start with (see the class comment). */
    public static String jvmOpts() {
        return System.getProperty(JVM_OPTS_PROPERTY, System.getenv().getOrDefault("TRIBUTARY_NODE_JVM_OPTS", DEFAULT_JVM_OPTS));
    }

    /** The JVM options of a node of a local cluster, from {@code configured}: the user's compiler choice wins. */
    static String localNodeJvmOpts(String configured) {
        if (configured.contains("Tiered")) {
            return configured;
        }
        return configured + " " + SHARED_MACHINE_JIT_OPTS;
    }

    private NodeProcesses() {
    }

    /** Writes the node's config and starts it; returns its PID. */
    public static long start(LocalClusterState cluster, LocalNode node) throws IOException {
        Path dir = Path.of(node.dir());
        Files.createDirectories(dir);
        Path config = dir.resolve("node.properties");
        Properties props = new Properties();
        Map<String, String> values = LocalClusterPlan.nodeConfig(cluster, node);
        values.forEach(props::setProperty);
        try (OutputStream out = Files.newOutputStream(config)) {
            props.store(out, "Tributary node " + node.id() + " (written by 'tributary local up')");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // Outgoing connections (replica fetchers, the quorum's peers and clients) leave from the node's own
        // address, so a packet filter can cut a single link between two nodes.
        command.add("--add-exports=java.base/sun.nio.ch=ALL-UNNAMED");
        command.add("-Djava.nio.channels.spi.SelectorProvider=" + SourceBoundSelectorProvider.class.getName());
        command.add("-D" + SourceAddress.PROPERTY + "=" + node.host());
        // Ratis's gRPC would otherwise use Netty's native epoll transport, whose sockets bypass the provider.
        command.add("-D" + SourceBoundSelectorProvider.RATIS_NO_NATIVE_TRANSPORT + "=true");
        for (String opt : localNodeJvmOpts(jvmOpts()).trim().split("\\s+")) {
            if (!opt.isEmpty()) {
                command.add(opt);
            }
        }
        command.add("-cp");
        command.add(System.getProperty(CLASS_PATH_PROPERTY, System.getProperty("java.class.path")));
        command.add(MAIN_CLASS);
        command.add("node");
        command.add("--config");
        command.add(config.toString());
        Path ready = readyFile(node);
        Files.deleteIfExists(ready);
        command.add("--ready-file");
        command.add(ready.toString());
        ProcessBuilder builder = new ProcessBuilder(command);
        // With a faked clock, System.nanoTime must stay real or timeouts would jump by the whole skew.
        builder.environment().put("FAKETIME_DONT_FAKE_MONOTONIC", "1");
        ClockSkew.read(dir).ifPresent(skew -> builder.environment().putAll(skew.environment()));
        Process process = builder
                .directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("node.log").toFile()))
                .start();
        return process.pid();
    }

    /** Where a node's process writes its PID once its broker is registered and unfenced. */
    static Path readyFile(LocalNode node) {
        return Path.of(node.dir(), "broker.ready");
    }

    /**
     * Whether the node's current process has its broker registered and unfenced (a controller-only
     * node: is up). A restarted broker answers requests before that, and until its new
     * registration replaces the old one the cluster still lists the old, unfenced one.
     */
    public static boolean isReady(LocalNode node) {
        try {
            return node.pid() > 0 && Files.readString(readyFile(node)).trim().equals(Long.toString(node.pid()));
        } catch (IOException e) {
            return false;
        }
    }

    /** The live process of a node, if it is running and really is a Tributary node. */
    public static Optional<ProcessHandle> handle(LocalNode node) {
        if (node.pid() <= 0) {
            return Optional.empty();
        }
        return ProcessHandle.of(node.pid()).filter(ProcessHandle::isAlive).filter(NodeProcesses::isTributaryNode);
    }

    /** Reads the full command line from /proc where there is one (ProcessHandle.Info may truncate it). */
    private static boolean isTributaryNode(ProcessHandle h) {
        Path cmdline = Path.of("/proc", Long.toString(h.pid()), "cmdline");
        try {
            if (Files.isReadable(cmdline)) {
                return new String(Files.readAllBytes(cmdline), java.nio.charset.StandardCharsets.UTF_8).contains(MAIN_CLASS);
            }
        } catch (IOException e) {
            // Fall through to what the JDK can tell.
        }
        return h.info().commandLine().map(c -> c.contains(MAIN_CLASS)).orElse(true);
    }

    /**
     * Stops a node: SIGTERM (controlled shutdown), then SIGKILL if it has not exited within
     * {@code graceMs}. Returns true if it was running.
     */
    public static boolean stop(LocalNode node, long graceMs) {
        Optional<ProcessHandle> h = handle(node);
        if (h.isEmpty()) {
            return false;
        }
        ProcessHandle process = h.get();
        process.destroy();
        if (!awaitExit(process, graceMs)) {
            process.destroyForcibly();
            // It is gone then, or unkillable; nothing more we can do.
            awaitExit(process, 10_000);
        }
        return true;
    }

    /**
     * Waits (bounded) for a process to exit. Polls every {@value #EXIT_POLL_MS} ms: a node started by
     * another command (local up) is not this JVM's child, and for those ProcessHandle.onExit polls
     * only every 0.3-1 s, which a restart would wait on top of the node's own shutdown.
     */
    private static boolean awaitExit(ProcessHandle process, long timeoutMs) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (process.isAlive() && !isZombie(process.pid())) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            try {
                Thread.sleep(EXIT_POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !process.isAlive();
            }
        }
        return true;
    }

    /**
     * Whether the process has exited and only waits to be reaped (Linux: state Z in /proc/PID/stat).
     * Its sockets and files are released by then, so a restart need not wait: a node started by another
     * command is reaped by init, which on some machines takes over a second, and ProcessHandle counts
     * a zombie as alive until then.
     */
    static boolean isZombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int endOfName = stat.lastIndexOf(')');
            return endOfName > 0 && endOfName + 2 < stat.length() && stat.charAt(endOfName + 2) == 'Z';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** SIGSTOP (fault injection: the process freezes, its sockets stay open); true if it was running. */
    public static boolean pause(LocalNode node) throws IOException {
        return signal(node, "STOP");
    }

    /** SIGCONT: resumes a paused node; true if it was running. */
    public static boolean resume(LocalNode node) throws IOException {
        return signal(node, "CONT");
    }

    /** The JDK cannot send SIGSTOP/SIGCONT, so this runs {@code kill -SIG pid}, bounded in time. */
    private static boolean signal(LocalNode node, String signal) throws IOException {
        Optional<ProcessHandle> h = handle(node);
        if (h.isEmpty()) {
            return false;
        }
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(h.get().pid()))
                .redirectErrorStream(true).start();
        try {
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                kill.destroyForcibly();
                throw new IOException("kill -" + signal + " " + h.get().pid() + " failed: "
                        + new String(kill.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while signalling node " + node.id(), e);
        }
        return true;
    }

    /** SIGKILL at once (fault injection); returns once the process is gone. */
    public static boolean kill(LocalNode node) {
        Optional<ProcessHandle> h = handle(node);
        h.ifPresent(p -> {
            p.destroyForcibly();
            try {
                p.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                // Still there after SIGKILL: nothing more we can do from here.
            }
        });
        return h.isPresent();
    }
}
