package io.tributary.testcontainers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * The Tributary image under test, built once per test JVM from docker/Dockerfile and the jars this
 * reactor build just made (paths from the failsafe configuration). Base image: TRIBUTARY_BASE_IMAGE
 * (CI builds a local one, docker/build-local-base.sh), else the Dockerfile's public default.
 */
final class TestImage {
    private static Future<String> image;

    private TestImage() {
    }

    /**
     * Skips the calling test when there is no Docker engine — except under CI=true, where a missing
     * engine fails the run, so CI can never pass with these tests silently skipped.
     */
    static void requireDocker() {
        if (DockerClientFactory.instance().isDockerAvailable()) {
            return;
        }
        if ("true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true but no Docker engine is reachable: the Testcontainers tests must run in CI"
                    + " (.ci/run starts dockerd: docker/ci-engine.sh)");
        }
        Assumptions.abort("No Docker engine reachable: Testcontainers tests skipped (they run in CI)");
    }

    static synchronized Future<String> tributary() {
        if (image == null) {
            ImageFromDockerfile build = new ImageFromDockerfile("tributary-it", false)
                    .withFileFromPath("Dockerfile", existing("tributary.image.dockerfile"))
                    .withFileFromPath("tributary-entrypoint.sh", existing("tributary.image.entrypoint"))
                    .withFileFromPath("lib", existing("tributary.image.lib"))
                    .withFileFromPath("lib/admin-cli.jar", existing("tributary.image.jar"));
            String base = System.getenv("TRIBUTARY_BASE_IMAGE");
            if (base != null && !base.isBlank()) {
                build.withBuildArg("BASE_IMAGE", base);
            }
            image = build;
        }
        return image;
    }

    private static Path existing(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("System property " + property + " is not set (run through Maven: see testcontainers/pom.xml)");
        }
        Path path = Path.of(value).normalize();
        if (!Files.exists(path)) {
            throw new IllegalStateException(property + "=" + path + " does not exist: build admin-cli first"
                    + " (mvn -pl testcontainers -am verify)");
        }
        return path;
    }
}
