package io.decidr.eventstore;

import org.flywaydb.core.Flyway;

/** Applies the event store's schema migrations (Flyway over JDBC; used at start-up only). */
public final class EventStoreMigrations {

    public static final String LOCATION = "classpath:db/migration/eventstore";

    private EventStoreMigrations() {
    }

    /** Migrates the database at the JDBC url to the latest schema; a no-op when it is current. */
    public static void migrate(String jdbcUrl, String user, String password) {
        Flyway.configure()
                .dataSource(jdbcUrl, user, password)
                .locations(LOCATION)
                .table("eventstore_schema_history")
                .baselineOnMigrate(true)
                .load()
                .migrate();
    }
}
