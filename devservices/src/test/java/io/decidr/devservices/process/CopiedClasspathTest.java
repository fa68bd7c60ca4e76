package io.decidr.devservices.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CopiedClasspathTest {

    private static final CopiedClasspath CASSANDRA = new CopiedClasspath("Cassandra server",
            "decidr.cassandra.server-lib", "DECIDR_CASSANDRA_SERVER_LIB", "embedded-cassandra", "cassandra-all-");

    @TempDir
    Path checkout;

    @Test
    void findsTheCopyFromTheCheckoutRootTheDevservicesModuleAndAnyOtherModule() throws IOException {
        Path module = checkout.resolve(CopiedClasspath.MODULE);
        Path lib = Files.createDirectories(module.resolve(CASSANDRA.relativeToModule()));
        Path cassandraModule = Files.createDirectories(checkout.resolve("cassandra"));
        Path deeper = Files.createDirectories(checkout.resolve("platform-api").resolve("target"));

        assertThat(lib).isEqualTo(checkout.resolve("devservices/target/embedded-cassandra/lib"));
        assertThat(CASSANDRA.search(checkout)).isEqualTo(lib);
        assertThat(CASSANDRA.search(module)).isEqualTo(lib);
        assertThat(CASSANDRA.search(cassandraModule)).isEqualTo(lib);
        assertThat(CASSANDRA.search(deeper)).isEqualTo(lib);
    }

    @Test
    void tellsHowToBuildTheClasspathWhenItIsMissing() {
        assertThatThrownBy(() -> CASSANDRA.search(checkout))
                .isInstanceOf(DevServiceException.class)
                .hasMessageContaining("No Cassandra server classpath found")
                .hasMessageContaining("./mvnw -pl devservices -am install -DskipTests")
                .hasMessageContaining("decidr.cassandra.server-lib")
                .hasMessageContaining("DECIDR_CASSANDRA_SERVER_LIB");
    }

    @Test
    void takesTheConfiguredFolderFirst() throws IOException {
        Files.createFile(checkout.resolve("cassandra-all-5.0.9.jar"));

        assertThat(CASSANDRA.locate(checkout)).containsExactly(checkout.resolve("cassandra-all-5.0.9.jar"));
    }

    @Test
    void putsTheServerJarFirst() throws IOException {
        for (String jar : new String[] {"antlr-runtime-3.5.2.jar", "cassandra-all-5.0.9.jar",
                "cassandra-driver-core-3.12.1-shaded.jar", "zstd-jni-1.5.7-2.jar", "README.txt"}) {
            Files.createFile(checkout.resolve(jar));
        }

        assertThat(CASSANDRA.jarsIn(checkout)).extracting(jar -> jar.getFileName().toString())
                .containsExactly("cassandra-all-5.0.9.jar", "antlr-runtime-3.5.2.jar",
                        "cassandra-driver-core-3.12.1-shaded.jar", "zstd-jni-1.5.7-2.jar");
    }

    @Test
    void refusesAFolderWithoutOrWithTwoServerJars() throws IOException {
        Files.createFile(checkout.resolve("guava-32.0.1-jre.jar"));
        assertThatThrownBy(() -> CASSANDRA.jarsIn(checkout))
                .isInstanceOf(DevServiceException.class)
                .hasMessageContaining("found []");

        Files.createFile(checkout.resolve("cassandra-all-5.0.8.jar"));
        Files.createFile(checkout.resolve("cassandra-all-5.0.9.jar"));
        assertThatThrownBy(() -> CASSANDRA.jarsIn(checkout))
                .isInstanceOf(DevServiceException.class)
                .hasMessageContaining("two versions of the Cassandra server");
    }
}
