package io.decidr.platform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.CqlSession;
import io.decidr.cassandra.schema.MigrationException;
import io.decidr.cassandra.session.CassandraConnection;
import io.decidr.cassandra.session.CassandraSessions;
import io.decidr.cassandra.testing.TestCassandra;
import io.decidr.devservices.cassandra.EmbeddedCassandra;
import io.decidr.eventstore.testing.TestPostgres;
import io.decidr.platform.config.MigrationsProperties.Mode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.r2dbc.R2dbcProperties;

/**
 * Replicas that must not race on DDL ({@code decidr.migrations.mode=skip}) refuse a schema behind their build, and the
 * release's migration job ({@code only}) brings PostgreSQL and Cassandra up to date and exits, on the real servers.
 */
class SchemaMigrationsIT {

    private final TestPostgres.Database database = TestPostgres.newEmptyDatabase();
    private final EmbeddedCassandra cassandra = TestCassandra.server();
    private final String keyspace = "migrations_" + ProcessHandle.current().pid() + "_"
            + ThreadLocalRandom.current().nextInt(1_000_000);

    @Test
    void a_replica_told_to_skip_refuses_a_schema_behind_and_the_migration_job_brings_both_up_to_date() {
        assertThatThrownBy(() -> SchemaMigrations.eventStore(r2dbc(), Mode.SKIP))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("lacks migrations [V1")
                .hasMessageContaining("decidr.migrations.mode=only");
        assertThatThrownBy(() -> SchemaMigrations.keyspace(cassandraProperties(), connection(), Mode.SKIP))
                .isInstanceOfSatisfying(MigrationException.class,
                        e -> assertThat(e.code()).isEqualTo(MigrationException.Code.SCHEMA_BEHIND))
                .hasMessageContaining("keyspace " + keyspace + " does not exist");

        String[] job = arguments("--decidr.migrations.mode=only");
        assertThat(MigrateOnly.requested(job)).isTrue();
        assertThat(MigrateOnly.requested(arguments("--decidr.migrations.mode=skip"))).isFalse();
        assertThat(MigrateOnly.run(job)).isZero();

        assertThatCode(() -> SchemaMigrations.eventStore(r2dbc(), Mode.SKIP)).doesNotThrowAnyException();
        assertThatCode(() -> SchemaMigrations.keyspace(cassandraProperties(), connection(), Mode.SKIP))
                .doesNotThrowAnyException();
        try (CqlSession session = CassandraSessions.open(connection())) {
            assertThatCode(() -> SchemaMigrations.readModels(session, Mode.SKIP)).doesNotThrowAnyException();
            assertThat(session.getMetadata().getKeyspace(keyspace).orElseThrow().getTable("schema_migrations"))
                    .isPresent();
        }
        // a second release with nothing new: the job applies nothing and succeeds again
        assertThat(MigrateOnly.run(job)).isZero();
    }

    @Test
    void a_keyspace_without_the_read_models_tables_is_behind_too() {
        SchemaMigrations.keyspace(cassandraProperties(), connection(), Mode.ON_START);
        try (CqlSession session = CassandraSessions.open(connection())) {
            assertThatThrownBy(() -> SchemaMigrations.readModels(session, Mode.SKIP))
                    .isInstanceOfSatisfying(MigrationException.class,
                            e -> assertThat(e.code()).isEqualTo(MigrationException.Code.SCHEMA_BEHIND))
                    .hasMessageContaining("lacks migrations [V1__");
        }
    }

    private String[] arguments(String mode) {
        return new String[] {mode,
                "--spring.r2dbc.url=r2dbc:postgresql://" + database.host() + ":" + database.port() + "/" + database.name(),
                "--spring.r2dbc.username=" + TestPostgres.Database.USER,
                "--spring.r2dbc.password=" + TestPostgres.Database.PASSWORD,
                "--spring.cassandra.contact-points=" + cassandra.host() + ":" + cassandra.nativePort(),
                "--spring.cassandra.local-datacenter=" + cassandra.localDatacenter(),
                "--spring.cassandra.keyspace-name=" + keyspace};
    }

    private R2dbcProperties r2dbc() {
        R2dbcProperties properties = new R2dbcProperties();
        properties.setUrl("r2dbc:postgresql://" + database.host() + ":" + database.port() + "/" + database.name());
        properties.setUsername(TestPostgres.Database.USER);
        properties.setPassword(TestPostgres.Database.PASSWORD);
        return properties;
    }

    private CassandraProperties cassandraProperties() {
        return new CassandraProperties(List.of(cassandra.host() + ":" + cassandra.nativePort()),
                cassandra.localDatacenter(), keyspace, Map.of(),
                new CassandraProperties.Request("LOCAL_QUORUM", Duration.ofSeconds(10)), null, null);
    }

    private CassandraConnection connection() {
        return CassandraConfiguration.connection(cassandraProperties());
    }
}
