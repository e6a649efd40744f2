package io.tributary.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeCommandTest {

    private static NodeCommand parsed(String... args) {
        return NodeCommand.fromPlainArgs(args).orElseThrow();
    }

    @Test
    void shouldReadTheOptionsLocalClustersStartNodesWith() {
        NodeCommand c = parsed("node", "--config", "/d/node.properties", "--ready-file", "/d/broker.ready");

        assertThat(c.config).isEqualTo(Path.of("/d/node.properties"));
        assertThat(c.readyFile).isEqualTo(Path.of("/d/broker.ready"));
        assertThat(c.overrides).isEmpty();
    }

    @Test
    void shouldReadShortNamesJoinedValuesAndRepeatedOverrides() {
        NodeCommand c = parsed("node", "-c", "n.properties", "--override=node.id=2", "--override", "log.dirs=/x");

        assertThat(c.config).isEqualTo(Path.of("n.properties"));
        assertThat(c.readyFile).isNull();
        assertThat(c.overrides).containsExactly("node.id=2", "log.dirs=/x");
    }

    @Test
    void shouldLeaveEverythingElseToPicocliAndItsMessages() {
        for (List<String> args : List.of(
                List.of("node"),
                List.of("node", "--help"),
                List.of("node", "--config"),
                List.of("node", "--ready-file", "r"),
                List.of("node", "--config", "c", "--verbose"),
                List.of("node", "--config", "c", "--confg", "d"),
                List.of("topic", "--config", "c"))) {
            assertThat(NodeCommand.fromPlainArgs(args.toArray(String[]::new))).as("%s", args).isEmpty();
        }
    }

    @Test
    void shouldFailLikeTheCliForAMissingConfigFile(@org.junit.jupiter.api.io.TempDir Path dir) {
        java.io.StringWriter err = new java.io.StringWriter();

        int exit = TributaryCli.run(new String[] {"node", "--config", dir.resolve("missing.properties").toString()},
                new java.io.PrintWriter(new java.io.StringWriter()), new java.io.PrintWriter(err));

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).startsWith("Error: ").contains("missing.properties");
    }
}
