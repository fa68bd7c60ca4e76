package io.decidr.platform.config;

import com.datastax.oss.driver.api.core.CqlSession;
import io.decidr.cassandra.schema.CqlMigration;
import io.decidr.cassandra.schema.CqlMigrations;
import io.decidr.cassandra.schema.KeyspaceReplication;
import io.decidr.cassandra.schema.MigrationException;
import io.decidr.cassandra.session.CassandraConnection;
import io.decidr.cassandra.session.CassandraSessions;
import io.decidr.eventstore.EventStoreMigrations;
import io.decidr.platform.config.MigrationsProperties.Mode;
import java.util.List;
import org.springframework.boot.autoconfigure.r2dbc.R2dbcProperties;

/**
 * The PostgreSQL and CQL schemas brought up to date ({@link Mode#ON_START}, {@link Mode#ONLY}) or only checked
 * ({@link Mode#SKIP}: a start on a schema behind this build stops with a message saying what to run).
 */
public final class SchemaMigrations {

    private static final String RUN_THEM = "run the migrations first (decidr.migrations.mode=only: the Helm chart's "
            + "migration job), or start with decidr.migrations.mode=on-start";

    private SchemaMigrations() {
    }

    /** The JDBC url of the r2dbc one (migrations run over JDBC). */
    static String jdbcUrl(R2dbcProperties r2dbc) {
        return r2dbc.getUrl().replaceFirst("^r2dbc:(pool:)?postgres(ql)?:", "jdbc:postgresql:");
    }

    /** The event store's tables. */
    public static void eventStore(R2dbcProperties r2dbc, Mode mode) {
        String url = jdbcUrl(r2dbc);
        if (mode != Mode.SKIP) {
            EventStoreMigrations.migrate(url, r2dbc.getUsername(), r2dbc.getPassword());
            return;
        }
        List<String> pending = EventStoreMigrations.pending(url, r2dbc.getUsername(), r2dbc.getPassword());
        if (!pending.isEmpty()) {
            throw new IllegalStateException("the event store's schema lacks migrations " + pending + " of this build: "
                    + RUN_THEM);
        }
    }

    /** The keyspace, created when missing unless checking only. */
    public static void keyspace(CassandraProperties properties, CassandraConnection connection, Mode mode) {
        try (CqlSession admin = CassandraSessions.openWithoutKeyspace(connection)) {
            if (mode == Mode.SKIP) {
                if (admin.getMetadata().getKeyspace(properties.keyspaceName()).isEmpty()) {
                    throw new MigrationException(MigrationException.Code.SCHEMA_BEHIND, "keyspace "
                            + properties.keyspaceName() + " does not exist: " + RUN_THEM);
                }
                return;
            }
            KeyspaceReplication replication = properties.replication() == null || properties.replication().isEmpty()
                    ? KeyspaceReplication.simple(1)
                    : KeyspaceReplication.networkTopology(properties.replication());
            CqlMigrations.createKeyspaceIfMissing(admin, properties.keyspaceName(), replication);
        }
    }

    /** The read models' tables, in the keyspace the session is bound to. */
    public static void readModels(CqlSession session, Mode mode) {
        CqlMigrations migrations = CqlMigrations.fromClasspath(session);
        if (mode != Mode.SKIP) {
            migrations.migrate();
            return;
        }
        List<CqlMigration> pending = migrations.pending();
        if (!pending.isEmpty()) {
            throw new MigrationException(MigrationException.Code.SCHEMA_BEHIND, "keyspace "
                    + session.getKeyspace().map(Object::toString).orElse("?") + " lacks migrations "
                    + pending.stream().map(CqlMigration::fileName).toList() + " of this build: " + RUN_THEM);
        }
    }
}
