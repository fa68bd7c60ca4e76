package io.decidr.cassandra.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CassandraConnectionTest {

    @Test
    void parsesContactPointsWithAndWithoutPorts() {
        assertThat(CassandraConnection.parseContactPoints("127.0.0.1:9142, 127.0.0.2 ,[::1]:9043,[::1],"))
                .containsExactly(new InetSocketAddress("127.0.0.1", 9142), new InetSocketAddress("127.0.0.2", 9042),
                        new InetSocketAddress("::1", 9043), new InetSocketAddress("::1", 9042));
    }

    @Test
    void rejectsContactPointsItCannotRead() {
        assertThatThrownBy(() -> CassandraConnection.parseContactPoints("host:port"))
                .hasMessage("contact point 'host:port': 'port' is not a port");
        assertThatThrownBy(() -> CassandraConnection.parseContactPoints("host:70000"))
                .hasMessageContaining("'70000' is not a port");
        assertThatThrownBy(() -> CassandraConnection.parseContactPoints("::1:9042"))
                .hasMessageContaining("write an IPv6 address as [address]:port");
        assertThatThrownBy(() -> CassandraConnection.parseContactPoints("[::1"))
                .hasMessageContaining("']' missing");
        assertThatThrownBy(() -> CassandraConnection.parseContactPoints(":9042"))
                .hasMessageContaining("the host of contact point ':9042' must not be blank");
        assertThatThrownBy(() -> CassandraConnection.parseContactPoints(" , "))
                .hasMessage("no contact point in ' , '");
    }

    @Test
    void defaultsToLocalQuorumAndSchemaMetadata() {
        CassandraConnection connection = CassandraConnection.of("127.0.0.1", "dc1", "decidr");

        assertThat(connection.consistency()).isEqualTo(DefaultConsistencyLevel.LOCAL_QUORUM);
        assertThat(connection.requestTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(connection.schemaMetadata()).isTrue();
        assertThat(connection.withSchemaMetadata(false).withConsistency(DefaultConsistencyLevel.ONE))
                .isEqualTo(new CassandraConnection(connection.contactPoints(), "dc1", "decidr",
                        DefaultConsistencyLevel.ONE, Duration.ofSeconds(5), false, null));
    }

    @Test
    void requiresADatacenterAKeyspaceAndAPositiveTimeout() {
        CassandraConnection connection = CassandraConnection.of("127.0.0.1", "dc1", "decidr");

        assertThatThrownBy(() -> CassandraConnection.of("127.0.0.1", " ", "decidr"))
                .hasMessage("the local datacenter must not be blank");
        assertThatThrownBy(() -> connection.withKeyspace(""))
                .hasMessage("the keyspace must not be blank");
        assertThatThrownBy(() -> connection.withRequestTimeout(Duration.ZERO))
                .hasMessageContaining("the request timeout must be positive");
    }
}
