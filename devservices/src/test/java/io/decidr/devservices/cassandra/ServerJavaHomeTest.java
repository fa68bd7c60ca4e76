package io.decidr.devservices.cassandra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.decidr.devservices.process.DevServiceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerJavaHomeTest {

    @TempDir
    Path jvms;

    @Test
    void takesAnExplicitJdk17() throws IOException {
        Path home = fakeJdk("chosen", "17.0.15");

        Path java = ServerJavaHome.locateJava(Optional.of(home.toString()), List.of(), Optional.empty());

        assertThat(java).isEqualTo(home.resolve("bin/java"));
    }

    @Test
    void refusesAnExplicitHomeOfAnotherVersionInsteadOfFallingBack() throws IOException {
        Path home = fakeJdk("jdk25", "25.0.1");
        Path jdk17 = fakeJdk("jdk17", "17.0.15");

        assertThatThrownBy(() -> ServerJavaHome.locateJava(Optional.of(home.toString()), List.of(jdk17),
                Optional.empty()))
                .isInstanceOf(DevServiceException.class)
                .hasMessageContaining("is Java 25")
                .hasMessageContaining("needs a JDK 17")
                .hasMessageContaining(ServerJavaHome.PROPERTY);
    }

    @Test
    void refusesAnExplicitHomeWithoutJava() {
        assertThatThrownBy(() -> ServerJavaHome.locateJava(Optional.of(jvms.toString()), List.of(), Optional.empty()))
                .isInstanceOf(DevServiceException.class)
                .hasMessageContaining("no executable");
    }

    @Test
    void takesTheFirstWellKnownJdk17() throws IOException {
        Path missing = jvms.resolve("missing");
        Path jdk21 = fakeJdk("jdk21", "21.0.2");
        Path jdk17 = fakeJdk("jdk17", "17.0.9");

        Path java = ServerJavaHome.locateJava(Optional.empty(), List.of(missing, jdk21, jdk17), Optional.empty());

        assertThat(java).isEqualTo(jdk17.resolve("bin/java"));
    }

    @Test
    void fallsBackToJavaOnThePath() throws IOException {
        Path onPath = fakeJdk("system", "17.0.15").resolve("bin/java");

        Path java = ServerJavaHome.locateJava(Optional.empty(), List.of(jvms.resolve("missing")), Optional.of(onPath));

        assertThat(java).isEqualTo(onPath);
    }

    @Test
    void saysWhatItTriedWhenThereIsNoJdk17() throws IOException {
        Path jdk25 = fakeJdk("jdk25", "25");
        Path onPath = fakeJdk("system", "21.0.2").resolve("bin/java");

        assertThatThrownBy(() -> ServerJavaHome.locateJava(Optional.empty(), List.of(jdk25), Optional.of(onPath)))
                .isInstanceOf(DevServiceException.class)
                .hasMessageContaining(jdk25 + " (Java 25)")
                .hasMessageContaining("on the PATH (Java 21)")
                .hasMessageContaining(ServerJavaHome.ENVIRONMENT);
    }

    @Test
    void readsMajorVersions() {
        assertThat(ServerJavaHome.major("17.0.15")).isEqualTo(17);
        assertThat(ServerJavaHome.major("25")).isEqualTo(25);
        assertThat(ServerJavaHome.major("21-ea")).isEqualTo(21);
        assertThat(ServerJavaHome.major("1.8.0_402")).isEqualTo(8);
    }

    @Test
    void asksTheJavaWhenAHomeHasNoReleaseFile() throws IOException {
        Path home = jvms.resolve("norelease");
        Files.createDirectories(home.resolve("bin"));
        Path java = Files.writeString(home.resolve("bin/java"),
                "#!/bin/sh\necho 'openjdk version \"17.0.4\" 2022-07-19' >&2\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));

        assertThat(ServerJavaHome.majorVersion(home)).isEqualTo(17);
    }

    private Path fakeJdk(String name, String version) throws IOException {
        Path home = jvms.resolve(name);
        Files.createDirectories(home.resolve("bin"));
        Path java = Files.writeString(home.resolve("bin/java"), "#!/bin/sh\nexit 1\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"test\"\nJAVA_VERSION=\"" + version + "\"\n");
        return home;
    }
}
