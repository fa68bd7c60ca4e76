package io.decidr.eventstore;

import java.util.Arrays;
import java.util.List;
import org.flywaydb.core.Flyway;

/** Applies the event store's schema migrations (Flyway over JDBC; used at start-up only). */
public final class EventStoreMigrations {

    public static final String LOCATION = "classpath:db/migration/eventstore";

    private EventStoreMigrations() {
    }

    /** Migrates the database at the JDBC url to the latest schema; a no-op when it is current. */
    public static void migrate(String jdbcUrl, String user, String password) {
        flyway(jdbcUrl, user, password).migrate();
    }

    /**
     * The versions of this build's migrations not applied to the database yet, changing nothing (every one on an empty
     * database): for a process that must not migrate but may run only on a current schema.
     */
    public static List<String> pending(String jdbcUrl, String user, String password) {
        return Arrays.stream(flyway(jdbcUrl, user, password).info().pending())
                .map(migration -> "V" + migration.getVersion())
                .toList();
    }

    private static Flyway flyway(String jdbcUrl, String user, String password) {
        return Flyway.configure()
                .dataSource(jdbcUrl, user, password)
                .locations(LOCATION)
                .table("eventstore_schema_history")
                .baselineOnMigrate(true)
                .load();
    }
}
