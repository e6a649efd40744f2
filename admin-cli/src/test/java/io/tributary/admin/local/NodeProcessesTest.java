package io.tributary.admin.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class NodeProcessesTest {

    @Test
    void shouldTellAnExitedButUnreapedProcessFromARunningOne() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self")), "needs Linux /proc");
        // sh starts a short sleep in the background, prints its PID, then becomes a long sleep that
        // never waits for it: the short sleep stays a zombie until the long one ends.
        Process parent = new ProcessBuilder("sh", "-c", "sleep 0.2 & echo $!; exec sleep 10").start();
        try {
            long child;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
                child = Long.parseLong(out.readLine().trim());
                assertThat(NodeProcesses.isZombie(child)).as("still sleeping").isFalse();

                Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> NodeProcesses.isZombie(child));
            }
            assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive)).as("what the JDK says").contains(true);
            assertThat(NodeProcesses.isZombie(ProcessHandle.current().pid())).isFalse();
            assertThat(NodeProcesses.isZombie(Long.MAX_VALUE)).as("no such process").isFalse();
        } finally {
            parent.destroyForcibly().waitFor();
        }
    }

    @Test
    void shouldGiveEveryLocalNodeTheC1CompilerUnlessACompilerSettingIsChosen() {
        String base = NodeProcesses.DEFAULT_JVM_OPTS;

        assertThat(NodeProcesses.localNodeJvmOpts(base)).isEqualTo(base + " -XX:TieredStopAtLevel=1");
        assertThat(NodeProcesses.localNodeJvmOpts(base + " -XX:TieredStopAtLevel=4")).as("the user's choice wins")
                .isEqualTo(base + " -XX:TieredStopAtLevel=4");
        assertThat(NodeProcesses.localNodeJvmOpts("-Xmx2g -XX:-TieredCompilation")).isEqualTo("-Xmx2g -XX:-TieredCompilation");
    }
}
