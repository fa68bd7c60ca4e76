package io.decidr.devservices.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresServerIT {

    @TempDir
    Path dataDirectory;

    @Test
    void a_test_server_runs_without_fsync_on_a_free_port() throws SQLException {
        try (EmbeddedPostgresServer server = new EmbeddedPostgresServer(PostgresSettings.ephemeral()).start();
             Connection connection = server.postgresDatabase().getConnection()) {
            assertThat(server.port()).isPositive();
            assertThat(setting(connection, "fsync")).isEqualTo("off");
            assertThat(setting(connection, "max_connections")).isEqualTo("300");
        }
    }

    @Test
    void a_kept_server_commits_durably_and_keeps_its_data_across_a_restart() throws SQLException {
        PostgresSettings settings = PostgresSettings.persistent(dataDirectory, 0);
        EmbeddedPostgresServer first = new EmbeddedPostgresServer(settings).start();
        try (Connection connection = DriverManager.getConnection(first.jdbcUrl("postgres"),
                EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD);
             Statement statement = connection.createStatement()) {
            assertThat(setting(connection, "fsync")).isEqualTo("on");
            assertThat(setting(connection, "synchronous_commit")).isEqualTo("on");
            statement.execute("CREATE TABLE notes (text text)");
            statement.execute("INSERT INTO notes VALUES ('still here')");
        } finally {
            first.stop();
        }
        assertThat(first.isRunning()).isFalse();

        try (EmbeddedPostgresServer second = new EmbeddedPostgresServer(settings).start();
             Connection connection = second.postgresDatabase().getConnection();
             Statement statement = connection.createStatement();
             ResultSet notes = statement.executeQuery("SELECT text FROM notes")) {
            assertThat(notes.next()).isTrue();
            assertThat(notes.getString(1)).isEqualTo("still here");
        }
    }

    private static String setting(Connection connection, String name) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SHOW " + name)) {
            row.next();
            return row.getString(1);
        }
    }
}
