package io.decidr.devservices.cassandra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.decidr.devservices.process.DevServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dev profile's mode: a given data folder survives a stop and a start. */
class KeptDataFolderIT {

    @TempDir
    Path dataFolder;

    @Test
    void dataWrittenBeforeAStopIsThereAfterTheNextStart() {
        // free ports rather than 9042/7000: a developer's running app may hold those
        CassandraSettings settings = CassandraSettings.persistent(dataFolder).withNativePort(0).withStoragePort(0);

        try (EmbeddedCassandra first = new EmbeddedCassandra(settings).start()) {
            try (EmbeddedCassandra intruder = new EmbeddedCassandra(settings)) {
                assertThatThrownBy(intruder::start)
                        .isInstanceOf(DevServiceException.class)
                        .hasMessageContaining("(pid " + first.pid() + ") is running on the data folder");
            }
            try (CqlSession admin = TestSessions.builder(first).build()) {
                TestSessions.createKeyspace(admin, "kept");
                admin.execute("CREATE TABLE kept.notes (id int PRIMARY KEY, text text)");
                admin.execute("INSERT INTO kept.notes (id, text) VALUES (1, 'still here')");
            }
        }
        assertThat(Files.isDirectory(dataFolder.resolve("data").resolve("kept"))).isTrue();

        try (EmbeddedCassandra second = new EmbeddedCassandra(settings).start();
             CqlSession session = TestSessions.builder(second).build()) {
            Row row = session.execute("SELECT text FROM kept.notes WHERE id = 1").one();
            assertThat(row).isNotNull();
            assertThat(row.getString("text")).isEqualTo("still here");
        }
    }
}
