package io.tributary.log.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDirFactory;

/**
 * Puts a JUnit {@code @TempDir} on tmpfs ({@code /dev/shm}) when there is one, for tests that
 * create thousands of files and fsync them but test something other than durability (handle
 * bounds). JUnit still creates and removes the directory.
 */
public final class MemoryBackedTempDirFactory implements TempDirFactory {

    @Override
    public Path createTempDirectory(AnnotatedElementContext element, ExtensionContext extension) throws IOException {
        Path shm = Path.of("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm)) {
            return Files.createTempDirectory(shm, "junit-log-");
        }
        return Files.createTempDirectory("junit-log-");
    }
}
