package io.decidr.devservices.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PidFileTest {

    @TempDir
    Path folder;

    @Test
    void stops_the_server_it_names_when_its_command_line_shows_it_is_ours() throws IOException, InterruptedException {
        String name = "left-behind-" + UUID.randomUUID();
        Process left = new ProcessBuilder("sh", "-c", "sleep 60", name).start();
        PidFile file = new PidFile(folder.resolve("server.pid"));
        Files.writeString(file.file(), Long.toString(left.pid()));
        try {
            file.stopLeftBehind("test server", Duration.ofSeconds(10), arguments -> arguments.contains("other"));
            assertThat(left.isAlive()).as("not recognised: a pid reused by another program").isTrue();

            file.stopLeftBehind("test server", Duration.ofSeconds(10), arguments -> arguments.contains(name));
            assertThat(left.waitFor(10, TimeUnit.SECONDS)).as("stopped").isTrue();
        } finally {
            left.destroyForcibly();
        }
    }

    @Test
    void a_missing_or_unreadable_file_names_nothing() throws IOException {
        PidFile file = new PidFile(folder.resolve("server.pid"));
        file.stopLeftBehind("test server", Duration.ofSeconds(1), arguments -> true);
        Files.writeString(file.file(), "not a pid");
        file.stopLeftBehind("test server", Duration.ofSeconds(1), arguments -> true);
        assertThat(file.file()).exists();
    }
}
