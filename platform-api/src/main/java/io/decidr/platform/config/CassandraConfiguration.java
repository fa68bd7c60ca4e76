package io.decidr.platform.config;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import io.decidr.cassandra.readmodel.ReadModelQueries;
import io.decidr.cassandra.schema.CqlMigrations;
import io.decidr.cassandra.schema.KeyspaceReplication;
import io.decidr.cassandra.session.CassandraConnection;
import io.decidr.cassandra.session.CassandraSessions;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Cassandra session named by {@code spring.cassandra.*}: creates the keyspace when missing, applies the
 * CQL migrations, then opens the session every read model uses.
 */
@Configuration(proxyBeanMethods = false)
public class CassandraConfiguration {

    @Bean(destroyMethod = "close")
    CqlSession cqlSession(CassandraProperties properties) {
        CassandraConnection connection = CassandraConnection
                .of(String.join(",", properties.contactPoints()), properties.localDatacenter(), properties.keyspaceName())
                .withConsistency(DefaultConsistencyLevel.valueOf(properties.request().consistency()))
                .withRequestTimeout(properties.request().timeout());
        try (CqlSession admin = CassandraSessions.openWithoutKeyspace(connection)) {
            KeyspaceReplication replication = properties.replication() == null || properties.replication().isEmpty()
                    ? KeyspaceReplication.simple(1)
                    : KeyspaceReplication.networkTopology(properties.replication());
            CqlMigrations.createKeyspaceIfMissing(admin, properties.keyspaceName(), replication);
        }
        CqlSession session = CassandraSessions.open(connection);
        CqlMigrations.fromClasspath(session).migrate();
        return session;
    }

    @Bean
    ReadModelQueries readModelQueries(CqlSession session) {
        return new ReadModelQueries(session);
    }
}
