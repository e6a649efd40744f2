package io.tributary.it;

import io.tributary.admin.local.NodeProcesses;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The JVM settings of the tests' node processes, chosen for CI's 2 cores, where the tests start and
 * restart nodes ~100 times and every node lives a minute or two at low request rates:
 * <ul>
 *   <li>A class-data archive, as {@code tributary local up} uses ({@code bin/tributary-cds}): a node
 *   JVM otherwise spends seconds of every start loading and verifying ~6,000 classes. The archive is
 *   made once per build (a ~10 s training run) for the nodes' class path, which is this JVM's
 *   without this module's own classes: the JVM archives classes from jars only, and the nodes need
 *   none of the tests' classes. Without the script, or if the archive cannot be made, nodes start
 *   without it.</li>
 *   <li>Only the C1 compiler ({@link #TEST_NODE_JVM_OPTS}): in a JVM that lives this short, C2
 *   spends more CPU compiling the broker than its faster code gives back. Sampled per thread during
 *   a chaos scenario, C2 took ~40 % of a core in each of three nodes for their first minute, on a
 *   machine the workload already saturates. The tests check behaviour, which the JIT does not change.
 *   ({@code tributary local up} now starts its nodes C1 only too; a deployed {@code tributary node}
 *   keeps the JVM's default tiered compilation.)</li>
 * </ul>
 * {@code TRIBUTARY_NODE_JVM_OPTS} in the environment replaces {@link #TEST_NODE_JVM_OPTS}; the system
 * property {@value NodeProcesses#JVM_OPTS_PROPERTY} replaces everything here (no archive then).
 */
final class NodeClassData {
    private static final long CREATE_TIMEOUT_SEC = 180;
    static final String TEST_NODE_JVM_OPTS = NodeProcesses.DEFAULT_JVM_OPTS + " -XX:TieredStopAtLevel=1";
    private static boolean tried;

    private NodeClassData() {
    }

    /** Sets the nodes' JVM options, and class path to use the archive (once per test JVM). */
    static synchronized void configureNodeJvms() throws IOException, InterruptedException {
        if (tried || System.getProperty(NodeProcesses.JVM_OPTS_PROPERTY) != null) {
            return;
        }
        tried = true;
        String jvmOpts = System.getenv().getOrDefault("TRIBUTARY_NODE_JVM_OPTS", TEST_NODE_JVM_OPTS);
        System.setProperty(NodeProcesses.JVM_OPTS_PROPERTY, jvmOpts);
        Path testClasses = ownClasses();
        Path script = testClasses.resolve("../../../bin/tributary-cds").normalize();
        if (!Files.isExecutable(script)) {
            return;
        }
        Path moduleTarget = testClasses.getParent();
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !Path.of(entry).toAbsolutePath().normalize().startsWith(moduleTarget))
                .collect(Collectors.joining(File.pathSeparator));
        Path out = Files.createTempFile("tributary-cds", ".opts");
        try {
            ProcessBuilder builder = new ProcessBuilder(script.toString(), "opts", classPath, "local")
                    .redirectOutput(out.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT);
            builder.environment().put("TRIBUTARY_NODE_JVM_OPTS", jvmOpts);
            Process p = builder.start();
            if (!p.waitFor(CREATE_TIMEOUT_SEC, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return;
            }
            String archiveOpts = Files.readString(out, StandardCharsets.UTF_8).trim();
            if (p.exitValue() == 0 && !archiveOpts.isEmpty()) {
                System.setProperty(NodeProcesses.CLASS_PATH_PROPERTY, classPath);
                System.setProperty(NodeProcesses.JVM_OPTS_PROPERTY, jvmOpts + " " + archiveOpts);
            }
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** This module's target/test-classes (where this class was loaded from). */
    private static Path ownClasses() throws IOException {
        try {
            return Path.of(NodeClassData.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath().normalize();
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
    }
}
