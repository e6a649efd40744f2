package io.tributary.log.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointFileTest {

    @TempDir
    Path dir;

    @Test
    void shouldReturnEmptyWhenFileIsMissing() throws IOException {
        assertThat(new CheckpointFile(dir.resolve("missing")).read()).isEmpty();
    }

    @Test
    void shouldRoundTripLinesWhenWritten() throws IOException {
        CheckpointFile file = new CheckpointFile(dir.resolve("cp"));
        file.write(List.of("0 10", "3 250"));
        assertThat(file.read()).contains(List.of("0 10", "3 250"));
    }

    @Test
    void shouldRoundTripNoLinesWhenWrittenEmpty() throws IOException {
        CheckpointFile file = new CheckpointFile(dir.resolve("cp"));
        file.write(List.of());
        assertThat(file.read()).contains(List.of());
    }

    @Test
    void shouldWriteVersionAndCountHeaderWhenWritten() throws IOException {
        Path path = dir.resolve("cp");
        new CheckpointFile(path, 2).write(List.of("a", "b"));
        assertThat(Files.readString(path, StandardCharsets.UTF_8)).isEqualTo("2\n2\na\nb\n");
    }

    @Test
    void shouldReplaceOldContentAndLeaveNoTempFileWhenRewritten() throws IOException {
        CheckpointFile file = new CheckpointFile(dir.resolve("cp"));
        file.write(List.of("1", "2", "3"));
        file.write(List.of("4"));
        assertThat(file.read()).contains(List.of("4"));
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("cp");
        }
    }

    @Test
    void shouldIgnoreStaleTempFileWhenReading() throws IOException {
        CheckpointFile file = new CheckpointFile(dir.resolve("cp"));
        file.write(List.of("kept"));
        Files.writeString(dir.resolve("cp.tmp"), "0\n1\nhalf-writ");
        assertThat(file.read()).contains(List.of("kept"));
        file.write(List.of("next"));
        assertThat(file.read()).contains(List.of("next"));
    }

    @Test
    void shouldThrowNamingPathWhenFileIsTruncated() throws IOException {
        Path path = dir.resolve("cp");
        Files.writeString(path, "0\n3\na\nb\n");
        assertThatThrownBy(() -> new CheckpointFile(path).read())
                .isInstanceOf(IOException.class)
                .hasMessageContaining(path.toString())
                .hasMessageContaining("expected 3 lines but found 2");
    }

    @Test
    void shouldThrowNamingPathWhenVersionDiffers() throws IOException {
        Path path = dir.resolve("cp");
        Files.writeString(path, "1\n0\n");
        assertThatThrownBy(() -> new CheckpointFile(path).read())
                .isInstanceOf(IOException.class)
                .hasMessageContaining(path.toString())
                .hasMessageContaining("unsupported version 1");
    }

    @Test
    void shouldThrowNamingPathWhenHeaderIsNotANumber() throws IOException {
        Path path = dir.resolve("cp");
        Files.writeString(path, "zero\n0\n");
        assertThatThrownBy(() -> new CheckpointFile(path).read())
                .isInstanceOf(IOException.class)
                .hasMessageContaining(path.toString())
                .hasMessageContaining("malformed version");
    }

    @Test
    void shouldThrowNamingPathWhenFileIsEmpty() throws IOException {
        Path path = dir.resolve("cp");
        Files.write(path, new byte[0]);
        assertThatThrownBy(() -> new CheckpointFile(path).read())
                .isInstanceOf(IOException.class)
                .hasMessageContaining(path.toString());
    }

    @Test
    void shouldThrowNamingPathWhenBytesAreNotUtf8() throws IOException {
        Path path = dir.resolve("cp");
        Files.write(path, new byte[] {'0', '\n', '1', '\n', (byte) 0xff, (byte) 0xfe, '\n'});
        assertThatThrownBy(() -> new CheckpointFile(path).read())
                .isInstanceOf(IOException.class)
                .hasMessageContaining(path.toString());
    }

    @Test
    void shouldThrowNamingPathWhenCountIsNegative() throws IOException {
        Path path = dir.resolve("cp");
        Files.writeString(path, "0\n-1\n");
        assertThatThrownBy(() -> new CheckpointFile(path).read())
                .isInstanceOf(IOException.class)
                .hasMessageContaining(path.toString());
    }

    @Test
    void shouldRejectLineWithLineBreakWhenWriting() {
        CheckpointFile file = new CheckpointFile(dir.resolve("cp"));
        assertThatThrownBy(() -> file.write(List.of("a\nb")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Files.exists(dir.resolve("cp"))).isFalse();
    }

    @Test
    void shouldNameThePathWhenCallerReportsCorruption() {
        Path path = dir.resolve("cp");
        assertThat(new CheckpointFile(path).corruption("bad entry").getMessage())
                .contains(path.toString()).contains("bad entry");
    }
}
