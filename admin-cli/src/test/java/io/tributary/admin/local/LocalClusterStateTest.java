package io.tributary.admin.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalClusterStateTest {

    @Test
    void overridesReplacePlannedSettingsAndSurviveTheStateFile(@TempDir Path dir) throws Exception {
        LocalClusterState planned = LocalClusterPlan.plan(dir, 3, "cid",
                Map.of("min.insync.replicas", "1", "group.initial.rebalance.delay.ms", "0"));
        planned.write(dir);

        LocalClusterState read = LocalClusterState.read(dir);

        assertThat(read).isEqualTo(planned);
        Map<String, String> config = LocalClusterPlan.nodeConfig(read, read.nodes().get(1));
        assertThat(config).containsEntry("min.insync.replicas", "1")
                .containsEntry("group.initial.rebalance.delay.ms", "0")
                .containsEntry("default.replication.factor", "3")
                .containsEntry("node.id", "2");
        assertThat(Files.readString(dir.resolve("bootstrap.servers")).trim()).isEqualTo(read.bootstrapServers());
    }

    @Test
    void aStateFileWithoutOverridesReadsAsNone(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("cluster.json"), """
                {"clusterId":"cid","nodes":[{"id":1,"host":"127.0.0.1","kafkaPort":9092,"raftPort":9093,"dir":"/tmp/x","pid":-1}]}
                """);

        LocalClusterState read = LocalClusterState.read(dir);

        assertThat(read.overrides()).isEmpty();
        assertThat(LocalClusterPlan.nodeConfig(read, read.nodes().get(0))).containsEntry("min.insync.replicas", "1");
    }
}
