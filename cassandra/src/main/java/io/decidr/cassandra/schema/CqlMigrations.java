package io.decidr.cassandra.schema;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a keyspace's schema up to date at start-up: applies the migrations not applied yet, in version order, and
 * records each in the keyspace's {@code schema_migrations} table once all its statements ran.
 *
 * <pre>{@code
 * try (CqlSession admin = CassandraSessions.openWithoutKeyspace(connection)) {
 *     CqlMigrations.createKeyspaceIfMissing(admin, connection.keyspace(), KeyspaceReplication.simple(1));
 * }
 * CqlSession session = CassandraSessions.open(connection);
 * CqlMigrations.fromClasspath(session).migrate();
 * }</pre>
 *
 * <p>Safe to run on every start: applied versions are skipped, and a crash half way through a file leaves its version
 * unrecorded, so the next start runs the file again from the top (its statements say {@code IF NOT EXISTS}). An
 * applied file whose text changed fails the start: add a new version instead of editing an old one.
 *
 * <p>Blocking, by design: it runs once before the application serves anything, on the thread that starts it, never
 * on an event loop. Start it from one instance at a time (concurrent DDL on different nodes can disagree on schema).
 */
public final class CqlMigrations {

    /** DDL waits for every node to agree on the schema; on a busy node that takes far longer than a query. */
    public static final Duration DEFAULT_DDL_TIMEOUT = Duration.ofMinutes(1);

