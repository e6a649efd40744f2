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
 * Starts the tests' node processes with a class-data archive, as {@code tributary local up} does
 * ({@code bin/tributary-cds}): a node JVM on the 2 cores CI has otherwise spends seconds of every
 * start loading and verifying ~6,000 classes, and the tests start and restart nodes ~100 times.
 * The archive is made once per build (a ~10 s training run) for the nodes' class path, which is
 * this JVM's without this module's own classes: the JVM archives classes from jars only, and the
 * nodes need none of the tests' classes. Without the script, or if the archive cannot be made, nodes
 * start as before.
 */
final class NodeClassData {
    private static final long CREATE_TIMEOUT_SEC = 180;
    private static boolean tried;

    private NodeClassData() {
    }

    /** Sets the nodes' JVM options and class path to use the archive (once per test JVM). */
    static synchronized void useArchive() throws IOException, InterruptedException {
        if (tried || System.getProperty(NodeProcesses.JVM_OPTS_PROPERTY) != null) {
            return;
        }
        tried = true;
        Path testClasses = ownClasses();
        Path script = testClasses.resolve("../../../bin/tributary-cds").normalize();
        if (!Files.isExecutable(script)) {
            return;
        }
        Path moduleTarget = testClasses.getParent();
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !Path.of(entry).toAbsolutePath().normalize().startsWith(moduleTarget))
                .collect(Collectors.joining(File.pathSeparator));
        String jvmOpts = NodeProcesses.jvmOpts();
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
