package io.decidr.cassandra.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.config.DriverExecutionProfile;
import io.decidr.cassandra.schema.CqlMigrations;
import io.decidr.cassandra.schema.KeyspaceReplication;
import io.decidr.cassandra.testing.TestCassandra;
import io.decidr.devservices.cassandra.EmbeddedCassandra;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CassandraSessionsIT {

    @Test
    void startsUpLikeTheApplicationCreatingTheKeyspaceThenBindingASessionToIt() {
        EmbeddedCassandra server = TestCassandra.server();
        InetSocketAddress node = server.contactPoint();
        CassandraConnection connection = CassandraConnection.of(node.getHostString() + ":" + node.getPort(),
                        server.localDatacenter(), "sessions_" + Long.toHexString(System.nanoTime()))
                .withRequestTimeout(Duration.ofSeconds(20))
                .withSchemaMetadata(false);

        try (CqlSession admin = CassandraSessions.openWithoutKeyspace(connection)) {
            assertThat(admin.getKeyspace()).isEmpty();
            CqlMigrations.createKeyspaceIfMissing(admin, connection.keyspace(), KeyspaceReplication.simple(1));
        }
        try (CqlSession session = CassandraSessions.open(connection)) {
            assertThat(session.getKeyspace()).contains(CqlIdentifier.fromCql(connection.keyspace()));
            DriverExecutionProfile config = session.getContext().getConfig().getDefaultProfile();
            assertThat(config.getString(DefaultDriverOption.REQUEST_CONSISTENCY))
                    .isEqualTo(DefaultConsistencyLevel.LOCAL_QUORUM.name());
            assertThat(config.getString(DefaultDriverOption.REQUEST_SERIAL_CONSISTENCY)).isEqualTo("LOCAL_SERIAL");
            assertThat(config.getDuration(DefaultDriverOption.REQUEST_TIMEOUT)).isEqualTo(Duration.ofSeconds(20));

            session.execute("CREATE TABLE IF NOT EXISTS items (id int PRIMARY KEY)");
            session.execute("INSERT INTO items (id) VALUES (7)");
            assertThat(session.execute("SELECT id FROM items").one().getInt("id")).isEqualTo(7);
            assertThat(session.getMetadata().getKeyspaces()).isEmpty();
            assertThat(session.getMetadata().getTokenMap()).isEmpty();
        }
    }

    @Test
    void keepsSchemaMetadataAndTheTokenMapWhenAskedTo() {
        EmbeddedCassandra server = TestCassandra.server();
        String keyspace = TestCassandra.newKeyspace().name();
        CassandraConnection connection = new CassandraConnection(List.of(server.contactPoint()),
                server.localDatacenter(), keyspace, DefaultConsistencyLevel.LOCAL_ONE, Duration.ofSeconds(20), true, null);

        // what open(connection) builds, but closing promptly: the driver's default 2 s shutdown quiet period would
        // be most of this test's time
        DriverConfigLoader config = CassandraSessions.config(connection)
                .withInt(DefaultDriverOption.NETTY_IO_SHUTDOWN_QUIET_PERIOD, 0)
                .withInt(DefaultDriverOption.NETTY_ADMIN_SHUTDOWN_QUIET_PERIOD, 0)
                .build();
        try (CqlSession session = CassandraSessions.builder(connection, config).withKeyspace(keyspace).build()) {
            assertThat(session.getMetadata().getKeyspace(keyspace)).isPresent();
            assertThat(session.getMetadata().getTokenMap()).isPresent();
            assertThat(session.getContext().getConfig().getDefaultProfile()
                    .getString(DefaultDriverOption.REQUEST_CONSISTENCY)).isEqualTo("LOCAL_ONE");
        }
    }
}
