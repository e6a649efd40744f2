package io.tributary.admin.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {

    @Test
    void shouldWriteAMachineReadableVerdictWithTheChecksAndAnHtmlPage(@TempDir Path dir) throws Exception {
        ChaosReport report = new ChaosReport(Map.of("nodes", 3), 9, List.of(), List.of(new Timeline.Second(0, 1, 0, 1, 2, 2, 2)),
                List.of(new CheckResult("lost", "nothing lost", 2, List.of("x lost", "y lost"))), Map.of("sent", 2L));

        Path html = ReportWriter.write(report, dir);

        JsonNode json = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
        assertThat(json.get("verdict").asText()).isEqualTo("FAIL");
        assertThat(json.get("passed").asBoolean()).isFalse();
        assertThat(json.get("seed").asLong()).isEqualTo(9);
        assertThat(json.get("checks").get(0).get("violations").asLong()).isEqualTo(2);
        assertThat(json.get("checks").get(0).get("examples").get(1).asText()).isEqualTo("y lost");
        assertThat(json.get("timeline").get(0).get("p99Ms").asLong()).isEqualTo(2);
        assertThat(Files.readString(html)).contains("<svg");
    }
}
