package io.decidr.cassandra.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerClasspathTest {

    @TempDir
    Path checkout;

    @Test
    void findsTheModulesLibFromTheCheckoutRootTheModuleAndASiblingModule() throws IOException {
        Path lib = Files.createDirectories(checkout.resolve("cassandra").resolve(ServerClasspath.RELATIVE_TO_MODULE));
        Path sibling = Files.createDirectories(checkout.resolve("platform-api"));

        assertThat(ServerClasspath.search(checkout)).isEqualTo(lib);
        assertThat(ServerClasspath.search(checkout.resolve("cassandra"))).isEqualTo(lib);
        assertThat(ServerClasspath.search(sibling)).isEqualTo(lib);
    }

    @Test
    void tellsHowToBuildTheClasspathWhenItIsMissing() {
        assertThatThrownBy(() -> ServerClasspath.search(checkout))
                .isInstanceOf(EmbeddedCassandraException.class)
                .hasMessageContaining("mvn -pl cassandra -am install -DskipTests")
                .hasMessageContaining(ServerClasspath.PROPERTY);
    }

    @Test
    void putsTheServerJarFirst() throws IOException {
        for (String jar : new String[] {"antlr-runtime-3.5.2.jar", "cassandra-all-5.0.9.jar",
                "cassandra-driver-core-3.12.1-shaded.jar", "zstd-jni-1.5.7-2.jar", "README.txt"}) {
            Files.createFile(checkout.resolve(jar));
        }

        assertThat(ServerClasspath.jarsIn(checkout)).extracting(jar -> jar.getFileName().toString())
                .containsExactly("cassandra-all-5.0.9.jar", "antlr-runtime-3.5.2.jar",
                        "cassandra-driver-core-3.12.1-shaded.jar", "zstd-jni-1.5.7-2.jar");
    }

    @Test
    void refusesAFolderWithoutOrWithTwoServerJars() throws IOException {
        Files.createFile(checkout.resolve("guava-32.0.1-jre.jar"));
        assertThatThrownBy(() -> ServerClasspath.jarsIn(checkout))
                .isInstanceOf(EmbeddedCassandraException.class)
                .hasMessageContaining("found []");

        Files.createFile(checkout.resolve("cassandra-all-5.0.8.jar"));
        Files.createFile(checkout.resolve("cassandra-all-5.0.9.jar"));
        assertThatThrownBy(() -> ServerClasspath.jarsIn(checkout))
                .isInstanceOf(EmbeddedCassandraException.class)
                .hasMessageContaining("two Cassandra versions");
    }
}
