package io.decidr.eventstore.testing;

import io.decidr.devservices.postgres.EmbeddedPostgresServer;
import io.decidr.devservices.postgres.PostgresSettings;
import io.decidr.eventstore.EventStoreMigrations;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL server per test JVM (the dev services' embedded one: zonky's binaries, no fsync), and a fresh,
 * migrated database for each caller of {@link #newDatabase()}.
 */
public final class TestPostgres {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgresServer server;

    private TestPostgres() {
    }

    /** The server, started on first use and stopped when the JVM exits (by its own shutdown hook). */
    public static synchronized EmbeddedPostgresServer server() {
        if (server == null) {
            server = new EmbeddedPostgresServer(PostgresSettings.ephemeral()).start();
        }
        return server;
    }

    /** A new empty database with the event store's schema applied. */
    public static Database newDatabase() {
        Database database = newEmptyDatabase();
        EventStoreMigrations.migrate(database.jdbcUrl(), Database.USER, Database.PASSWORD);
        return database;
    }

    /** A new database without any schema (what a release's migrations find on a first install). */
    public static Database newEmptyDatabase() {
        EmbeddedPostgresServer pg = server();
        String name = "test_" + DATABASES.incrementAndGet() + "_" + ProcessHandle.current().pid();
        try (Connection c = pg.postgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name, e);
        }
        return new Database(EmbeddedPostgresServer.HOST, pg.port(), name);
    }

    /** Where one test database lives, and connection factories for it. */
    public record Database(String host, int port, String name) {

        public static final String USER = EmbeddedPostgresServer.USER;
        public static final String PASSWORD = EmbeddedPostgresServer.PASSWORD;

        public String jdbcUrl() {
            return "jdbc:postgresql://" + host + ":" + port + "/" + name;
        }

        public Database via(String otherHost, int otherPort) {
            return new Database(otherHost, otherPort, name);
        }

        public PostgresqlConnectionFactory connectionFactory() {
            return new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration.builder()
                    .host(host)
                    .port(port)
                    .database(name)
                    .username(USER)
                    .password(PASSWORD)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build());
        }

        public ConnectionPool pool(int size) {
            return new ConnectionPool(ConnectionPoolConfiguration.builder(connectionFactory())
                    .initialSize(Math.min(2, size))
                    .maxSize(size)
                    .maxAcquireTime(Duration.ofSeconds(30))
                    .build());
        }

        public java.sql.Connection jdbc() throws SQLException {
            return java.sql.DriverManager.getConnection(jdbcUrl(), USER, PASSWORD);
        }
    }
}