    private static final Logger LOG = LoggerFactory.getLogger(CqlMigrations.class);
    private static final Pattern KEYSPACE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,47}");
    private static final String CREATE_HISTORY_TABLE = """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version     int PRIMARY KEY,
                description text,
                checksum    text,
                applied_at  timestamp
            ) WITH comment = 'the applied CQL migrations of this keyspace, all rows read at start-up'""";

    private final CqlSession session;
    private final List<CqlMigration> migrations;
    private final Duration ddlTimeout;

    /**
     * @param session    bound to the keyspace to migrate
     * @param migrations the migrations, in any order
     * @param ddlTimeout how long one schema statement may take
     */
    public CqlMigrations(CqlSession session, List<CqlMigration> migrations, Duration ddlTimeout) {
        this.session = Objects.requireNonNull(session, "session");
        this.migrations = ClasspathMigrations.inVersionOrder(migrations);
        this.ddlTimeout = Objects.requireNonNull(ddlTimeout, "ddlTimeout");
    }

    public CqlMigrations(CqlSession session, List<CqlMigration> migrations) {
        this(session, migrations, DEFAULT_DDL_TIMEOUT);
    }

    /** The migrations of the classpath folder {@code cql/} ({@link ClasspathMigrations#load()}). */
    public static CqlMigrations fromClasspath(CqlSession session) {
        return new CqlMigrations(session, ClasspathMigrations.load());
    }

    /**
     * Creates the keyspace unless it exists. An existing keyspace is left as it is, its replication included:
     * changing replication is an operator's decision (followed by a repair), not a side effect of a start.
     *
     * @param session any session; it need not be bound to a keyspace
     */
    public static void createKeyspaceIfMissing(CqlSession session, String keyspace, KeyspaceReplication replication) {
        if (!KEYSPACE_NAME.matcher(keyspace).matches()) {
            throw new MigrationException(MigrationException.Code.BAD_KEYSPACE, "'" + keyspace
                    + "' is not a keyspace name we create: a letter, then up to 47 letters, digits or underscores");
        }
        String cql = "CREATE KEYSPACE IF NOT EXISTS " + keyspace + " WITH replication = " + replication.toCql();
        try {
            session.execute(SimpleStatement.newInstance(cql).setIdempotent(true).setTimeout(DEFAULT_DDL_TIMEOUT));
        } catch (DriverException e) {
            throw new MigrationException(MigrationException.Code.EXECUTION_FAILED,
                    "could not create keyspace " + keyspace + ": " + e.getMessage(), e);
        }
    }

    /**
     * Applies the migrations that are not applied yet.
     *
     * @return the migrations applied now, in order; empty when the schema was up to date
     * @throws MigrationException if an applied migration's file changed (before anything runs), or a statement fails
     *                            (the migrations before it stay applied)
     */
    public List<CqlMigration> migrate() {
        CqlIdentifier keyspace = keyspace();
        ddl(CREATE_HISTORY_TABLE, "creating the schema_migrations table");
        List<CqlMigration> pending = checkedPending(keyspace);
        for (CqlMigration migration : pending) {
            apply(migration, keyspace);
        }
        if (pending.isEmpty()) {
            LOG.info("keyspace {} is up to date at V{}", keyspace.asCql(true),
                    migrations.isEmpty() ? 0 : migrations.getLast().version());
        }
        return List.copyOf(pending);
    }

    /**
     * The migrations not applied yet, changing nothing (all of them when the keyspace has no history yet): for a
     * process that must not migrate but may run only on a current schema.
     *
     * @throws MigrationException if an applied migration's file changed
     */
    public List<CqlMigration> pending() {
        CqlIdentifier keyspace = keyspace();
        boolean hasHistory = session.refreshSchema().getKeyspace(keyspace)
                .flatMap(metadata -> metadata.getTable("schema_migrations")).isPresent();
        return hasHistory ? checkedPending(keyspace) : List.copyOf(migrations);
    }

    private CqlIdentifier keyspace() {
        return session.getKeyspace().orElseThrow(() -> new MigrationException(MigrationException.Code.BAD_KEYSPACE,
                "CqlMigrations needs a session bound to the keyspace to migrate"));
    }

    /** The migrations the history table does not list, once every one it lists is checked unchanged. */
    private List<CqlMigration> checkedPending(CqlIdentifier keyspace) {
        Map<Integer, Row> applied = applied();
        List<CqlMigration> pending = new ArrayList<>();
        for (CqlMigration migration : migrations) {
            Row row = applied.remove(migration.version());
            if (row == null) {
                pending.add(migration);
            } else {
                requireUnchanged(migration, row, keyspace);
            }
        }
        applied.keySet().forEach(version -> LOG.warn("keyspace {} has migration V{} applied, which this build does not"
                + " know: a newer build migrated it", keyspace.asCql(true), version));
        return pending;
    }

    private Map<Integer, Row> applied() {
        Map<Integer, Row> byVersion = new HashMap<>();
        // a handful of rows: reading them all is the query this table serves
        for (Row row : execute(SimpleStatement.newInstance(
                "SELECT version, description, checksum, applied_at FROM schema_migrations")
                .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM), "reading schema_migrations")) {
            byVersion.put(row.getInt("version"), row);
        }
        return byVersion;
    }

    private static void requireUnchanged(CqlMigration migration, Row row, CqlIdentifier keyspace) {
        String recorded = row.getString("checksum");
        if (!migration.checksum().equals(recorded)) {
            throw new MigrationException(MigrationException.Code.CHECKSUM_MISMATCH, migration.fileName()
                    + " was changed after it was applied to keyspace " + keyspace.asCql(true) + " on "
                    + row.getInstant("applied_at") + " (checksum then " + recorded + ", now " + migration.checksum()
                    + "). Applied migrations are never edited: restore the file and put the change in a new version.");
        }
    }

    private void apply(CqlMigration migration, CqlIdentifier keyspace) {
        long started = System.nanoTime();
        List<String> statements = migration.statements();
        for (int i = 0; i < statements.size(); i++) {
            ddl(statements.get(i), migration.fileName() + ", statement " + (i + 1) + " of " + statements.size());
        }
        execute(SimpleStatement.newInstance("INSERT INTO schema_migrations (version, description, checksum, applied_at)"
                                + " VALUES (?, ?, ?, toTimestamp(now()))",
                        migration.version(), migration.description(), migration.checksum())
                .setIdempotent(true)
                .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM), "recording " + migration.fileName());
        LOG.info("applied {} to keyspace {} ({} statements, {} ms)", migration.fileName(), keyspace.asCql(true),
                statements.size(), Duration.ofNanos(System.nanoTime() - started).toMillis());
    }

    private void ddl(String cql, String what) {
        // a CREATE says IF NOT EXISTS, so the driver may retry it after a timeout; any other statement that ran twice
        // fails loudly (e.g. "column already exists") rather than doing harm
        execute(SimpleStatement.newInstance(cql).setIdempotent(true).setTimeout(ddlTimeout), what);
    }

    private List<Row> execute(SimpleStatement statement, String what) {
        try {
            return session.execute(statement).all();
        } catch (DriverException e) {
            throw new MigrationException(MigrationException.Code.EXECUTION_FAILED,
                    what + " failed: " + e.getMessage(), e);
        }
    }
}
