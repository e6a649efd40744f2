package io.tributary.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.testcontainers.utility.DockerImageName;

/** What the containers hand the entrypoint (environment and command); needs no Docker engine. */
class TributaryContainerTest {
    private static final DockerImageName IMAGE = DockerImageName.parse("tributary:dev");

    @Test
    void shouldConfigureASingleNodeQuorumOnItsOwnAddressWhenStandalone() {
        TributaryContainer node = new TributaryContainer(IMAGE).withAddress(new NodeAddress("127.0.0.7", 19092, 19093));
        node.configure();

        assertThat(node.getNetworkMode()).isEqualTo("host");
        assertThat(node.getEnvMap())
                .containsEntry("TRIBUTARY_NODE_ID", "1")
                .containsEntry("TRIBUTARY_LISTENERS", "PLAINTEXT://127.0.0.7:19092")
                .containsEntry("TRIBUTARY_QUORUM_VOTERS", "1@127.0.0.7:19093")
                .containsEntry("TRIBUTARY_JVM_OPTS", "-Xmx512m -XX:TieredStopAtLevel=1");
        assertThat(node.getBootstrapServers()).isEqualTo("PLAINTEXT://127.0.0.7:19092");
    }

    @Test
    void shouldPassSettingsAsOverridesWhenSet() {
        TributaryContainer node = new TributaryContainer(IMAGE).withSetting("num.partitions", "4");
        node.configure();

        assertThat(node.getCommandParts()).containsExactly("--override", "num.partitions=4");
    }

    @Test
    void shouldGiveEveryNodeItsOwnLoopbackAddressAndTheSameVotersWhenClustered() {
        TributaryCluster cluster = new TributaryCluster(IMAGE, 3).withSetting("broker.session.timeout.ms", "6000");
        cluster.getNodes().forEach(TributaryContainer::configure);

        String voters = cluster.node(1).getEnvMap().get("TRIBUTARY_QUORUM_VOTERS");
        assertThat(voters).matches("1@127\\.0\\.0\\.1:\\d+,2@127\\.0\\.0\\.2:\\d+,3@127\\.0\\.0\\.3:\\d+");
        for (int id = 1; id <= 3; id++) {
            TributaryContainer node = cluster.node(id);
            assertThat(node.getEnvMap())
                    .containsEntry("TRIBUTARY_NODE_ID", Integer.toString(id))
                    .containsEntry("TRIBUTARY_QUORUM_VOTERS", voters)
                    .containsEntry("TRIBUTARY_CLUSTER_ID", cluster.node(1).getEnvMap().get("TRIBUTARY_CLUSTER_ID"))
                    .containsEntry("TRIBUTARY_JVM_OPTS", "-Xmx512m -XX:TieredStopAtLevel=1");
            assertThat(node.getAddress().host()).isEqualTo("127.0.0." + id);
            assertThat(node.getCommandParts()).containsSubsequence(
                    "--override", "default.replication.factor=3", "--override", "min.insync.replicas=2",
                    "--override", "broker.session.timeout.ms=6000");
        }
        assertThat(cluster.getBootstrapServers().split(",")).hasSize(3);
    }

    @Test
    void shouldKeepATestsOwnJvmOptionsWhenSet() {
        TributaryCluster cluster = new TributaryCluster(IMAGE, 3);
        cluster.node(2).withEnv("TRIBUTARY_JVM_OPTS", "-Xmx1g");
        cluster.getNodes().forEach(TributaryContainer::configure);

        assertThat(cluster.node(2).getEnvMap()).containsEntry("TRIBUTARY_JVM_OPTS", "-Xmx1g");
        assertThat(cluster.node(1).getEnvMap()).containsEntry("TRIBUTARY_JVM_OPTS", "-Xmx512m -XX:TieredStopAtLevel=1");
    }

    @Test
    void shouldRejectAClusterWhenItHasNoNodes() {
        assertThatThrownBy(() -> new TributaryCluster(IMAGE, 0)).hasMessageContaining("1..9");
    }
}
