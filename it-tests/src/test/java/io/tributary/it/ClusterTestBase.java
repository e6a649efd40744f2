package io.tributary.it;

import java.nio.file.Path;
import java.time.Duration;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * One cluster of real node processes shared by the tests of a class: started before the first test,
 * stopped (by PID, logs kept under target/node-logs) after the last, whatever happened.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ClusterTestBase {
    protected ClusterFixture cluster;
    protected Admin admin;

    /** How many nodes (each broker and quorum voter) the class needs. */
    protected abstract int nodes();

    /** Node settings (Kafka key names) that replace the planned ones on every node; none by default. */
    protected java.util.Map<String, String> nodeOverrides() {
        return java.util.Map.of();
    }

    /** Set-up that needs the running cluster (topics, ...). */
    protected void onClusterStarted() throws Exception {
    }

    @BeforeAll
    final void startCluster(@TempDir Path dir) throws Exception {
        cluster = ClusterFixture.start(dir.resolve("cluster"), nodes(), nodeOverrides());
        admin = cluster.admin();
        onClusterStarted();
    }

    @AfterAll
    final void stopCluster() throws Exception {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
        if (cluster != null) {
            cluster.close();
        }
    }
}
