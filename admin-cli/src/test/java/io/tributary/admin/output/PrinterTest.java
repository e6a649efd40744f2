package io.tributary.admin.output;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.admin.output.Printer.Table;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrinterTest {
    private static final Map<String, Object> VALUE = Json.obj("topics", List.of(
            Json.obj("name", "orders", "partitions", 3, "replicas", List.of(1, 2, 3), "config", Json.obj("retention.ms", "3600000")),
            Json.obj("name", "a-much-longer-topic-name", "partitions", 12, "replicas", List.of(), "config", null)));
    private static final List<Table> TABLES = List.of(
            new Table("Topics:", List.of("NAME", "PARTITIONS", "REPLICAS"), List.of(
                    List.of("orders", "3", "1,2,3"), List.of("a-much-longer-topic-name", "12", ""))),
            new Table(null, List.of("KEY", "VALUE"), List.of(List.of("retention.ms", "3600000"))));

    private static String render(OutputFormat format, boolean colour) {
        StringWriter s = new StringWriter();
        new Printer(new PrintWriter(s), format, colour).print(VALUE, TABLES);
        return s.toString();
    }

    @Test
    void shouldAlignTablesAsInTheGoldenFile() throws IOException {
        Golden.assertMatches("printer-table.txt", render(OutputFormat.TABLE, false));
    }

    @Test
    void shouldPrintJsonAsInTheGoldenFile() throws IOException {
        Golden.assertMatches("printer.json", render(OutputFormat.JSON, false));
    }

    @Test
    void shouldPrintYamlAsInTheGoldenFile() throws IOException {
        Golden.assertMatches("printer.yaml", render(OutputFormat.YAML, false));
    }

    @Test
    void shouldColourOnlyTheHeaderRowWhenColoursAreOn() {
        String[] lines = render(OutputFormat.TABLE, true).split("\n");
        assertThat(lines[1]).startsWith("\u001b[1mNAME").endsWith("\u001b[0m");
        assertThat(Arrays.stream(lines).filter(l -> l.contains("\u001b[")).count()).isEqualTo(2);
    }

    @Test
    void shouldRenderAProgressBarWithPercentCountAndEta() {
        assertThat(ProgressBar.render("Moving", 1, 4, java.time.Duration.ofSeconds(65)))
                .isEqualTo("Moving [########                      ]  25% 1/4 ETA 1m05s");
        assertThat(ProgressBar.render("Moving", 0, 4, null)).isEqualTo("Moving [                              ]   0% 0/4");
        assertThat(ProgressBar.formatEta(java.time.Duration.ofMinutes(62))).isEqualTo("1h02m");
    }

    @Test
    void shouldDrawNothingWhenNotOnATerminal() {
        StringWriter s = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(s), false);
        bar.update("x", 1, 2, null);
        bar.finish();
        assertThat(s.toString()).isEmpty();
    }
}
