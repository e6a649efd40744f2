package io.tributary.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LogConfigTest {

    @Test
    void shouldUseKafkaDefaultsWhenNothingIsOverridden() {
        LogConfig config = LogConfig.defaults();
        assertThat(config.segmentBytes()).isEqualTo(1 << 30);
        assertThat(config.segmentMs()).isEqualTo(604_800_000L);
        assertThat(config.segmentIndexBytes()).isEqualTo(10 * 1024 * 1024);
        assertThat(config.indexIntervalBytes()).isEqualTo(4096);
        assertThat(config.retentionMs()).isEqualTo(604_800_000L);
        assertThat(config.retentionBytes()).isEqualTo(-1L);
        assertThat(config.maxMessageBytes()).isEqualTo(1048588);
        assertThat(config.flushMessages()).isEqualTo(Long.MAX_VALUE);
        assertThat(config.flushMs()).isEqualTo(Long.MAX_VALUE);
        assertThat(config.fileDeleteDelayMs()).isEqualTo(60_000L);
        assertThat(config.flushOnAppend()).isFalse();
    }

    @Test
    void shouldParseStringsWhenBuiltFromAMap() {
        LogConfig config = LogConfig.fromMap(Map.of("segment.bytes", "4096", "tributary.flush.on.append", "true",
                "retention.ms", -1, "unrelated.key", "x"));
        assertThat(config.segmentBytes()).isEqualTo(4096);
        assertThat(config.flushOnAppend()).isTrue();
        assertThat(config.retentionMs()).isEqualTo(-1L);
    }

    @Test
    void shouldReturnACopyWhenOneKeyIsChanged() {
        LogConfig base = LogConfig.defaults();
        LogConfig changed = base.with(LogConfig.SEGMENT_BYTES, 1000);
        assertThat(changed.segmentBytes()).isEqualTo(1000);
        assertThat(base.segmentBytes()).isEqualTo(1 << 30);
    }

    @Test
    void shouldNameKeyAndValueWhenAValueIsInvalid() {
        assertThatThrownBy(() -> LogConfig.defaults().with(LogConfig.SEGMENT_BYTES, -5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("segment.bytes").hasMessageContaining("-5");
        assertThatThrownBy(() -> LogConfig.fromMap(Map.of("flush.ms", "soon")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("flush.ms").hasMessageContaining("soon");
        assertThatThrownBy(() -> LogConfig.defaults().with("tributary.flush.on.append", "maybe"))
                .hasMessageContaining("tributary.flush.on.append");
        assertThatThrownBy(() -> LogConfig.defaults().with("no.such.key", 1))
                .hasMessageContaining("no.such.key");
    }
}
