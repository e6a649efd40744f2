package io.tributary.admin.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordFormatTest {
    private static final RecordFormat.View RECORD = new RecordFormat.View("orders", 2, 41, 1700000000000L,
            "k1".getBytes(StandardCharsets.UTF_8), "hello".getBytes(StandardCharsets.UTF_8),
            List.of(Map.entry("a", "1".getBytes(StandardCharsets.UTF_8)), Map.entry("b", new byte[0])));

    @Test
    void shouldExpandEveryToken() {
        assertThat(new RecordFormat("%t/%p@%o %T %k=%v [%h] %K %S %%\\t|\\n").format(RECORD))
                .isEqualTo("orders/2@41 1700000000000 k1=hello [a=1,b=] 2 5 %\t|\n");
    }

    @Test
    void shouldPrintNothingForNullKeyAndValue() {
        RecordFormat.View nulls = new RecordFormat.View("t", 0, 0, 0, null, null, List.of());
        assertThat(new RecordFormat("[%k][%v][%K][%S]").format(nulls)).isEqualTo("[][][-1][-1]");
    }

    @Test
    void shouldRejectUnknownTokens() {
        assertThatThrownBy(() -> new RecordFormat("%x")).hasMessageContaining("Invalid format token '%x'");
        assertThatThrownBy(() -> new RecordFormat("abc%")).hasMessageContaining("Invalid format token '%'");
    }

    @Test
    void shouldParseStartOffsetsAndClampThemIntoTheLog() {
        assertThat(OffsetSpecArg.parse("beginning").resolve(5, 20)).isEqualTo(5);
        assertThat(OffsetSpecArg.parse("end").resolve(5, 20)).isEqualTo(20);
        assertThat(OffsetSpecArg.parse("12").resolve(5, 20)).isEqualTo(12);
        assertThat(OffsetSpecArg.parse("99").resolve(5, 20)).isEqualTo(20);
        assertThat(OffsetSpecArg.parse("-3").resolve(5, 20)).isEqualTo(17);
        assertThat(OffsetSpecArg.parse("-30").resolve(5, 20)).isEqualTo(5);
        assertThatThrownBy(() -> OffsetSpecArg.parse("soon")).hasMessageContaining("Invalid offset 'soon'");
    }
}
