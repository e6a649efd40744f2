package io.tributary.metadata.quorum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class QuorumConfigTest {

    private static Map<String, String> minimal() {
        Map<String, String> p = new HashMap<>();
        p.put(QuorumConfig.NODE_ID, "2");
        p.put(QuorumConfig.CLUSTER_ID, "MkU3OEVBNTcwNTJENDM2Qk");
        p.put(QuorumConfig.QUORUM_VOTERS, "1@127.0.0.1:9101, 2@127.0.0.1:9102,3@localhost:9103");
        p.put(QuorumConfig.METADATA_LOG_DIR, "/data/meta");
        return p;
    }

    @Test
    void shouldParseVotersAndApplyDefaultsWhenOnlyRequiredKeysAreSet() {
        QuorumConfig config = new QuorumConfig(minimal());

        assertThat(config.nodeId()).isEqualTo(2);
        assertThat(config.voters()).containsExactly(new QuorumPeer(1, "127.0.0.1", 9101),
                new QuorumPeer(2, "127.0.0.1", 9102), new QuorumPeer(3, "localhost", 9103));
        assertThat(config.listeners()).isEmpty();
        assertThat(config.self()).isEqualTo(new QuorumPeer(2, "127.0.0.1", 9102));
        assertThat(config.isBootstrapMember()).isTrue();
        assertThat(config.metadataLogDir()).isEqualTo(Path.of("/data/meta"));
        assertThat(config.electionTimeoutMs()).isEqualTo(1000);
        assertThat(config.ratisTimeoutMinMs()).isEqualTo(500);
        assertThat(config.ratisTimeoutMaxMs()).isEqualTo(1000);
        assertThat(config.snapshotIntervalEntries()).isEqualTo(20_000);
        assertThat(config.logPurgeUptoSnapshot()).isFalse();
    }

    @Test
    void shouldFallBackToFirstLogDirWhenMetadataLogDirIsUnset() {
        Map<String, String> p = minimal();
        p.remove(QuorumConfig.METADATA_LOG_DIR);
        p.put(QuorumConfig.LOG_DIRS, "/d1,/d2");

        assertThat(new QuorumConfig(p).metadataLogDir()).isEqualTo(Path.of("/d1"));
    }

    @Test
    void shouldFindSelfAmongListenersWhenNodeIsBrokerOnly() {
        Map<String, String> p = minimal();
        p.put(QuorumConfig.NODE_ID, "7");
        p.put(QuorumConfig.LISTENERS, "7@127.0.0.1:9107");

        QuorumConfig config = new QuorumConfig(p);
        assertThat(config.self()).isEqualTo(new QuorumPeer(7, "127.0.0.1", 9107));
        assertThat(config.isBootstrapListener()).isTrue();
    }

    @Test
    void shouldUseRaftAddressWhenNodeJoinsLater() {
        Map<String, String> p = minimal();
        p.put(QuorumConfig.NODE_ID, "4");
        p.put(QuorumConfig.RAFT_ADDRESS, "127.0.0.1:9104");

        QuorumConfig config = new QuorumConfig(p);
        assertThat(config.self()).isEqualTo(new QuorumPeer(4, "127.0.0.1", 9104));
        assertThat(config.isBootstrapMember()).isFalse();
    }

    @Test
    void shouldExplainWhenNodeIsUnlistedAndHasNoRaftAddress() {
        Map<String, String> p = minimal();
        p.put(QuorumConfig.NODE_ID, "4");

        assertThatThrownBy(() -> new QuorumConfig(p)).hasMessageContaining(QuorumConfig.RAFT_ADDRESS);
    }

    @Test
    void shouldNameKeyAndValueWhenVoterIsMalformed() {
        Map<String, String> p = minimal();
        p.put(QuorumConfig.QUORUM_VOTERS, "1@127.0.0.1:9101,two@host:1");

        assertThatThrownBy(() -> new QuorumConfig(p)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(QuorumConfig.QUORUM_VOTERS).hasMessageContaining("two@host:1");
    }

    @Test
    void shouldRejectDuplicateNodeIdWhenVotersRepeatAnId() {
        Map<String, String> p = minimal();
        p.put(QuorumConfig.QUORUM_VOTERS, "1@h:1,1@h:2");

        assertThatThrownBy(() -> new QuorumConfig(p)).hasMessageContaining("listed twice");
    }

    @Test
    void shouldRejectListenerWhenItIsAlsoAVoter() {
        Map<String, String> p = minimal();
        p.put(QuorumConfig.LISTENERS, "3@h:9");

        assertThatThrownBy(() -> new QuorumConfig(p)).hasMessageContaining(QuorumConfig.LISTENERS)
                .hasMessageContaining("node 3");
    }

    @Test
    void shouldNameKeyAndValueWhenNumberIsOutOfRange() {
        Map<String, String> p = minimal();
        p.put(QuorumConfig.ELECTION_TIMEOUT_MS, "10");

        assertThatThrownBy(() -> new QuorumConfig(p))
                .hasMessageContaining(QuorumConfig.ELECTION_TIMEOUT_MS).hasMessageContaining("'10'");
    }

    @Test
    void shouldNameKeyWhenNumberIsNotANumber() {
        Map<String, String> p = minimal();
        p.put(QuorumConfig.SNAPSHOT_INTERVAL_ENTRIES, "lots");

        assertThatThrownBy(() -> new QuorumConfig(p))
                .hasMessageContaining(QuorumConfig.SNAPSHOT_INTERVAL_ENTRIES).hasMessageContaining("lots");
    }

    @Test
    void shouldRequireKeyWhenRequiredKeyIsMissing() {
        for (String key : new String[] {QuorumConfig.NODE_ID, QuorumConfig.CLUSTER_ID, QuorumConfig.QUORUM_VOTERS,
                QuorumConfig.METADATA_LOG_DIR}) {
            Map<String, String> p = minimal();
            p.remove(key);
            assertThatThrownBy(() -> new QuorumConfig(p)).as(key).hasMessageContaining(key);
        }
    }

    @Test
    void shouldRejectClusterIdWhenItHasIllegalCharacters() {
        Map<String, String> p = minimal();
        p.put(QuorumConfig.CLUSTER_ID, "a b");

        assertThatThrownBy(() -> new QuorumConfig(p)).hasMessageContaining(QuorumConfig.CLUSTER_ID);
    }
}
