package io.decidr.devservices.cassandra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemporaryDataFolderTest {

    @TempDir
    Path elsewhere;

    @Test
    void recognisesOnlyFoldersItCreated() throws IOException {
        Path created = TemporaryDataFolder.create();
        try {
            Files.createDirectories(created.resolve("data/system"));
            Files.writeString(created.resolve("data/system/file"), "x");

            assertThat(TemporaryDataFolder.isOne(created)).isTrue();
            assertThat(TemporaryDataFolder.isOne(elsewhere)).isFalse();
            assertThat(TemporaryDataFolder.isOne(elsewhere.resolve("decidr-cassandra-123"))).isFalse();
            assertThat(TemporaryDataFolder.isOne(Path.of("/var/lib/decidr-cassandra-1"))).isFalse();
        } finally {
            TemporaryDataFolder.delete(created);
        }
        assertThat(created).doesNotExist();
    }
}
