package io.decidr.platform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.CqlSession;
import io.decidr.cassandra.session.CassandraSessions;
import io.decidr.devservices.cassandra.CassandraSettings;
import io.decidr.devservices.cassandra.EmbeddedCassandra;
import io.decidr.platform.config.MigrationsProperties.Mode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A Cassandra cluster that asks for a login (PasswordAuthenticator, as production clusters do): the app logs in with
 * {@code spring.cassandra.username} and {@code .password} (the chart's secret), creates and migrates its keyspace that
 * way, and without them, or with a wrong password, it does not get in. A node of its own, on the real server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CassandraLoginIT {

    private EmbeddedCassandra node;

    @BeforeAll
    void start() {
        node = new EmbeddedCassandra(CassandraSettings.ephemeral().withPasswordAuthentication(true)).start();
    }

    @AfterAll
    void stop() {
        if (node != null) {
            node.stop();
        }
    }

    @Test
    void the_app_logs_in_to_create_and_migrate_its_keyspace() {
        CassandraProperties login = properties(CassandraSettings.SUPERUSER, CassandraSettings.SUPERUSER_PASSWORD);
        SchemaMigrations.keyspace(login, CassandraConfiguration.connection(login), Mode.ON_START);
        try (CqlSession session = CassandraSessions.open(CassandraConfiguration.connection(login))) {
            SchemaMigrations.readModels(session, Mode.ON_START);
            assertThat(session.getMetadata().getKeyspace("login_test").orElseThrow().getTable("schema_migrations"))
                    .isPresent();
            assertThat(session.execute("SELECT role FROM system_auth.roles WHERE role = 'cassandra'").one())
                    .as("logged in as the superuser").isNotNull();
        }
    }

    @Test
    void without_a_login_or_with_a_wrong_password_the_app_does_not_get_in() {
        CassandraProperties none = properties(null, null);
        assertThatThrownBy(() -> SchemaMigrations.keyspace(none, CassandraConfiguration.connection(none), Mode.ON_START))
                .hasMessageContaining("uthenticat");
        CassandraProperties wrong = properties(CassandraSettings.SUPERUSER, "not-the-password");
        assertThatThrownBy(() -> SchemaMigrations.keyspace(wrong, CassandraConfiguration.connection(wrong), Mode.ON_START))
                .hasMessageContaining("uthenticat");
        assertThat(CassandraConfiguration.connection(wrong).credentials().toString()).doesNotContain("not-the-password");
    }

    private CassandraProperties properties(String username, String password) {
        return new CassandraProperties(List.of(node.host() + ":" + node.nativePort()), node.localDatacenter(),
                "login_test", Map.of(), new CassandraProperties.Request("LOCAL_QUORUM", Duration.ofSeconds(10)),
                username, password);
    }
}
