package io.tributary.broker.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.metadata.quorum.NodeIdentity;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Start-up order: the quorum member starts on its own thread beside the broker's assembly, and a
 * failure there still fails {@link TributaryNode#start()} with the original exception, before the
 * listener binds.
 */
@Timeout(120)
class TributaryNodeTest {

    @TempDir
    Path dir;

    @Test
    void shouldFailStartWithTheQuorumsErrorAndBindNothingWhenTheMetadataDirBelongsToAnotherCluster() throws Exception {
        Path metadata = dir.resolve("metadata");
        NodeIdentity.loadOrCreate(metadata, "AnotherClusterIdAAAAAA", 1);
        Map<String, String> props = new HashMap<>();
        props.put("node.id", "1");
        props.put("process.roles", "broker,controller");
        props.put("cluster.id", "TrIbUtArYtEsTcLuStEr001");
        props.put("listeners", "PLAINTEXT://127.0.0.1:0");
        props.put("controller.quorum.voters", "1@127.0.0.1:" + freePort());
        props.put("log.dirs", dir.resolve("data").toString());
        props.put("metadata.log.dir", metadata.toString());
        TributaryNode node = new TributaryNode(new BrokerConfig(props));
        try {
            assertThatThrownBy(node::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Refusing to start")
                    .hasMessageContaining("AnotherClusterIdAAAAAA");
            assertThat(node.boundAddress()).isNull();
        } finally {
            node.close();
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
