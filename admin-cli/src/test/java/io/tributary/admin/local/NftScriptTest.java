package io.tributary.admin.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class NftScriptTest {

    @Test
    void shouldNameTheTableAfterTheClusterIdWithOnlyCharactersNftAccepts() {
        assertThat(NftScript.table("MkU3OEVBNTcwNTJENDM2Qk-_x")).isEqualTo("tributary_mku3oevbntcwntje");
        assertThat(NftScript.table("ab-C")).isEqualTo("tributary_abc");
    }

    @Test
    void shouldDropBothDirectionsOfEveryLinkWhenPartitioning() {
        String script = NftScript.partition("t", List.of("127.10.0.1"), List.of("127.10.0.2", "127.10.0.3"));

        assertThat(script).startsWith("add table inet t\n");
        assertThat(script).contains("add chain inet t input { type filter hook input priority -10; policy accept; }\n");
        assertThat(script).contains("add chain inet t output { type filter hook output priority -10; policy accept; }\n");
        for (String chain : List.of("input", "output")) {
            for (String other : List.of("127.10.0.2", "127.10.0.3")) {
                assertThat(script).contains("add rule inet t " + chain + " ip saddr 127.10.0.1 ip daddr " + other + " drop\n");
                assertThat(script).contains("add rule inet t " + chain + " ip saddr " + other + " ip daddr 127.10.0.1 drop\n");
            }
        }
        assertThat(script.lines().filter(l -> l.startsWith("add rule")).count()).isEqualTo(8);
        assertThat(script).doesNotContain("127.10.0.2 ip daddr 127.10.0.3");
    }

    @Test
    void shouldRejectANodeOnBothSidesWhenPartitioning() {
        assertThatThrownBy(() -> NftScript.partition("t", List.of("127.10.0.1"), List.of("127.10.0.1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("both sides");
    }

    @Test
    void shouldCreateThenDeleteTheTableWhenHealingSoThatHealingTwiceSucceeds() {
        assertThat(NftScript.heal("t")).startsWith("add table inet t\n").endsWith("delete table inet t\n");
    }
}
