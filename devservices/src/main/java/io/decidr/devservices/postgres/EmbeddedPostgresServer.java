package io.decidr.devservices.postgres;

import io.decidr.devservices.process.ShutdownHook;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One PostgreSQL server from zonky's embedded binaries, for the dev profile and for tests: the one way both start it.
 * zonky runs {@code initdb} and {@code pg_ctl} itself and waits until the server accepts connections, so this adapter
 * only chooses the settings and stops the server on {@link #stop()} or when the JVM exits.
 *
 * <pre>{@code
 * EmbeddedPostgresServer postgres = new EmbeddedPostgresServer(PostgresSettings.ephemeral()).start();
 * String url = postgres.jdbcUrl("postgres");
 * }</pre>
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    public static final String HOST = "localhost";
    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    private static final String NAME = "embedded PostgreSQL";

    private final PostgresSettings settings;
    private EmbeddedPostgres postgres;
    private ShutdownHook shutdownHook;

    public EmbeddedPostgresServer(PostgresSettings settings) {
        this.settings = settings;
    }

    /** Starts the server and returns once it accepts connections. */
    public synchronized EmbeddedPostgresServer start() {
        if (postgres != null) {
            throw new IllegalStateException("PostgreSQL is already running on port " + postgres.getPort());
        }
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
            if (settings.dataDirectory() != null) {
                builder.setDataDirectory(Files.createDirectories(settings.dataDirectory()))
                        .setCleanDataDirectory(false);
            }
            if (settings.port() != 0) {
                builder.setPort(settings.port());
            }
            settings.effectiveConfig().forEach(builder::setServerConfig);
            postgres = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the " + NAME
                    + (settings.dataDirectory() == null ? "" : " in " + settings.dataDirectory()), e);
        }
        shutdownHook = ShutdownHook.register(NAME, this::stop);
        LOG.info("PostgreSQL is up on {}:{} (data {})", HOST, postgres.getPort(),
                settings.dataDirectory() == null ? "temporary" : settings.dataDirectory());
        return this;
    }

    /** Stops the server (a temporary data folder goes with it). Does nothing if it is not running. */
    public synchronized void stop() {
        if (postgres == null) {
            return;
        }
        EmbeddedPostgres stopping = postgres;
        postgres = null;
        shutdownHook.remove();
        try {
            stopping.close();
        } catch (IOException e) {
            throw new UncheckedIOException("could not stop the " + NAME, e);
        }
    }

    @Override
    public void close() {
        stop();
    }

    public synchronized boolean isRunning() {
        return postgres != null;
    }

    public synchronized int port() {
        return running().getPort();
    }

    /** The server's {@code postgres} database, as the superuser: for creating test databases. */
    public synchronized DataSource postgresDatabase() {
        return running().getPostgresDatabase();
    }

    public synchronized String jdbcUrl(String database) {
        return "jdbc:postgresql://" + HOST + ":" + port() + "/" + database;
    }

    public synchronized String r2dbcUrl(String database) {
        return "r2dbc:postgresql://" + HOST + ":" + port() + "/" + database;
    }

    private EmbeddedPostgres running() {
        if (postgres == null) {
            throw new IllegalStateException("PostgreSQL is not running");
        }
        return postgres;
    }
}
