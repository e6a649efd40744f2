package io.tributary.admin.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClockSkewTest {

    @Test
    void shouldParseSignedDurationsIntoSeconds() {
        assertThat(ClockSkew.parse("+30s").seconds()).isEqualTo(30);
        assertThat(ClockSkew.parse("-2m").seconds()).isEqualTo(-120);
        assertThat(ClockSkew.parse("+1h").seconds()).isEqualTo(3600);
        assertThat(ClockSkew.parse("0").seconds()).isZero();
    }

    @Test
    void shouldRejectASkewWithoutSignOrWithFractionsOfASecond() {
        assertThatThrownBy(() -> ClockSkew.parse("30s")).hasMessageContaining("use a sign");
        assertThatThrownBy(() -> ClockSkew.parse("+1500ms")).hasMessageContaining("whole seconds");
        assertThatThrownBy(() -> ClockSkew.parse("+x")).hasMessageContaining("Invalid duration");
    }

    @Test
    void shouldKeepTheSkewInTheNodeDirectoryAndForgetItWhenCleared(@TempDir Path dir) throws Exception {
        new ClockSkew(-45).write(dir);
        assertThat(ClockSkew.read(dir)).contains(new ClockSkew(-45));

        new ClockSkew(0).write(dir);
        assertThat(ClockSkew.read(dir)).isEmpty();
    }
}
