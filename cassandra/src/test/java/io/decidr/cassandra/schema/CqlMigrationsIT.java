package io.decidr.cassandra.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.decidr.cassandra.testing.TestCassandra;
import io.decidr.cassandra.testing.TestKeyspace;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CqlMigrationsIT {

    private static final CqlMigration TABLE_A = CqlMigration.parse("V1__a.cql",
            "CREATE TABLE IF NOT EXISTS a (id int PRIMARY KEY);\n");
    private static final CqlMigration TABLE_B = CqlMigration.parse("V2__b.cql",
            "CREATE TABLE IF NOT EXISTS b (id int PRIMARY KEY);\n");

    @Test
    void appliesTheApplicationsMigrationsOnceAndARerunIsANoOp() {
        inNewKeyspace(session -> {
            List<CqlMigration> files = ClasspathMigrations.load();

            assertThat(CqlMigrations.fromClasspath(session).migrate()).isEqualTo(files);
            Map<Integer, Row> recorded = history(session);
            assertThat(recorded.keySet()).containsExactlyInAnyOrderElementsOf(
                    files.stream().map(CqlMigration::version).toList());
            files.forEach(file -> {
                assertThat(recorded.get(file.version()).getString("checksum")).isEqualTo(file.checksum());
                assertThat(recorded.get(file.version()).getString("description")).isEqualTo(file.description());
            });
            session.execute("INSERT INTO projector_checkpoints (projector, tx, position) VALUES ('p', 1, 2)");

            assertThat(CqlMigrations.fromClasspath(session).migrate()).isEmpty();
            assertThat(appliedAt(history(session))).isEqualTo(appliedAt(recorded));
            assertThat(session.execute("SELECT position FROM projector_checkpoints WHERE projector = 'p'").one()
                    .getLong("position")).isEqualTo(2);
        });
    }

    @Test
    void appliesNewVersionsOnlyAndInVersionOrder() {
        inNewKeyspace(session -> {
            assertThat(new CqlMigrations(session, List.of(TABLE_A)).migrate()).containsExactly(TABLE_A);
            CqlMigration tableC = CqlMigration.parse("V3__c.cql", "CREATE TABLE IF NOT EXISTS c (id int PRIMARY KEY);");

            assertThat(new CqlMigrations(session, List.of(tableC, TABLE_A, TABLE_B)).migrate())
                    .containsExactly(TABLE_B, tableC);
            assertThat(history(session).keySet()).containsExactlyInAnyOrder(1, 2, 3);
            session.execute("SELECT id FROM c");
        });
    }

    @Test
    void aTamperedChecksumFailsTheStartBeforeAnythingRuns() {
        inNewKeyspace(session -> {
            new CqlMigrations(session, List.of(TABLE_A)).migrate();
            session.execute("UPDATE schema_migrations SET checksum = 'tampered' WHERE version = 1");

            assertThatThrownBy(() -> new CqlMigrations(session, List.of(TABLE_A, TABLE_B)).migrate())
                    .isInstanceOfSatisfying(MigrationException.class,
                            e -> assertThat(e.code()).isEqualTo(MigrationException.Code.CHECKSUM_MISMATCH))
                    .hasMessageContaining("V1__a.cql was changed after it was applied to keyspace")
                    .hasMessageContaining("checksum then tampered, now " + TABLE_A.checksum());
            assertThat(history(session).keySet()).containsExactly(1);
        });
    }

    @Test
    void anEditedFileOfAnAppliedVersionFailsTheStart() {
        inNewKeyspace(session -> {
            new CqlMigrations(session, List.of(TABLE_A)).migrate();
            CqlMigration edited = CqlMigration.parse("V1__a.cql",
                    "CREATE TABLE IF NOT EXISTS a (id int PRIMARY KEY, label text);\n");

            assertThatThrownBy(() -> new CqlMigrations(session, List.of(edited)).migrate())
                    .isInstanceOfSatisfying(MigrationException.class,
                            e -> assertThat(e.code()).isEqualTo(MigrationException.Code.CHECKSUM_MISMATCH));
        });
    }

    @Test
    void aFileThatFailedHalfWayIsNotRecordedAndRunsAgainFromTheTop() {
        inNewKeyspace(session -> {
            CqlMigration broken = CqlMigration.parse("V1__a.cql", """
                    CREATE TABLE IF NOT EXISTS a (id int PRIMARY KEY);
                    INSERT INTO no_such_table (id) VALUES (1);
                    """);

            assertThatThrownBy(() -> new CqlMigrations(session, List.of(broken)).migrate())
                    .isInstanceOfSatisfying(MigrationException.class,
                            e -> assertThat(e.code()).isEqualTo(MigrationException.Code.EXECUTION_FAILED))
                    .hasMessageContaining("V1__a.cql, statement 2 of 2 failed");
            assertThat(history(session)).isEmpty();

            CqlMigration fixed = CqlMigration.parse("V1__a.cql", """
                    CREATE TABLE IF NOT EXISTS a (id int PRIMARY KEY);
                    INSERT INTO a (id) VALUES (1);
                    """);
            assertThat(new CqlMigrations(session, List.of(fixed)).migrate()).containsExactly(fixed);
            assertThat(history(session).get(1).getString("checksum")).isEqualTo(fixed.checksum());
        });
    }

    @Test
    void needsASessionBoundToAKeyspace() {
        assertThatThrownBy(() -> new CqlMigrations(TestCassandra.sharedSession(), List.of(TABLE_A)).migrate())
                .isInstanceOfSatisfying(MigrationException.class,
                        e -> assertThat(e.code()).isEqualTo(MigrationException.Code.BAD_KEYSPACE));
    }

    @Test
    void createsAMissingKeyspaceWithTheGivenReplicationAndLeavesAnExistingOneAlone() {
        CqlSession session = TestCassandra.sharedSession();
        String name = "created_" + Long.toHexString(System.nanoTime());

        CqlMigrations.createKeyspaceIfMissing(session, name,
                KeyspaceReplication.networkTopology(Map.of("datacenter1", 1)));
        CqlMigrations.createKeyspaceIfMissing(session, name, KeyspaceReplication.simple(3));

        Map<String, String> replication = session.execute(
                "SELECT replication FROM system_schema.keyspaces WHERE keyspace_name = ?", name)
                .one().getMap("replication", String.class, String.class);
        assertThat(replication).containsEntry("class", "org.apache.cassandra.locator.NetworkTopologyStrategy")
                .containsEntry("datacenter1", "1");
        assertThatThrownBy(() -> CqlMigrations.createKeyspaceIfMissing(session, "x; DROP KEYSPACE " + name,
                KeyspaceReplication.simple(1)))
                .isInstanceOfSatisfying(MigrationException.class,
                        e -> assertThat(e.code()).isEqualTo(MigrationException.Code.BAD_KEYSPACE));
    }

    private static void inNewKeyspace(Consumer<CqlSession> test) {
        TestKeyspace keyspace = TestCassandra.newKeyspace();
        try (CqlSession session = keyspace.openSession()) {
            test.accept(session);
        }
    }

    private static Map<Integer, Row> history(CqlSession session) {
        return session.execute("SELECT version, description, checksum, applied_at FROM schema_migrations").all()
                .stream().collect(Collectors.toMap(row -> row.getInt("version"), row -> row));
    }

    private static Map<Integer, Instant> appliedAt(Map<Integer, Row> history) {
        return history.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().getInstant("applied_at")));
    }
}
