package io.tributary.admin.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden-file comparison: {@code src/test/resources/golden/NAME} holds the expected text. Run with
 * {@code -Dgolden.update=true} to rewrite the files from the actual output (then review the diff).
 */
public final class Golden {
    private Golden() {
    }

    public static void assertMatches(String name, String actual) throws IOException {
        Path file = Path.of("src/test/resources/golden", name);
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, actual);
            return;
        }
        assertThat(Files.exists(file)).as("golden file %s exists (create it with -Dgolden.update=true)", file).isTrue();
        assertThat(actual).as("output matches %s", file).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
    }
}
