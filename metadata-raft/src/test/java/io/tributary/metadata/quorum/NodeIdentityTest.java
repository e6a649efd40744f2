package io.tributary.metadata.quorum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeIdentityTest {

    @TempDir
    Path dir;

    @Test
    void shouldWriteMetaPropertiesWhenDirectoryIsNew() throws Exception {
        NodeIdentity identity = NodeIdentity.loadOrCreate(dir.resolve("meta"), "clusterA", 1);

        assertThat(identity).isEqualTo(new NodeIdentity("clusterA", 1));
        String file = Files.readString(dir.resolve("meta").resolve(NodeIdentity.FILE_NAME));
        assertThat(file).contains("cluster.id=clusterA").contains("node.id=1").contains("version=1");
    }

    @Test
    void shouldAcceptRestartWhenIdentityMatches() throws Exception {
        NodeIdentity.loadOrCreate(dir, "clusterA", 1);

        assertThat(NodeIdentity.loadOrCreate(dir, "clusterA", 1)).isEqualTo(new NodeIdentity("clusterA", 1));
    }

    @Test
    void shouldRefuseWhenClusterIdDiffers() throws Exception {
        NodeIdentity.loadOrCreate(dir, "clusterA", 1);

        assertThatThrownBy(() -> NodeIdentity.loadOrCreate(dir, "clusterB", 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cluster.id clusterA").hasMessageContaining("cluster.id clusterB");
    }

    @Test
    void shouldRefuseWhenNodeIdDiffers() throws Exception {
        NodeIdentity.loadOrCreate(dir, "clusterA", 1);

        assertThatThrownBy(() -> NodeIdentity.loadOrCreate(dir, "clusterA", 2))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("node.id 1").hasMessageContaining("node.id 2");
    }

    @Test
    void shouldDeriveSameGroupIdWhenClusterIdIsSame() {
        assertThat(new NodeIdentity("clusterA", 1).raftGroupId()).isEqualTo(new NodeIdentity("clusterA", 2).raftGroupId());
        assertThat(new NodeIdentity("clusterA", 1).raftGroupId()).isNotEqualTo(new NodeIdentity("clusterB", 1).raftGroupId());
    }
}
